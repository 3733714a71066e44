// Schedules and fire times said back to people: the words `/digest` and digest titles use.

const DAY_LABELS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

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

/** "Mon 30 Mar, 08:00 (Europe/Berlin)": when a fire was due, as notices say it. */
export function describeDue(at: Date, timezone: string): string {
  return `${formatWallTime(at, timezone)} (${timezone})`;
}
