// Row ↔ object mapping for feed sources, feed states and articles, shared by the SQLite and
// PostgreSQL stores (same column names). Topics are JSON: text in SQLite, JSONB in PostgreSQL.
import type { FeedSource, FeedState, StoredArticle } from '../feeds/feed-types.ts';
import type { Row } from './store-rows.ts';

/** What the audit log records about a feed source (on add and remove). */
export function feedAuditDetail(source: FeedSource): Record<string, unknown> {
  return {
    url: source.url,
    everyMs: source.everyMs,
    topics: [...source.topics],
    fetchArticles: source.fetchArticles,
    origin: source.origin,
  };
}

/** Epoch ms of an ISO time: articles are ordered and pruned by it, not by string comparison. */
export function isoMs(value: string, field: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new TypeError(`${field} is not an ISO time: ${JSON.stringify(value)}`);
  return ms;
}

/** A limit as a non-negative integer; absent means no limit. */
export function articleLimit(limit: number | undefined): number | null {
  return limit === undefined ? null : Math.max(0, Math.floor(limit));
}

function nullable(value: unknown): string | null {
  return value == null ? null : String(value);
}

function topicsOf(value: unknown): string[] {
  const parsed = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

/** Column values in table order (feed_sources); SQLite takes booleans as 0/1. */
export function feedSourceParams(source: FeedSource, booleans: 'int' | 'bool'): Array<string | number | boolean | null> {
  return [
    source.id, source.url, source.everyMs, JSON.stringify(source.topics),
    booleans === 'int' ? (source.fetchArticles ? 1 : 0) : source.fetchArticles,
    source.origin, source.addedBy, source.addedAt,
  ];
}

export function rowToFeedSource(row: Row): FeedSource {
  return {
    id: String(row.id),
    url: String(row.url),
    everyMs: Number(row.every_ms),
    topics: topicsOf(row.topics),
    fetchArticles: Boolean(row.fetch_articles),
    origin: String(row.origin) as FeedSource['origin'],
    addedBy: nullable(row.added_by),
    addedAt: String(row.added_at),
  };
}

/** Column values in table order (feed_states). */
export function feedStateParams(state: FeedState): Array<string | number | null> {
  return [
    state.sourceId, state.etag, state.lastModified, state.lastFetchedAt, state.lastStatus, state.lastError,
    Math.max(0, Math.floor(state.failures)), state.retryAt,
  ];
}

export function rowToFeedState(row: Row): FeedState {
  return {
    sourceId: String(row.source_id),
    etag: nullable(row.etag),
    lastModified: nullable(row.last_modified),
    lastFetchedAt: nullable(row.last_fetched_at),
    lastStatus: nullable(row.last_status),
    lastError: nullable(row.last_error),
    failures: Number(row.failures),
    retryAt: nullable(row.retry_at),
  };
}

/** Column values in table order (articles), including the epoch-ms columns used for ordering and pruning. */
export function articleParams(article: StoredArticle): Array<string | number | null> {
  return [
    article.id, article.url, article.sourceId, article.outlet, article.title, article.author, article.publishedAt,
    article.fetchedAt, isoMs(article.fetchedAt, 'fetchedAt'), article.updatedAt, isoMs(article.updatedAt, 'updatedAt'),
    article.contentHash, article.text, JSON.stringify(article.topics),
  ];
}

export const ARTICLE_COLUMNS =
  'id, url, source_id, outlet, title, author, published_at, fetched_at, fetched_ms, updated_at, updated_ms, content_hash, text, topics';

export function rowToArticle(row: Row): StoredArticle {
  return {
    id: String(row.id),
    url: String(row.url),
    sourceId: String(row.source_id),
    outlet: nullable(row.outlet),
    title: String(row.title),
    author: nullable(row.author),
    publishedAt: nullable(row.published_at),
    fetchedAt: String(row.fetched_at),
    updatedAt: String(row.updated_at),
    contentHash: String(row.content_hash),
    text: String(row.text),
    topics: topicsOf(row.topics),
  };
}
