// A subscription in words, computed where schedules are understood, so `/digest` only formats.
import type { Services } from '../../commands/command-types.ts';
import { describeCron, formatWallTime } from './describe-schedule.ts';
import type { Subscription, SubscriptionView } from './digest-types.ts';
import { nextFire } from './fire-times.ts';

export function viewSubscription(sub: Subscription, topics: Pick<Services['topics'], 'get'>, now: Date): SubscriptionView {
  const next = nextFire(sub.cron, sub.timezone, now);
  return {
    ...sub,
    topicTitle: topics.get(sub.topic)?.title ?? sub.topic,
    when: describeCron(sub.cron),
    next: next ? formatWallTime(next, sub.timezone) : 'never',
  };
}
