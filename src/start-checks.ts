// What `briefbot start` refuses beyond the config schema: checks that need the loaded documents
// (a digest names a topic, and front matter can define topics). `check` runs the same function,
// so it never reports OK for a configuration that `start` then rejects.
import type { Config } from './config/schema.ts';
import type { TopicService } from './briefing/service-types.ts';
import type { Clock } from './core/clock.ts';
import type { Subscription } from './scheduler/digest-types.ts';
import { configSubscriptions } from './scheduler/config-sync.ts';

export interface StartChecksInput {
  config: Pick<Config, 'digests' | 'digest'>;
  topics: Pick<TopicService, 'get' | 'suggest'>;
  clock: Clock;
}

/** The config digests as subscriptions; throws ConfigError listing every problem. */
export function checkStartConfig(input: StartChecksInput): Subscription[] {
  return configSubscriptions(input.config.digests, {
    topics: input.topics,
    minIntervalMinutes: input.config.digest.minIntervalMinutes,
    now: input.clock.now(),
  });
}
