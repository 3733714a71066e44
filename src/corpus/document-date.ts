// A document's date when its front matter has none: what the document itself says — an HTML
// page's publication metadata, or the first full date in its text (a dateline such as
// "MOSCOW, March 3, 2025" comes first). Never the file's time: a clone or a copy sets that, so
// every document of a fresh checkout would look published a minute ago. No full date: null.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const YEAR = '(\\d{4})';

/** Each pattern's groups, in order: which of year, month, day they hold. */
const PATTERNS: Array<{ re: RegExp; order: ['y' | 'm' | 'd', 'y' | 'm' | 'd', 'y' | 'm' | 'd'] }> = [
  // Not inside a version or an id ("1.2025-10-10b"); a time may follow ("2025-10-10T09:00").
  { re: /(?<![\w.-])(\d{4})-(\d{2})-(\d{2})(?=$|[^\w-]|T\d)/g, order: ['y', 'm', 'd'] },
  { re: new RegExp(`\\b${MONTH}\\.? ${DAY},? ${YEAR}\\b`, 'gi'), order: ['m', 'd', 'y'] },
  { re: new RegExp(`\\b${DAY} (?:of )?${MONTH}\\.?,? ${YEAR}\\b`, 'gi'), order: ['d', 'm', 'y'] },
];

/** The first full date (day, month and year) in the text, as an ISO timestamp at midnight UTC. */
export function dateInText(text: string): string | null {
  let best: { at: number; iso: string } | null = null;
  for (const { re, order } of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (best && m.index >= best.at) break;
      const parts = { y: '', m: '', d: '' };
      order.forEach((key, i) => { parts[key] = m![i + 1]; });
      const iso = isoDay(Number(parts.y), monthNumber(parts.m), Number(parts.d));
      if (iso) {
        best = { at: m.index, iso };
        break;
      }
    }
  }
  return best?.iso ?? null;
}

/** An HTML page's own publication date: `article:published_time`, `datePublished`, `date` metadata, or the first `<time datetime>`. */
export function dateInHtml(html: string): string | null {
  // Tag by tag with a linear scan ([^>]*), never one pattern over the whole page.
  for (const tag of html.matchAll(/<meta\b[^>]*>/gi)) {
    const key = attribute(tag[0], 'property') ?? attribute(tag[0], 'name') ?? attribute(tag[0], 'itemprop');
    if (!key || !/^(?:article:published_time|og:published_time|datepublished|date|dc\.date|pubdate)$/i.test(key)) continue;
    const iso = isoTimestamp(attribute(tag[0], 'content'));
    if (iso) return iso;
  }
  for (const tag of html.matchAll(/<time\b[^>]*>/gi)) {
    const iso = isoTimestamp(attribute(tag[0], 'datetime'));
    if (iso) return iso;
  }
  return null;
}

function attribute(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return m ? (m[1] ?? m[2] ?? m[3]) : null;
}

/** ISO dates and timestamps only ("2025-03-03", "2025-03-03T10:00:00+03:00"): free text is left to dateInText. */
function isoTimestamp(value: string | null): string | null {
  const s = value?.trim() ?? '';
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(s);
  if (!m) return null;
  if (!isoDay(Number(m[1]), Number(m[2]), Number(m[3]))) return null;
  if (!m[4]) return isoDay(Number(m[1]), Number(m[2]), Number(m[3]));
  const t = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}${m[5] ?? 'Z'}`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function monthNumber(name: string): number {
  return /^\d+$/.test(name) ? Number(name) : MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

/** Midnight UTC of a real calendar day ("February 30" is not one), else null. */
function isoDay(year: number, month: number, day: number): string | null {
  if (year < 1800 || year > 2200 || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString();
}
