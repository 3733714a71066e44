// Fire times of a cron expression in an IANA timezone between any two instants. node-cron only
// computes them from the real "now", so catch-up and injected-clock tests need our own; wall
// times resolve exactly as node-cron 4 does (same local→UTC algorithm), so both agree on every
// fire, including across DST: a wall time that does not exist (02:30 on a spring-forward day)
// does not fire that day, and one that exists twice (fall-back) fires once.
import { compile, dayMatches } from './cron-days.ts';

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

function localParts(ms: number, timezone: string): LocalParts {
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

/** `secondOfDay` on a local date as an instant; null in a DST gap. */
function fireInstant(y: number, mo: number, d: number, secondOfDay: number, timezone: string): number | null {
  const t = secondOfDay;
  return wallToInstant({ year: y, month: mo, day: d, hour: Math.floor(t / 3600), minute: Math.floor(t / 60) % 60, second: t % 60 }, timezone);
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
        const ms = fireInstant(y, mo, d, t, timezone);
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
        const ms = fireInstant(y, mo, d, t, timezone);
        if (ms !== null && ms > afterMs) return new Date(ms);
      }
    }
    [y, mo, d] = nextDay(y, mo, d);
  }
  return null;
}

// How often an expression can fire, so a subscription cannot flood a channel.

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
