import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import cron from 'node-cron';
import { UserFacingError } from '../../src/core/errors.ts';
import { describeCron } from '../../src/scheduler/describe-schedule.ts';
import { firesBetween, nextFire, smallestGapMinutes } from '../../src/scheduler/fire-times.ts';
import { resolveSchedule } from '../../src/scheduler/resolve-schedule.ts';
import { parseSchedule } from '../../src/scheduler/schedule-parse.ts';
import { looksLikeTimezone, normaliseTimezone, splitTimezone } from '../../src/scheduler/timezones.ts';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('parseSchedule', () => {
  const cases: Array<[string, string]> = [
    ['daily at 08:00', '0 8 * * *'],
    ['Daily at 8am', '0 8 * * *'],
    ['every day at 17:45', '45 17 * * *'],
    ['at noon', '0 12 * * *'],
    ['daily', '0 8 * * *'],
    ['weekdays at 9:30', '30 9 * * 1-5'],
    ['every weekday at 9:30pm', '30 21 * * 1-5'],
    ['weekends at 10', '0 10 * * 0,6'],
    ['every 2 hours', '0 */2 * * *'],
    ['every 30 minutes', '*/30 * * * *'],
    ['hourly', '0 * * * *'],
    ['hourly at :15', '15 * * * *'],
    ['weekly on monday at 09:00', '0 9 * * 1'],
    ['weekly on mon and thu at 7:05', '5 7 * * 1,4'],
    ['every friday at 16:00', '0 16 * * 5'],
    ['mondays at 9', '0 9 * * 1'],
    ['monthly on the 1st at 09:00', '0 9 1 * *'],
    ['@daily', '0 0 * * *'],
    ['0 8 * * 1-5', '0 8 * * 1-5'],
    ['  0   8 *  * *  ', '0 8 * * *'],
    ['0 0 8 * * *', '0 8 * * *'],
    ['30 0 8 * * *', '30 0 8 * * *'],
    ['0 9 * * mon-fri', '0 9 * * mon-fri'],
  ];
  for (const [input, expected] of cases) {
    it(`"${input}" → ${expected}`, () => assert.equal(parseSchedule(input), expected));
  }

  const rejected: Array<[string, RegExp]> = [
    ['whenever you like', /couldn't read "whenever you like" as a schedule/],
    ['', /empty/],
    ['daily at 25:00', /"25:00" is not a valid time/],
    ['daily at 13pm', /with am\/pm the hour is 1–12/],
    ['every 7 hours', /must divide 24/],
    ['every 45 minutes', /must divide 60/],
    ['weekly on funday', /"funday" is not a day of the week/],
    ['61 8 * * *', /not a valid cron expression: the minute field "61" is not valid/],
    ['0 25 * * *', /the hour field "25" is not valid/],
    ['0 8 * * * * *', /couldn't read/],
    ['0 0 30 2 *', /never occurs/],
  ];
  for (const [input, message] of rejected) {
    it(`rejects "${input}" with an example of a valid schedule`, () => {
      assert.throws(() => parseSchedule(input), (error: unknown) => {
        assert.ok(error instanceof UserFacingError);
        assert.equal(error.code, 'invalid_schedule');
        assert.match(error.message, message);
        assert.match(error.message, /0 8 \* \* 1-5|daily at 08:00/);
        return true;
      });
    });
  }
});

describe('timezones', () => {
  it('accepts IANA names and fixes their case', () => {
    assert.equal(normaliseTimezone('Europe/Berlin'), 'Europe/Berlin');
    assert.equal(normaliseTimezone('america/new_york'), 'America/New_York');
    assert.equal(normaliseTimezone('UTC'), 'UTC');
  });
  it('rejects an unknown zone with a suggestion and examples', () => {
    assert.throws(() => normaliseTimezone('Europe/Berln'), (error: unknown) => {
      assert.ok(error instanceof UserFacingError);
      assert.equal(error.code, 'invalid_timezone');
      assert.match(error.message, /"Europe\/Berln" is not a timezone I know\. Did you mean "Europe\/Berlin"/);
      assert.match(error.message, /such as "Europe\/Berlin", "America\/New_York" or "UTC"/);
      return true;
    });
    assert.throws(() => normaliseTimezone('Mars/Olympus_Mons'), /not a timezone I know/);
  });
  it('splits a trailing timezone off what was typed', () => {
    assert.deepEqual(splitTimezone('daily at 08:00 Europe/Berlin'), { schedule: 'daily at 08:00', timezone: 'Europe/Berlin' });
    assert.deepEqual(splitTimezone('weekdays at 9:30 in America/New_York'), { schedule: 'weekdays at 9:30', timezone: 'America/New_York' });
    assert.deepEqual(splitTimezone('daily at 8 UTC'), { schedule: 'daily at 8', timezone: 'UTC' });
    assert.deepEqual(splitTimezone('daily at 8 pm'), { schedule: 'daily at 8 pm' });
    assert.deepEqual(splitTimezone('0 8 * * 1-5'), { schedule: '0 8 * * 1-5' });
    assert.equal(looksLikeTimezone('Europe/Berln'), true, 'a misspelt zone still splits off, then fails validation with a suggestion');
  });
});

describe('minimum interval', () => {
  it('computes the smallest gap between consecutive fires, across midnight too', () => {
    assert.equal(smallestGapMinutes('*/20 * * * *'), 20);
    assert.equal(smallestGapMinutes('0 8 * * 1-5'), 1440);
    assert.equal(smallestGapMinutes('0 23,1 * * *'), 120);
    assert.equal(smallestGapMinutes('0 9 * * 1,2'), 1440);
    assert.equal(smallestGapMinutes('0 9 * * 1'), 7 * 1440);
    assert.equal(smallestGapMinutes('*/30 * * * * *'), 0.5);
  });
  it('refuses schedules more frequent than the minimum, with examples', () => {
    for (const input of ['every 5 minutes', '*/10 * * * *', '*/30 * * * * *', '0,5 8 * * *']) {
      assert.throws(() => resolveSchedule(input, 'UTC', { minIntervalMinutes: 15 }), (error: unknown) => {
        assert.ok(error instanceof UserFacingError);
        assert.equal(error.code, 'schedule_too_frequent');
        assert.match(error.message, /digests may post at most every 15 minutes\. Try "every 2 hours"/);
        return true;
      });
    }
    assert.throws(() => resolveSchedule('hourly', 'UTC', { minIntervalMinutes: 120 }), /would post every hour; digests may post at most every 2 hours/);
    assert.deepEqual(resolveSchedule('every 15 minutes', 'UTC', { minIntervalMinutes: 15 }), { cron: '*/15 * * * *', timezone: 'UTC' });
  });
  it('validates the timezone as part of the schedule', () => {
    assert.throws(() => resolveSchedule('daily at 08:00', 'Nowhere/Land', { minIntervalMinutes: 15 }), /not a timezone I know/);
  });
});

describe('fire times in a timezone', () => {
  const berlin = 'Europe/Berlin';

  it('fires daily at 08:00 Berlin wall time across the spring-forward change (2026-03-29)', () => {
    const fires = firesBetween('0 8 * * *', berlin, new Date('2026-03-27T12:00Z'), new Date('2026-03-31T12:00Z'));
    // 08:00 CET = 07:00Z before the change, 08:00 CEST = 06:00Z from the change on.
    assert.deepEqual(iso(fires), ['2026-03-28T07:00:00.000Z', '2026-03-29T06:00:00.000Z', '2026-03-30T06:00:00.000Z', '2026-03-31T06:00:00.000Z']);
  });

  it('fires daily at 08:00 Berlin wall time across the fall-back change (2026-10-25)', () => {
    const fires = firesBetween('0 8 * * *', berlin, new Date('2026-10-23T12:00Z'), new Date('2026-10-27T12:00Z'));
    assert.deepEqual(iso(fires), ['2026-10-24T06:00:00.000Z', '2026-10-25T07:00:00.000Z', '2026-10-26T07:00:00.000Z', '2026-10-27T07:00:00.000Z']);
  });

  it('skips a wall time that does not exist and fires an ambiguous one once (as node-cron does)', () => {
    const spring = firesBetween('30 2 * * *', berlin, new Date('2026-03-28T00:00Z'), new Date('2026-03-30T12:00Z'));
    assert.deepEqual(iso(spring), ['2026-03-28T01:30:00.000Z', '2026-03-30T00:30:00.000Z'], '02:30 does not exist on 2026-03-29');
    const autumn = firesBetween('30 2 * * *', berlin, new Date('2026-10-24T12:00Z'), new Date('2026-10-26T12:00Z'));
    assert.deepEqual(iso(autumn), ['2026-10-25T01:30:00.000Z', '2026-10-26T01:30:00.000Z'], '02:30 happens twice on 2026-10-25: one fire');
  });

  it('weekdays only, in New York', () => {
    const fires = firesBetween('30 9 * * 1-5', 'America/New_York', new Date('2026-03-06T00:00Z'), new Date('2026-03-10T23:00Z'));
    // Fri 6 Mar (EST, −5), then Mon 9 and Tue 10 Mar (EDT, −4 after 8 Mar).
    assert.deepEqual(iso(fires), ['2026-03-06T14:30:00.000Z', '2026-03-09T13:30:00.000Z', '2026-03-10T13:30:00.000Z']);
  });

  it('nextFire is the first fire strictly after the instant', () => {
    assert.equal(nextFire('0 8 * * *', berlin, new Date('2026-03-29T06:00Z'))?.toISOString(), '2026-03-30T06:00:00.000Z');
    assert.equal(nextFire('0 8 * * *', berlin, new Date('2026-03-29T05:59:59Z'))?.toISOString(), '2026-03-29T06:00:00.000Z');
  });

  it('agrees with node-cron: every computed fire matches node-cron\'s own matcher, and every matching minute is a fire', () => {
    for (const [expression, zone] of [['0 8 * * *', berlin], ['*/15 * * * *', 'Asia/Kolkata'], ['0 */2 * * *', 'America/New_York'], ['15 9 * * 1-5', 'Australia/Sydney']]) {
      const task = cron.createTask(expression, () => {}, { timezone: zone });
      try {
        const from = new Date('2026-04-05T00:00Z'); // around Sydney's DST end; no change in the others
        const to = new Date('2026-04-08T00:00Z');
        const mine = new Set(iso(firesBetween(expression, zone, from, to)));
        assert.ok(mine.size > 0);
        for (const fire of mine) assert.ok(task.match(new Date(fire)), `${expression} ${zone} ${fire}`);
        for (let t = from.getTime() + 60_000; t <= to.getTime(); t += 60_000) {
          if (task.match(new Date(t))) assert.ok(mine.has(new Date(t).toISOString()), `node-cron matches ${new Date(t).toISOString()} for ${expression} ${zone}`);
        }
      } finally {
        task.destroy();
      }
    }
  });

  it('agrees with a scheduled node-cron task on the next run', () => {
    const task = cron.schedule('0 8 * * *', () => {}, { timezone: berlin });
    try {
      const before = nextFire('0 8 * * *', berlin, new Date())?.toISOString();
      const theirs = task.getNextRun()?.toISOString();
      const after = nextFire('0 8 * * *', berlin, new Date())?.toISOString();
      assert.ok(theirs === before || theirs === after, `${theirs} vs ${before}/${after}`);
    } finally {
      task.destroy();
    }
  });
});

describe('describeCron', () => {
  it('reads normalised schedules back in words', () => {
    assert.equal(describeCron('0 8 * * *'), 'daily at 08:00');
    assert.equal(describeCron('30 9 * * 1-5'), 'weekdays at 09:30');
    assert.equal(describeCron('0 9 * * 1,4'), 'weekly on Monday, Thursday at 09:00');
    assert.equal(describeCron('0 */2 * * *'), 'every 2 hours');
    assert.equal(describeCron('0 * * * *'), 'hourly');
    assert.equal(describeCron('5 4 * 6 *'), 'cron `5 4 * 6 *`');
  });
});
