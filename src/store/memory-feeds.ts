// Feed sources, feed states and articles of the in-memory store: the reference semantics the
// SQLite and PostgreSQL versions match (same contract cases).
import type { FeedSource, FeedState, StoredArticle } from '../feeds/feed-types.ts';
import { articleLimit, feedAuditDetail, isoMs } from './feed-rows.ts';
import type { AuditEntry, FeedStoreMethods } from './store.ts';

export interface MemoryFeedsOptions {
  /** The store's audit log (shared with subscriptions). */
  audit: AuditEntry[];
  iso(): string;
  /** Throws when the store is closed. */
  open(): void;
}

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function createMemoryFeeds({ audit, iso, open }: MemoryFeedsOptions): FeedStoreMethods {
  const sources = new Map<string, FeedSource>();
  const states = new Map<string, FeedState>();
  const articles = new Map<string, StoredArticle & { fetchedMs: number; updatedMs: number }>();
  const publicArticle = ({ fetchedMs: _f, updatedMs: _u, ...a }: StoredArticle & { fetchedMs: number; updatedMs: number }) => copy(a);

  return {
    async putFeedSource(source, actor) {
      open();
      sources.set(source.id, copy(source));
      audit.push({ at: iso(), actor, action: 'feed-add', subscriptionId: source.id, detail: feedAuditDetail(source) });
    },
    async listFeedSources() {
      open();
      return [...sources.values()].sort((a, b) => byText(a.addedAt, b.addedAt) || byText(a.id, b.id)).map(copy);
    },
    async getFeedSource(id) {
      open();
      const source = sources.get(id);
      return source ? copy(source) : undefined;
    },
    async deleteFeedSource(id, actor) {
      open();
      const source = sources.get(id);
      if (!source) return false;
      sources.delete(id);
      audit.push({ at: iso(), actor, action: 'feed-remove', subscriptionId: id, detail: feedAuditDetail(source) });
      return true;
    },
    async getFeedState(sourceId) {
      open();
      const state = states.get(sourceId);
      return state ? copy(state) : undefined;
    },
    async putFeedState(state) {
      open();
      states.set(state.sourceId, copy({ ...state, failures: Math.max(0, Math.floor(state.failures)) }));
    },

    async putArticle(article) {
      open();
      const fetchedMs = isoMs(article.fetchedAt, 'fetchedAt');
      const updatedMs = isoMs(article.updatedAt, 'updatedAt');
      for (const other of articles.values()) {
        if (other.contentHash === article.contentHash && other.id !== article.id) return 'duplicate';
      }
      const existed = articles.has(article.id);
      articles.set(article.id, { ...copy(article), fetchedMs, updatedMs });
      return existed ? 'updated' : 'inserted';
    },
    async getArticle(id) {
      open();
      const article = articles.get(id);
      return article ? publicArticle(article) : undefined;
    },
    async knownArticles(ids) {
      open();
      return new Set(ids.filter((id) => articles.has(id)));
    },
    async listArticles(options = {}) {
      open();
      const after = options.updatedAfter === undefined ? -Infinity : isoMs(options.updatedAfter, 'updatedAfter');
      const limit = articleLimit(options.limit);
      const list = [...articles.values()]
        .filter((a) => a.updatedMs > after)
        .sort((a, b) => a.updatedMs - b.updatedMs || byText(a.id, b.id));
      return (limit === null ? list : list.slice(0, limit)).map(publicArticle);
    },
    async pruneArticles(before) {
      open();
      const cutoff = isoMs(before, 'before');
      let removed = 0;
      for (const [id, article] of articles) {
        if (article.fetchedMs < cutoff) {
          articles.delete(id);
          removed++;
        }
      }
      return removed;
    },
  };
}
