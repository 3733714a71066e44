import type { Logger } from '../core/logger.ts';
import { articleId, canonicalUrl, changedMaterially, sha256Hex } from './article-ids.ts';
import { isTeaser } from './teaser.ts';
import { emptyFeedState, type FeedStore } from './feed-store.ts';
import type { FeedItem, FeedSource, FeedState, ParsedFeed, StoredArticle } from './feed-types.ts';
import { wordCount } from './feed-text.ts';
import { displayUrl, FetchError } from './fetch-error.ts';
import { FeedParseError, parseFeed } from './parse-feed.ts';
import type { SafeFetcher } from './safe-fetcher.ts';

// One poll of one feed: conditional GET, parse, keep what is new (following teasers to their
// pages once), note what changed materially. A broken feed is an outcome, never a throw; the
// caller stores the articles and the state.

export interface PollFeedOptions {
  source: FeedSource;
  state: FeedState | undefined;
  fetcher: SafeFetcher;
  store: Pick<FeedStore, 'knownArticles' | 'getArticle'>;
  now: Date;
  /** Items published longer ago than this are skipped. */
  retentionDays: number;
  /** Ids to treat as known besides the store's (copies the store refused as duplicates). */
  alsoKnown?: ReadonlySet<string>;
  /** Article pages fetched per poll at most; past it, teasers stay teasers. */
  maxArticlePages?: number;
  logger?: Logger;
}

export interface PollResult {
  sourceId: string;
  outcome: 'new' | 'unchanged' | 'failed';
  newCount: number;
  updatedCount: number;
  reason?: string;
  state: FeedState;
  /** New and materially updated articles, for the caller to store. */
  articles: StoredArticle[];
  /** Why article pages could not be used (the teaser was kept). */
  notes: string[];
}

const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.1';
const PAGE_MAX_BYTES = 5 * 1024 * 1024;
const MAX_BACKOFF_MS = 24 * 3600_000;
const MAX_RETRY_AFTER_MS = 7 * 24 * 3600_000;

export async function pollFeed(options: PollFeedOptions): Promise<PollResult> {
  const { source, now } = options;
  const previous = options.state ?? emptyFeedState(source.id);
  let feed: ParsedFeed;
  let fetched: Awaited<ReturnType<SafeFetcher['fetch']>>;
  try {
    fetched = await options.fetcher.fetch(source.url, { etag: previous.etag, lastModified: previous.lastModified });
    if (fetched.status === 'not-modified') {
      return { sourceId: source.id, outcome: 'unchanged', newCount: 0, updatedCount: 0, articles: [], notes: [], state: succeeded(previous, now, 'unchanged', fetched) };
    }
    feed = parseFeed(fetched.body, fetched.url);
  } catch (err) {
    return failed(source, previous, now, err);
  }
  const { articles, newCount, updatedCount, notes } = await collectArticles(options, feed);
  const outcome = newCount + updatedCount > 0 ? 'new' : 'unchanged';
  return { sourceId: source.id, outcome, newCount, updatedCount, articles, notes, state: succeeded(previous, now, outcome, fetched) };
}

interface Candidate {
  item: FeedItem;
  id: string;
  url: string;
}

async function collectArticles(options: PollFeedOptions, feed: ParsedFeed) {
  const { source, now } = options;
  const oldest = now.getTime() - options.retentionDays * 86_400_000;
  const candidates = new Map<string, Candidate>();
  for (const item of feed.items) {
    if (!item.link || (!item.text && !item.title)) continue;
    if (item.publishedAt && Date.parse(item.publishedAt) < oldest) continue;
    let url: string;
    try {
      url = canonicalUrl(item.link);
    } catch {
      continue;
    }
    const id = articleId(url);
    if (!candidates.has(id)) candidates.set(id, { item, id, url });
  }
  const known = await options.store.knownArticles([...candidates.keys()]);
  const outlet = feed.title ?? hostOf(source.url);
  const articles: StoredArticle[] = [];
  const notes: string[] = [];
  let pageBudget = options.maxArticlePages ?? 100;
  let newCount = 0;
  let updatedCount = 0;
  const fresh = [...candidates.values()].filter((c) => !known.has(c.id) && !options.alsoKnown?.has(c.id));
  const wantsPage = (c: Candidate) => source.fetchArticles && isTeaser(c.item) && pageBudget-- > 0;
  const built = await mapLimit(fresh, 4, async (c) => buildArticle(options, c, outlet, wantsPage(c), notes));
  for (const article of built) {
    articles.push(article);
    newCount++;
  }
  for (const c of candidates.values()) {
    if (!known.has(c.id) || isTeaser(c.item)) continue;
    const stored = await options.store.getArticle(c.id);
    if (!stored || !changedMaterially(stored.text, c.item.text)) continue;
    articles.push({ ...stored, title: c.item.title || stored.title, text: c.item.text, contentHash: sha256Hex(c.item.text), updatedAt: now.toISOString() });
    updatedCount++;
  }
  return { articles, newCount, updatedCount, notes };
}

