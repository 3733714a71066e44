import type { FeedSource, FeedState } from '../feeds/feed-types.ts';
import { feedAuditDetail } from './feed-rows.ts';
import type { MemoryContext } from './memory-context.ts';
import { byText, copy } from './memory-values.ts';
import type { FeedSourceStoreMethods } from './store.ts';

// Feed sources of the in-memory store, with their entries in the store's audit log, and the
// fetch state kept for each source.

export function createMemoryFeedSources({ audit, iso, open }: Pick<MemoryContext, 'audit' | 'iso' | 'open'>): FeedSourceStoreMethods {
  const sources = new Map<string, FeedSource>();
  const states = new Map<string, FeedState>();

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
  };
}
