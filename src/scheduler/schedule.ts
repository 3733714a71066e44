// Schedules: what people type ("daily at 08:00", "weekdays at 9:30", "every 2 hours", a cron
// expression) → one normalised cron expression, validated by node-cron, plus the fire times of
// that expression in an IANA timezone between any two instants.
//
// node-cron only computes fire times from the real "now", so catch-up and injected-clock tests
// need our own computation. It reads node-cron's own parse of the fields and resolves wall times
// exactly as node-cron 4 does (same local→UTC algorithm), so both agree on every fire, including
// across DST: a wall time that does not exist (02:30 on a spring-forward day) does not fire that
// day, and one that exists twice (fall-back) fires once.
import cron from 'node-cron';
import { UserFacingError } from '../core/errors.ts';
import { editDistance } from '../core/edit-distance.ts';
import { own } from '../core/own.ts';

const SCHEDULE_EXAMPLES = '"daily at 08:00", "weekdays at 9:30", "every 2 hours", "weekly on monday at 09:00" or a cron expression such as "0 8 * * 1-5"';

// ─── Parsing what people type ──────────────────────────────────────────────────────────────

const DAY_NAMES: Record<string, number> = {
  sunday: 0, sun: 0, monday: 1, mon: 1, tuesday: 2, tue: 2, tues: 2, wednesday: 3, wed: 3,
  thursday: 4, thu: 4, thur: 4, thurs: 4, friday: 5, fri: 5, saturday: 6, sat: 6,
};
const DAY_LABELS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
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

// ─── Timezones ─────────────────────────────────────────────────────────────────────────────

let zoneList: string[] | undefined;
function zones(): string[] {
  zoneList ??= Intl.supportedValuesOf('timeZone');
  return zoneList;
}

/** Canonical IANA name ("europe/berlin" → "Europe/Berlin"); UserFacingError (with a suggestion) when unknown. */
export function normaliseTimezone(input: string): string {
  const name = input.trim();
  try {
    if (!name) throw new RangeError('empty');
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    // Fix the case ("europe/berlin"), but keep what was typed when the runtime maps it to another
    // zone name ("EST" resolves to "America/Panama", which would only confuse).
    return resolved.toLowerCase() === name.toLowerCase() ? resolved : name;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const close = suggestTimezones(name);
    const hint = close.length ? ` Did you mean ${close.map((z) => `"${z}"`).join(' or ')}?` : '';
    throw new UserFacingError(
      'invalid_timezone',
      `"${name}" is not a timezone I know.${hint} Use an IANA name such as "Europe/Berlin", "America/New_York" or "UTC".`,
    );
  }
}

/** True when a word reads like a timezone (so `daily at 08:00 Europe/Berlin` splits off the zone). */
export function looksLikeTimezone(word: string): boolean {
  if (/^[A-Za-z][A-Za-z_-]*(?:\/[A-Za-z0-9_+-]+)+$/.test(word)) return true;
  if (/^(?:utc|gmt|z)$/i.test(word)) return true;
  // Abbreviations the runtime knows as zones (CET, EST, …): uppercase only, so "am"/"pm" stay times.
  if (/^[A-Z]{3,5}$/.test(word)) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: word });
      return true;
    } catch {
      return false;
    }
  }
  return false;
}

function suggestTimezones(input: string): string[] {
  const needle = input.toLowerCase().replace(/\s+/g, '_');
  const scored = zones().map((zone) => {
    const z = zone.toLowerCase();
    const city = z.split('/').pop() ?? z;
    return { zone, d: Math.min(editDistance(needle, z), editDistance(needle, city)) };
  });
  scored.sort((a, b) => a.d - b.d);
  const limit = Math.max(2, Math.floor(needle.length / 3));
  return scored.filter((s) => s.d <= limit).slice(0, 2).map((s) => s.zone);
}

// ─── The fields of a cron expression, as node-cron reads them ──────────────────────────────

interface CompiledCron {
  seconds: number[];
  /** Seconds since local midnight at which the expression fires on a matching day, ascending. */
  times: number[];
  months: Set<number>;
  daysOfMonth: Array<number | string>;
  daysOfWeek: Array<number | string>;
}

const compiled = new Map<string, CompiledCron>();

function compile(expression: string): CompiledCron {
  let c = compiled.get(expression);
  if (c) return c;
  const f = cron.parse(expression);
  const nums = (xs: Array<number | string>) => [...new Set(xs.map(Number))].sort((a, b) => a - b);
  const seconds = nums(f.second);
  const times: number[] = [];
  for (const h of nums(f.hour)) for (const m of nums(f.minute)) for (const s of seconds) times.push(h * 3600 + m * 60 + s);
  times.sort((a, b) => a - b);
  c = { seconds, times, months: new Set(nums(f.month)), daysOfMonth: f.dayOfMonth, daysOfWeek: f.dayOfWeek };
  if (compiled.size > 1000) compiled.clear();
  compiled.set(expression, c);
  return c;
}