/** Readability and linkedom (~35 MB, 0.3–0.7 s to load) come with the first page extracted, not with a feed. */
let extractor: Promise<typeof import('./extract-article.ts')> | null = null;

async function buildArticle(options: PollFeedOptions, c: Candidate, outlet: string | null, fetchPage: boolean, notes: string[]): Promise<StoredArticle> {
  const { item } = c;
  let text = item.text;
  let title = item.title;
  let author = item.author;
  let publishedAt = item.publishedAt;
  if (fetchPage) {
    const { extractArticle } = await (extractor ??= import('./extract-article.ts'));
    try {
      const page = await options.fetcher.fetch(item.link!, { accept: PAGE_ACCEPT, maxBytes: PAGE_MAX_BYTES });
      const extracted = extractArticle(page.body, page.url);
      if (extracted && wordCount(extracted.text) > wordCount(text)) {
        text = extracted.text;
        title = title || extracted.title || '';
        author = author ?? extracted.author;
        publishedAt = publishedAt ?? extracted.publishedAt;
      } else {
        notes.push(`${displayUrl(c.url)}: no article text found on the page; kept the teaser`);
      }
    } catch (err) {
      const reason = err instanceof FetchError ? `${err.reason}: ${err.message}` : String(err);
      notes.push(`${displayUrl(c.url)}: article page not fetched (${reason}); kept the teaser`);
    }
  }
  if (!text) text = title;
  const at = options.now.toISOString();
  return {
    id: c.id, url: c.url, sourceId: options.source.id, outlet, title: title || text.slice(0, 120), author, publishedAt,
    fetchedAt: at, updatedAt: at, contentHash: sha256Hex(text), text, topics: [...options.source.topics],
  };
}

function succeeded(previous: FeedState, now: Date, outcome: string, fetched: { etag: string | null; lastModified: string | null }): FeedState {
  return {
    ...previous, etag: fetched.etag, lastModified: fetched.lastModified, lastFetchedAt: now.toISOString(),
    lastStatus: outcome, lastError: null, failures: 0, retryAt: null,
  };
}

/** Backoff doubles from the feed's interval per consecutive failure (up to a day); Retry-After wins when longer. */
function failed(source: FeedSource, previous: FeedState, now: Date, err: unknown): PollResult {
  const reason = err instanceof FetchError ? err.reason : err instanceof FeedParseError ? 'not-a-feed' : 'network';
  const message = err instanceof Error ? err.message : String(err);
  const failures = previous.failures + 1;
  const backoffMs = Math.min(source.everyMs * 2 ** (failures - 1), MAX_BACKOFF_MS);
  const retryAfterMs = err instanceof FetchError && err.retryAfterMs !== null ? Math.min(err.retryAfterMs, MAX_RETRY_AFTER_MS) : 0;
  const state: FeedState = {
    ...previous, lastFetchedAt: now.toISOString(), lastStatus: 'failed', lastError: `${reason}: ${message}`.slice(0, 500),
    failures, retryAt: new Date(now.getTime() + Math.max(backoffMs, retryAfterMs)).toISOString(),
  };
  return { sourceId: source.id, outcome: 'failed', newCount: 0, updatedCount: 0, reason: `${reason}: ${message}`.slice(0, 300), state, articles: [], notes: [] };
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

/** Like Promise.all over `items`, with at most `limit` running at once. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
