// De-duplication at the edge: with several replicas on one shard (or a gateway replaying events)
// the same interaction or message reaches more than one process, and only the first to claim it
// answers. Claims fail open and stop waiting after a while: answering twice is better than never,
// and Discord's 3 s acknowledgement deadline does not wait for a slow store.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../core/logger.ts';
import { describeDiscordError } from './discord-errors.ts';

export type Claim = (key: string, what: string) => Promise<boolean>;

export function createClaim(options: { firstSeen?: (key: string) => Promise<boolean>; timeoutMs?: number; log: Logger }): Claim {
  const { firstSeen, log } = options;
  return async (key, what) => {
    if (!firstSeen) return true;
    const abort = new AbortController();
    try {
      return await Promise.race([
        firstSeen(key),
        sleep(options.timeoutMs ?? 1000, true, { signal: abort.signal }).then((v) => {
          log.warn({ key }, `discord: ${what} claim is slow; answering anyway`);
          return v;
        }),
      ]);
    } catch (error) {
      log.warn({ err: describeDiscordError(error), key }, `discord: could not claim the ${what}; answering anyway`);
      return true;
    } finally {
      abort.abort();
    }
  };
}