// Day-of-month and day-of-week tokens beyond plain numbers (L, 15W, L-2, 5L, 1#2), with
// node-cron's semantics: both fields must match (AND), unlike Vixie cron's OR.
function lastDayOfMonth(y: number, mo: number): number {
  return new Date(Date.UTC(y, mo, 0)).getUTCDate();
}
function nearestWeekday(y: number, mo: number, target: number): number {
  const last = lastDayOfMonth(y, mo);
  if (target < 1 || target > last) return -1;
  const wd = new Date(Date.UTC(y, mo - 1, target)).getUTCDay();
  if (wd === 6) return target === 1 ? target + 2 : target - 1;
  if (wd === 0) return target === last ? target - 2 : target + 1;
  return target;
}
function matchesDayOfMonth(field: Array<number | string>, y: number, mo: number, d: number): boolean {
  for (const v of field) {
    if (v === d) return true;
    if (typeof v !== 'string') continue;
    if (v === 'L' && d === lastDayOfMonth(y, mo)) return true;
    const w = /^(\d{1,2}|L)W$/.exec(v);
    if (w && nearestWeekday(y, mo, w[1] === 'L' ? lastDayOfMonth(y, mo) : Number(w[1])) === d) return true;
    const off = /^L-(\d{1,2})$/.exec(v);
    if (off && lastDayOfMonth(y, mo) - Number(off[1]) === d) return true;
  }
  return false;
}
function matchesDayOfWeek(field: Array<number | string>, y: number, mo: number, d: number): boolean {
  const wd = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
  for (const v of field) {
    if (v === wd) return true;
    if (typeof v !== 'string') continue;
    const nth = /^([0-7])#([1-5])$/.exec(v);
    if (nth) {
      if (Number(nth[1]) % 7 === wd && Math.floor((d - 1) / 7) + 1 === Number(nth[2])) return true;
      continue;
    }
    const last = /^([0-7])L$/i.exec(v);
    if (last && Number(last[1]) % 7 === wd && d + 7 > lastDayOfMonth(y, mo)) return true;
  }
  return false;
}
function dayMatches(c: CompiledCron, y: number, mo: number, d: number): boolean {
  return c.months.has(mo) && matchesDayOfMonth(c.daysOfMonth, y, mo, d) && matchesDayOfWeek(c.daysOfWeek, y, mo, d);
}

// ─── Wall time ↔ instants in a timezone ────────────────────────────────────────────────────

interface LocalParts { year: number; month: number; day: number; hour: number; minute: number; second: number }

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone, hourCycle: 'h23',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timezone, f);
  }
  return f;
}

