// The fields of a cron expression as node-cron itself parses them, so our fire-time computation
// agrees with node-cron on which days and times match (node-cron only computes from the real now).
import cron from 'node-cron';

export interface CompiledCron {
  seconds: number[];
  /** Seconds since local midnight at which the expression fires on a matching day, ascending. */
  times: number[];
  months: Set<number>;
  daysOfMonth: Array<number | string>;
  daysOfWeek: Array<number | string>;
}

const compiled = new Map<string, CompiledCron>();

export function compile(expression: string): CompiledCron {
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
export function dayMatches(c: CompiledCron, y: number, mo: number, d: number): boolean {
  return c.months.has(mo) && matchesDayOfMonth(c.daysOfMonth, y, mo, d) && matchesDayOfWeek(c.daysOfWeek, y, mo, d);
}
