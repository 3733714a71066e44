import { parseFeed as parseAnyFeed } from 'feedsmith';
import type { FeedItem, ParsedFeed } from './feed-types.ts';
import { htmlToParagraphs, plainLine, plainToParagraphs } from './feed-text.ts';

// Feeds are untrusted input: feedsmith (on fast-xml-parser) reads RSS 2.0, Atom, RDF and JSON
// Feed into typed trees; this file maps those four trees onto one FeedItem shape, resolving links
// against the feed's URL and turning HTML into plain paragraphs.

/** A body that is not a readable feed; `reason` is for people. */
export class FeedParseError extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(`not a feed: ${reason}`);
    this.name = 'FeedParseError';
    this.reason = reason;
  }
}

/** More items than any real feed carries; a hostile feed with millions costs no more than this. */
const MAX_ITEMS = 1000;

type Any = Record<string, any>;

export function parseFeed(body: string, feedUrl: string): ParsedFeed {
  const trimmed = body.replace(/^\uFEFF/, '').trimStart();
  if (!trimmed) throw new FeedParseError('the body is empty');
  let parsed: { format: ParsedFeed['format']; feed: Any };
  try {
    const input = trimmed.startsWith('{') ? JSON.parse(trimmed) : trimmed;
    parsed = parseAnyFeed(input, { maxItems: MAX_ITEMS }) as { format: ParsedFeed['format']; feed: Any };
  } catch (err) {
    throw new FeedParseError(describe(err));
  }
  const { format, feed } = parsed;
  const base = feedUrl;
  switch (format) {
    case 'rss':
    case 'rdf':
      return {
        format,
        title: plainLine(feed.title) || null,
        homepage: absoluteUrl(feed.link, base),
        items: (feed.items ?? []).slice(0, MAX_ITEMS).map((item: Any) => rssItem(item, base)),
      };
    case 'atom':
      return {
        format,
        title: atomText(feed.title, false) || null,
        homepage: absoluteUrl(atomLink(feed.links), base),
        items: (feed.entries ?? []).slice(0, MAX_ITEMS).map((entry: Any) => atomEntry(entry, base)),
      };
    case 'json':
      return {
        format,
        title: plainLine(feed.title) || null,
        homepage: absoluteUrl(feed.home_page_url, base),
        items: (feed.items ?? []).slice(0, MAX_ITEMS).map((item: Any) => jsonItem(item, feed, base)),
      };
    default:
      throw new FeedParseError('unknown feed format');
  }
}

function rssItem(item: Any, base: string): FeedItem {
  const guid = typeof item.guid?.value === 'string' ? item.guid.value.trim() : null;
  const permalink = guid && item.guid?.isPermaLink !== false && /^https?:/i.test(guid) ? guid : null;
  const html = longest([item.content?.encoded, item.description, ...(item.dc?.descriptions ?? [])]);
  const author = firstName([...(item.authors ?? []).map((p: Any) => p?.name ?? p?.email), ...(item.dc?.creators ?? [])]);
  return {
    guid: guid || null,
    title: plainLine(item.title ?? item.dc?.titles?.[0]),
    link: absoluteUrl(item.link, base) ?? absoluteUrl(permalink, base),
    author,
    publishedAt: isoDate(item.pubDate ?? item.dc?.dates?.[0] ?? item.dcterms?.issued ?? item.dcterms?.created),
    text: htmlToParagraphs(html),
  };
}

function atomEntry(entry: Any, base: string): FeedItem {
  const content = entry.content?.value ? entry.content : entry.summary;
  return {
    guid: typeof entry.id === 'string' ? entry.id.trim() || null : null,
    title: atomText(entry.title, false),
    link: absoluteUrl(atomLink(entry.links), base),
    author: firstName((entry.authors ?? []).map((p: Any) => p?.name)),
    publishedAt: isoDate(entry.published ?? entry.updated),
    text: content ? atomText(content, true) : '',
  };
}

function jsonItem(item: Any, feed: Any, base: string): FeedItem {
  const text = item.content_html
    ? htmlToParagraphs(String(item.content_html))
    : plainToParagraphs(String(item.content_text ?? item.summary ?? ''));
  const authors = item.authors ?? (item.author ? [item.author] : feed.authors ?? []);
  return {
    guid: item.id != null ? String(item.id) : null,
    title: plainLine(item.title),
    link: absoluteUrl(item.url ?? item.external_url, base),
    author: firstName((Array.isArray(authors) ? authors : []).map((a: Any) => a?.name)),
    publishedAt: isoDate(item.date_published ?? item.date_modified),
    text,
  };
}

/** Atom text constructs say whether they hold text or (X)HTML; plain text is kept as written. */
function atomText(value: Any | string | undefined, paragraphs: boolean): string {
  if (!value) return '';
  const raw = typeof value === 'string' ? value : String(value.value ?? '');
  const type = typeof value === 'string' ? 'text' : String(value.type ?? 'text');
  if (type === 'html' || type === 'xhtml' || type.includes('html')) return paragraphs ? htmlToParagraphs(raw) : plainLine(raw);
  return paragraphs ? plainToParagraphs(raw) : raw.replace(/\s+/g, ' ').trim();
}

function atomLink(links: Any[] | undefined): string | null {
  if (!Array.isArray(links) || links.length === 0) return null;
  const alternate = links.find((l) => !l?.rel || l.rel === 'alternate');
  return (alternate ?? links[0])?.href ?? null;
}

/** Absolute http(s) URL, or null: relative links resolve against the feed, other schemes go. */
export function absoluteUrl(value: unknown, base: string): string | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** ISO time, or null when the value is no date (or an absurd one). */
export function isoDate(value: unknown): string | null {
  if (typeof value !== 'string' && !(value instanceof Date)) return null;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value.trim());
  if (!Number.isFinite(ms)) return null;
  const year = new Date(ms).getUTCFullYear();
  return year >= 1970 && year < 3000 ? new Date(ms).toISOString() : null;
}

function longest(values: unknown[]): string {
  let best = '';
  for (const v of values) if (typeof v === 'string' && v.length > best.length) best = v;
  return best;
}

function firstName(values: unknown[]): string | null {
  for (const v of values) {
    const name = typeof v === 'string' ? plainLine(v.replace(/^\S+@\S+\s*\((.*)\)$/, '$1')) : '';
    if (name) return name;
  }
  return null;
}

function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof SyntaxError) return `invalid JSON (${message.slice(0, 120)})`;
  return message.slice(0, 160) || 'unreadable';
}
