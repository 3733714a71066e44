// What people type ("daily at 08:00", "weekdays at 9:30", "every 2 hours", a cron expression)
// → one normalised cron expression, validated by node-cron, so equal schedules compare equal and
// a typo is answered with examples instead of a subscription that never fires.
import cron from 'node-cron';
import { UserFacingError } from '../core/errors.ts';
import { own } from '../core/own.ts';

export const SCHEDULE_EXAMPLES = '"daily at 08:00", "weekdays at 9:30", "every 2 hours", "weekly on monday at 09:00" or a cron expression such as "0 8 * * 1-5"';

const DAY_NAMES: Record<string, number> = {
  sunday: 0, sun: 0, monday: 1, mon: 1, tuesday: 2, tue: 2, tues: 2, wednesday: 3, wed: 3,
  thursday: 4, thu: 4, thur: 4, thurs: 4, friday: 5, fri: 5, saturday: 6, sat: 6,
};
const NICKNAMES: Record<string, string> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
};
/** When a schedule names a day but no time ("daily", "weekly on friday"). */
const DEFAULT_TIME = { hour: 8, minute: 0 };

function scheduleError(input: string, problem: string): UserFacingError {
  return new UserFacingError('invalid_schedule', `${problem} Try ${SCHEDULE_EXAMPLES}. (You typed "${input}".)`);
}

interface WallTime { hour: number; minute: number }

