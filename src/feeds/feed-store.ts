import type { FeedSource, FeedState, StoredArticle } from './feed-types.ts';

// What the fetcher side needs of the store, typed on its own so this side builds and is tested
// with a fake before (and independently of) the SQLite, PostgreSQL and memory backends.

export interface FeedStore {
  putFeedSource(source: FeedSource, actor: string | null): Promise<void>;
  listFeedSources(): Promise<FeedSource[]>;
  getFeedSource(id: string): Promise<FeedSource | undefined>;
  deleteFeedSource(id: string, actor: string | null): Promise<boolean>;
  getFeedState(sourceId: string): Promise<FeedState | undefined>;
  putFeedState(state: FeedState): Promise<void>;
  /** Inserts, or replaces the article with the same id. 'duplicate' (nothing stored) when another id has the same contentHash. */
  putArticle(article: StoredArticle): Promise<'inserted' | 'updated' | 'duplicate'>;
  getArticle(id: string): Promise<StoredArticle | undefined>;
  knownArticles(ids: readonly string[]): Promise<Set<string>>;
  listArticles(options?: { updatedAfter?: string; limit?: number }): Promise<StoredArticle[]>;
  pruneArticles(before: string): Promise<number>;
  claim(key: string, owner: string, ttlMs: number): Promise<boolean>;
}

export function emptyFeedState(sourceId: string): FeedState {
  return { sourceId, etag: null, lastModified: null, lastFetchedAt: null, lastStatus: null, lastError: null, failures: 0, retryAt: null };
}
