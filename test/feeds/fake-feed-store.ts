import type { Clock } from '../../src/core/clock.ts';
import type { FeedStore } from '../../src/feeds/feed-store.ts';
import type { FeedSource, FeedState, StoredArticle } from '../../src/feeds/feed-types.ts';

// The store methods the feed side uses, in memory, with the contract the backends promise
// (duplicate content under another id is refused; claims hold until their ttl passes).

export function createFakeFeedStore(clock: Clock = { now: () => new Date() }): FeedStore & { articles: Map<string, StoredArticle>; states: Map<string, FeedState> } {
  const sources = new Map<string, FeedSource>();
  const states = new Map<string, FeedState>();
  const articles = new Map<string, StoredArticle>();
  const claims = new Map<string, { owner: string; until: number }>();
  // contentHash → id, so the duplicate check stays cheap at bench sizes.
  const byHash = new Map<string, string>();
  return {
    articles,
    states,
    async putFeedSource(source) { sources.set(source.id, structuredClone(source)); },
    async listFeedSources() { return [...sources.values()].map((s) => structuredClone(s)); },
    async getFeedSource(id) { const s = sources.get(id); return s && structuredClone(s); },
    async deleteFeedSource(id) { return sources.delete(id); },
    async getFeedState(id) { const s = states.get(id); return s && structuredClone(s); },
    async putFeedState(state) { states.set(state.sourceId, structuredClone(state)); },
    async putArticle(article) {
      const owner = byHash.get(article.contentHash);
      if (owner !== undefined && owner !== article.id && articles.has(owner)) return 'duplicate';
      const had = articles.get(article.id);
      if (had && byHash.get(had.contentHash) === article.id) byHash.delete(had.contentHash);
      articles.set(article.id, structuredClone(article));
      byHash.set(article.contentHash, article.id);
      return had ? 'updated' : 'inserted';
    },
    async getArticle(id) { const a = articles.get(id); return a && structuredClone(a); },
    async knownArticles(ids) { return new Set(ids.filter((id) => articles.has(id))); },
    async listArticles(options = {}) {
      const all = [...articles.values()].filter((a) => !options.updatedAfter || a.updatedAt > options.updatedAfter);
      all.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
      return all.slice(0, options.limit ?? all.length).map((a) => structuredClone(a));
    },
    async pruneArticles(before) {
      let n = 0;
      for (const [id, a] of articles) if (a.fetchedAt < before) { articles.delete(id); byHash.delete(a.contentHash); n++; }
      return n;
    },
    async claim(key, owner, ttlMs) {
      const now = clock.now().getTime();
      const held = claims.get(key);
      if (held && held.until > now && held.owner !== owner) return false;
      if (held && held.until > now && held.owner === owner) return true;
      claims.set(key, { owner, until: now + ttlMs });
      return true;
    },
  };
}