/** "08:00", "8:30", "8", "8am", "8:30 pm", "noon", "midnight". */
function parseTime(text: string, input: string): WallTime {
  const t = text.trim().replace(/\s+/g, '');
  if (t === 'noon' || t === 'midday') return { hour: 12, minute: 0 };
  if (t === 'midnight') return { hour: 0, minute: 0 };
  const m = /^(\d{1,2})(?:[:.h](\d{2}))?(am|pm|a\.m\.|p\.m\.)?$/.exec(t);
  if (!m) throw scheduleError(input, `I couldn't read "${text.trim()}" as a time of day (for example 08:00 or 8:30pm).`);
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  const meridiem = m[3]?.[0];
  if (meridiem) {
    if (hour < 1 || hour > 12) throw scheduleError(input, `"${text.trim()}" is not a valid time (with am/pm the hour is 1–12; for example 8:30pm).`);
    hour = (hour % 12) + (meridiem === 'p' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) throw scheduleError(input, `"${text.trim()}" is not a valid time (use 00:00–23:59, for example 08:00).`);
  return { hour, minute };
}

/** "monday", "mon and thu", "monday, wednesday and friday", "mondays". */
function parseDays(text: string, input: string): number[] {
  const words = text.split(/\s*(?:,|\band\b|&|\+)\s*|\s+/).map((w) => w.trim()).filter(Boolean);
  if (!words.length) throw scheduleError(input, 'Name the day, for example "weekly on monday at 09:00".');
  const days = new Set<number>();
  for (const word of words) {
    const day = own(DAY_NAMES, word) ?? own(DAY_NAMES, word.replace(/s$/, ''));
    if (day === undefined) throw scheduleError(input, `"${word}" is not a day of the week.`);
    days.add(day);
  }
  return [...days].sort((a, b) => a - b);
}

function splitAt(rest: string): { head: string; time: string | null } {
  const m = /^(.*?)(?:\s*\bat\s+|^at\s+)(.+)$/.exec(rest);
  return m ? { head: m[1].trim(), time: m[2].trim() } : { head: rest.trim(), time: null };
}

function timeOrDefault(time: string | null, input: string): WallTime {
  return time === null ? DEFAULT_TIME : parseTime(time, input);
}

/** Natural-language forms; null when the text is not one of them (it may be cron). */
function parseNatural(text: string, input: string): string | null {
  const at = (t: WallTime, dom: string, dow: string) => `${t.minute} ${t.hour} ${dom} * ${dow}`;
  let m: RegExpExecArray | null;

  const nickname = own(NICKNAMES, text);
  if (nickname) return nickname;
  if ((m = /^(?:hourly|every hour)(?:\s+at\s+:?(\d{1,2}))?$/.exec(text))) {
    const minute = m[1] === undefined ? 0 : Number(m[1]);
    if (minute > 59) throw scheduleError(input, `Minute ${minute} is not valid (0–59).`);
    return `${minute} * * * *`;
  }
  if ((m = /^every\s+(\d+)\s*(?:hours?|hrs?|h)$/.exec(text))) {
    const n = Number(m[1]);
    if (n === 1) return '0 * * * *';
    if (n < 1 || n > 24 || 24 % n !== 0) {
      throw scheduleError(input, `"every ${n} hours" cannot be a regular cron schedule: the number of hours must divide 24 (1, 2, 3, 4, 6, 8, 12).`);
    }
    return n === 24 ? '0 0 * * *' : `0 */${n} * * *`;
  }
  if ((m = /^every\s+(\d+)\s*(?:minutes?|mins?|m)$/.exec(text)) || /^every minute$/.test(text)) {
    const n = m ? Number(m[1]) : 1;
    if (n === 60) return '0 * * * *';
    if (n < 1 || n > 60 || 60 % n !== 0) {
      throw scheduleError(input, `"every ${n} minutes" cannot be a regular cron schedule: the number of minutes must divide 60 (15, 20, 30), or use hours.`);
    }
    return n === 1 ? '* * * * *' : `*/${n} * * * *`;
  }

  const { head, time } = splitAt(text);
  if (/^(?:daily|every\s*day|each day)?$/.test(head) && (head !== '' || time !== null)) {
    return at(timeOrDefault(time, input), '*', '*');
  }
  if (/^(?:(?:on\s+|every\s+)?weekdays?|every work\s*day|workdays|mon(?:day)?\s*-\s*fri(?:day)?)$/.test(head)) {
    return at(timeOrDefault(time, input), '*', '1-5');
  }
  if (/^(?:(?:on\s+|every\s+)?weekends?)$/.test(head)) return at(timeOrDefault(time, input), '*', '0,6');
  if ((m = /^weekly(?:\s+on\s+(.+))?$/.exec(head))) {
    const days = m[1] ? parseDays(m[1], input) : [1];
    return at(timeOrDefault(time, input), '*', days.join(','));
  }
  if ((m = /^(?:every|on|each)\s+(.+)$/.exec(head)) || (m = /^((?:mon|tue|wed|thu|fri|sat|sun)[a-z]*s?(?:\s*(?:,|and|&)\s*\S+)*)$/.exec(head))) {
    const days = parseDays(m[1], input);
    return at(timeOrDefault(time, input), '*', days.join(','));
  }
  if ((m = /^monthly(?:\s+on)?(?:\s+the)?(?:\s+(\d{1,2})(?:st|nd|rd|th)?)?$/.exec(head))) {
    const day = m[1] === undefined ? 1 : Number(m[1]);
    if (day < 1 || day > 28) {
      throw scheduleError(input, `Monthly digests can go out on day 1–28 (every month has those), not day ${day}.`);
    }
    return at(timeOrDefault(time, input), String(day), '*');
  }
  return null;
}

/** Validates a cron expression with node-cron and returns it with spacing (and a zero seconds field) normalised. */
function normaliseCron(text: string, input: string): string {
  const fields = text.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) {
    throw scheduleError(input, `I couldn't read "${input}" as a schedule.`);
  }
  const expression = fields.join(' ');
  const detail = cron.validateDetailed(expression);
  if (!detail.valid || !cron.validate(expression)) {
    const reasons = detail.errors.map((e) => {
      if (e.field === 'expression') return e.message;
      if (/impossible/.test(e.message)) return `day "${e.value ?? ''}" never occurs in the months it names`;
      return `the ${fieldLabel(e.field)} field "${e.value ?? ''}" is not valid`;
    });
    throw new UserFacingError(
      'invalid_schedule',
      `"${input}" is not a valid cron expression: ${reasons.join('; ') || 'node-cron rejected it'}. `
        + 'A cron expression is "minute hour day-of-month month day-of-week", for example "0 8 * * 1-5" (08:00 on weekdays) or "30 7 * * *" (07:30 every day).',
    );
  }
  // A zero seconds field adds nothing: drop it so equal schedules compare equal.
  return fields.length === 6 && /^0+$/.test(fields[0]) ? fields.slice(1).join(' ') : expression;
}

function fieldLabel(field: string): string {
  return ({ second: 'seconds', minute: 'minute', hour: 'hour', dayOfMonth: 'day-of-month', month: 'month', dayOfWeek: 'day-of-week' } as Record<string, string>)[field] ?? field;
}

/**
 * Parses a schedule as people write it and returns a normalised cron expression (5 fields, or 6
 * when seconds matter). Throws UserFacingError with examples when it cannot.
 */
export function parseSchedule(input: string): string {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ').replace(/[.!]+$/, '');
  if (!text) throw scheduleError(input, 'The schedule is empty.');
  const natural = parseNatural(text, input);
  if (natural !== null) return natural;
  if (/^[0-9*]/.test(text) || text.split(' ').length >= 5) return normaliseCron(input.trim(), input);
  throw scheduleError(input, `I couldn't read "${input.trim()}" as a schedule.`);
}
