// The rules a subscription's schedule must pass, in one place for chat and config digests.
import { UserFacingError } from '../core/errors.ts';
import { smallestGapMinutes } from './fire-times.ts';
import { parseSchedule, SCHEDULE_EXAMPLES } from './schedule-parse.ts';
import { normaliseTimezone } from './timezones.ts';

export interface ResolvedSchedule {
  cron: string;
  timezone: string;
}

/**
 * Everything a subscription's schedule must pass: readable, valid cron, a known timezone, fires
 * at all, and not more often than `minIntervalMinutes`.
 */
export function resolveSchedule(input: string, timezone: string, options: { minIntervalMinutes: number }): ResolvedSchedule {
  const expression = parseSchedule(input);
  const zone = normaliseTimezone(timezone);
  const gap = smallestGapMinutes(expression);
  if (Number.isNaN(gap)) {
    throw new UserFacingError('invalid_schedule', `"${input}" never fires (no date matches it). Try ${SCHEDULE_EXAMPLES}.`);
  }
  if (gap < options.minIntervalMinutes) {
    throw new UserFacingError(
      'schedule_too_frequent',
      `"${input}" would post every ${formatMinutes(gap)}; digests may post at most every ${formatMinutes(options.minIntervalMinutes)}. `
        + 'Try "every 2 hours", "daily at 08:00" or "weekdays at 9:30".',
    );
  }
  return { cron: expression, timezone: zone };
}

function formatMinutes(minutes: number): string {
  if (minutes < 1) return `${Math.round(minutes * 60)} seconds`;
  if (minutes % 60 === 0 && minutes >= 60) return minutes === 60 ? 'hour' : `${minutes / 60} hours`;
  return minutes === 1 ? 'minute' : `${minutes} minutes`;
}
