import { parseDocument as parseYaml } from 'yaml';

// YAML front matter: a `---` block at the very top of a Markdown file. Only a block that is
// closed counts; a block that does not parse as a YAML mapping is reported, never thrown.

export interface FrontMatter {
  title: string | null;
  /** ISO string. */
  date: string | null;
  source: string | null;
  url: string | null;
  topics: string[];
}

export type FrontMatterResult =
  | { kind: 'none'; body: string }
  | { kind: 'ok'; body: string; data: FrontMatter; warnings: string[] }
  | { kind: 'invalid'; body: string; error: string };

const OPEN = /^\uFEFF?---[ \t]*\r?\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/m;

export function splitFrontMatter(src: string): FrontMatterResult {
  const open = OPEN.exec(src);
  if (!open) return { kind: 'none', body: src };
  const rest = src.slice(open[0].length);
  const close = CLOSE.exec(rest);
  if (!close) return { kind: 'none', body: src };
  const raw = rest.slice(0, close.index);
  const body = rest.slice(close.index + close[0].length).replace(/^\r?\n/, '');
  let value: unknown = parseSimpleYaml(raw);
  if (value === undefined) {
    // `logLevel: 'silent'` keeps the library from printing; errors are read from the document.
    const doc = parseYaml(raw, { logLevel: 'silent', prettyErrors: false });
    if (doc.errors.length > 0) return { kind: 'invalid', body, error: firstLine(doc.errors[0].message) };
    try {
      value = doc.toJS({ maxAliasCount: 50 });
    } catch (error) {
      return { kind: 'invalid', body, error: firstLine((error as Error).message) };
    }
  }
  if (value === null || value === undefined) value = {};
  if (typeof value !== 'object' || Array.isArray(value)) return { kind: 'invalid', body, error: 'front matter is not a key: value mapping' };
  const record = value as Record<string, unknown>;
  const warnings: string[] = [];
  const data: FrontMatter = {
    title: text(record.title),
    date: null,
    source: text(record.source),
    url: text(record.url ?? record.link),
    topics: topics(record.topics ?? record.topic),
  };
  if (record.date !== undefined && record.date !== null) {
    data.date = isoDate(record.date);
    if (data.date === null) warnings.push(`front matter date ${JSON.stringify(String(record.date))} is not a date; ignored (the date then comes from the text, if it has one)`);
  }
  return { kind: 'ok', body, data, warnings };
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function isoDate(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1000 && value <= 9999) return new Date(Date.UTC(value, 0, 1)).toISOString();
  if (typeof value !== 'string') return null;
  const s = value.trim();
  // Require something date-shaped: Date.parse alone accepts "1" or "March".
  if (!/^\d{4}-\d{2}(?:-\d{2})?(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(s) && !/\d{4}/.test(s)) return null;
  const t = Date.parse(s.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2'));
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** Topic slugs from a list or a comma-separated string. */
function topics(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  const out: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string' && typeof item !== 'number') continue;
    const slug = String(item).trim().toLowerCase().replace(/[\s_]+/g, '-').replace(/[^\p{L}\p{N}-]/gu, '').replace(/-+/g, '-').replace(/^-|-$/g, '');
    if (slug && !out.includes(slug)) out.push(slug);
  }
  return out;
}

// ─── Fast path ─────────────────────────────────────────────────────────────────────────────

const KEY_LINE = /^([A-Za-z_][\w-]*):(?: +(.*?))? *$/;
const ITEM_LINE = /^ +- +(.*?) *$/;
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?: ?(?:Z|[+-]\d{2}(?::?\d{2})?))?)?$/;

/**
 * Front matter is nearly always flat `key: value` lines, and the yaml package takes ~50 µs per
 * block — half a second for 10,000 Markdown files. This reads that simple subset exactly as
 * YAML's core schema would (plain and quoted strings, `[a, b]` and `- item` lists) and returns
 * undefined for anything else, which then goes to the yaml package: numbers, booleans, nulls,
 * escapes, anchors, nesting, comments after values, duplicate keys.
 */
export function parseSimpleYaml(raw: string): Record<string, unknown> | undefined {
  // No prototype: a `__proto__:` key in a document is data, not a way to replace the prototype.
  const out: Record<string, unknown> = Object.create(null);
  let listKey: string | null = null;
  const empty = new Set<string>();
  for (const line of raw.split(/\r?\n/)) {
    if (line.trim() === '' || /^#/.test(line)) continue;
    if (line.includes('\t')) return undefined;
    const item = ITEM_LINE.exec(line);
    if (item) {
      if (listKey === null) return undefined;
      const value = scalar(item[1]);
      if (value === undefined) return undefined;
      (out[listKey] as unknown[]).push(value);
      empty.delete(listKey);
      continue;
    }
    const m = KEY_LINE.exec(line);
    if (!m || Object.hasOwn(out, m[1])) return undefined;
    listKey = null;
    const rawValue = m[2] ?? '';
    if (rawValue === '') {
      // Either a block list follows, or the value is null (left to the yaml package).
      out[m[1]] = [];
      listKey = m[1];
      empty.add(m[1]);
      continue;
    }
    if (rawValue.startsWith('[')) {
      if (!rawValue.endsWith(']')) return undefined;
      const inner = rawValue.slice(1, -1).trim();
      const items = inner === '' ? [] : inner.split(',').map((x) => scalar(x.trim()));
      if (items.some((x) => x === undefined)) return undefined;
      out[m[1]] = items;
      continue;
    }
    const value = scalar(rawValue);
    if (value === undefined) return undefined;
    out[m[1]] = value;
  }
  // A key with neither a value nor items is null in YAML: let the yaml package say so.
  // Spreading copies `__proto__` as an own key too, and gives the caller an ordinary object.
  return empty.size > 0 ? undefined : { ...out };
}

/** A scalar YAML's core schema reads as this same string; undefined when unsure. */
function scalar(s: string): string | undefined {
  if (s === '') return undefined;
  if (s.startsWith('"')) {
    return s.length >= 2 && s.endsWith('"') && !/["\\]/.test(s.slice(1, -1)) ? s.slice(1, -1) : undefined;
  }
  if (s.startsWith("'")) {
    return s.length >= 2 && s.endsWith("'") && !s.slice(1, -1).includes("'") ? s.slice(1, -1) : undefined;
  }
  if (/^[-?:,[\]{}#&*!|>%@`]/.test(s) || s.includes(': ') || s.includes(' #') || s.endsWith(':')) return undefined;
  if (DATE_LIKE.test(s)) return s;
  // Numbers, booleans, nulls and the like: the yaml package decides.
  if (/^[-+.~\d]/.test(s) || /^(?:null|true|false|\.inf|\.nan)$/i.test(s)) return undefined;
  return s;
}