export function localParts(ms: number, timezone: string): LocalParts {
  const out: Record<string, number> = {};
  for (const p of formatter(timezone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return { year: out.year, month: out.month, day: out.day, hour: out.hour === 24 ? 0 : out.hour, minute: out.minute, second: out.second };
}

function offsetMs(ms: number, timezone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  const p = localParts(whole, timezone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - whole;
}

function readsBack(ms: number, want: LocalParts, timezone: string): boolean {
  const p = localParts(ms, timezone);
  return p.year === want.year && p.month === want.month && p.day === want.day
    && p.hour === want.hour && p.minute === want.minute && p.second === want.second;
}

/** The instant of a wall time in a zone — node-cron 4's algorithm; null when the wall time does not exist (DST gap). */
function wallToInstant(want: LocalParts, timezone: string): number | null {
  const guess = Date.UTC(want.year, want.month - 1, want.day, want.hour, want.minute, want.second);
  const first = offsetMs(guess, timezone);
  const candidate1 = guess - first;
  const second = offsetMs(candidate1, timezone);
  let ms: number;
  if (first === second) ms = candidate1;
  else {
    const candidate2 = guess - second;
    if (readsBack(candidate1, want, timezone)) ms = candidate1;
    else if (readsBack(candidate2, want, timezone)) ms = candidate2;
    else return null;
  }
  return readsBack(ms, want, timezone) ? ms : null;
}

function nextDay(y: number, mo: number, d: number): [number, number, number] {
  const t = new Date(Date.UTC(y, mo - 1, d + 1));
  return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
}

/**
 * Fire times of `expression` in `timezone` with from < t ≤ to, ascending (at most `limit`, the
 * latest ones kept when there are more).
 */
export function firesBetween(expression: string, timezone: string, from: Date, to: Date, limit = 10_000): Date[] {
  const c = compile(expression);
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (!(toMs > fromMs)) return [];
  const out: number[] = [];
  const start = localParts(fromMs, timezone);
  const end = localParts(toMs, timezone);
  const endKey = end.year * 10_000 + end.month * 100 + end.day;
  let [y, mo, d] = [start.year, start.month, start.day];
  while (y * 10_000 + mo * 100 + d <= endKey) {
    if (dayMatches(c, y, mo, d)) {
      for (const t of c.times) {
        const ms = wallToInstant({ year: y, month: mo, day: d, hour: Math.floor(t / 3600), minute: Math.floor(t / 60) % 60, second: t % 60 }, timezone);
        if (ms !== null && ms > fromMs && ms <= toMs) out.push(ms);
      }
      if (out.length > limit * 2) out.splice(0, out.length - limit);
    }
    [y, mo, d] = nextDay(y, mo, d);
  }
  out.sort((a, b) => a - b);
  return [...new Set(out)].slice(-limit).map((ms) => new Date(ms));
}

/** The first fire strictly after `after`; null when none within about eight years. */
export function nextFire(expression: string, timezone: string, after: Date): Date | null {
  const c = compile(expression);
  const afterMs = after.getTime();
  const start = localParts(afterMs, timezone);
  let [y, mo, d] = [start.year, start.month, start.day];
  for (let i = 0; i < 366 * 8 + 2; i++) {
    if (dayMatches(c, y, mo, d)) {
      for (const t of c.times) {
        const ms = wallToInstant({ year: y, month: mo, day: d, hour: Math.floor(t / 3600), minute: Math.floor(t / 60) % 60, second: t % 60 }, timezone);
        if (ms !== null && ms > afterMs) return new Date(ms);
      }
    }
    [y, mo, d] = nextDay(y, mo, d);
  }
  return null;
}

// ─── Minimum interval ──────────────────────────────────────────────────────────────────────

/**
 * Smallest gap, in minutes of wall-clock time, between two consecutive fires over a window of
 * four calendar years (covers leap years and every weekday/date combination that matters).
 * Infinity when it fires at most once in that window. DST can shorten one real gap by an hour
 * twice a year; that is not counted.
 */
export function smallestGapMinutes(expression: string): number {
  const c = compile(expression);
  if (c.seconds.length > 1) return (c.seconds[1] - c.seconds[0]) / 60;
  let gap = Infinity;
  for (let i = 1; i < c.times.length; i++) gap = Math.min(gap, c.times[i] - c.times[i - 1]);
  const first = c.times[0];
  const last = c.times[c.times.length - 1];
  let previous: number | null = null;
  let fires = 0;
  let [y, mo, d] = [2024, 1, 1];
  for (let day = 0; day < 1461; day++) {
    if (dayMatches(c, y, mo, d)) {
      fires += c.times.length;
      if (previous !== null) gap = Math.min(gap, (day - previous) * 86_400 - last + first);
      previous = day;
    }
    [y, mo, d] = nextDay(y, mo, d);
  }
  if (fires === 0) return NaN;
  return fires < 2 ? Infinity : gap / 60;
}

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

// ─── Describing a schedule back to people ──────────────────────────────────────────────────

const pad = (n: number) => String(n).padStart(2, '0');

/** "daily at 08:00", "weekdays at 09:30", "every 2 hours", … or "cron `…`" for anything else. */
export function describeCron(expression: string): string {
  const f = expression.split(' ');
  if (f.length === 5) {
    const [mi, h, dom, mon, dow] = f;
    const time = /^\d+$/.test(mi) && /^\d+$/.test(h) ? `${pad(Number(h))}:${pad(Number(mi))}` : null;
    if (time && dom === '*' && mon === '*') {
      if (dow === '*') return `daily at ${time}`;
      if (dow === '1-5') return `weekdays at ${time}`;
      if (dow === '0,6') return `weekends at ${time}`;
      if (/^[0-6](,[0-6])*$/.test(dow)) return `weekly on ${dow.split(',').map((x) => DAY_LABELS[Number(x)]).join(', ')} at ${time}`;
    }
    if (time && /^\d+$/.test(dom) && mon === '*' && dow === '*') return `monthly on day ${dom} at ${time}`;
    if (/^\d+$/.test(mi) && h === '*' && dom === '*' && mon === '*' && dow === '*') return mi === '0' ? 'hourly' : `hourly at :${pad(Number(mi))}`;
    const hours = /^0 \*\/(\d+) \* \* \*$/.exec(expression);
    if (hours) return `every ${hours[1]} hours`;
    const minutes = /^\*\/(\d+) \* \* \* \*$/.exec(expression);
    if (minutes) return `every ${minutes[1]} minutes`;
  }
  return `cron \`${expression}\``;
}

/** "Daily digest", "Weekday digest", … for the title of a posted digest. */
export function digestTitle(expression: string): string {
  const d = describeCron(expression);
  if (d.startsWith('daily')) return 'Daily digest';
  if (d.startsWith('weekdays')) return 'Weekday digest';
  if (d.startsWith('weekends')) return 'Weekend digest';
  if (d.startsWith('weekly')) return 'Weekly digest';
  if (d.startsWith('monthly')) return 'Monthly digest';
  if (d.startsWith('hourly')) return 'Hourly digest';
  return 'Digest';
}

/** "Mon 30 Mar, 08:00" in the subscription's zone. */
export function formatWallTime(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).format(at);
}
