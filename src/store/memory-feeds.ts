// Feed sources, feed states and articles of the in-memory store: the reference semantics the
// SQLite and PostgreSQL versions match (same contract cases).
import { createMemoryArticles } from './memory-articles.ts';
import { createMemoryFeedSources } from './memory-feed-sources.ts';
import type { MemoryContext } from './memory-context.ts';
import type { FeedStoreMethods } from './store.ts';

/** The store's audit log (shared with subscriptions), its time, and its closed check. */
export type MemoryFeedsOptions = Pick<MemoryContext, 'audit' | 'iso' | 'open'>;

export function createMemoryFeeds(options: MemoryFeedsOptions): FeedStoreMethods {
  return {
    ...createMemoryFeedSources(options),
    ...createMemoryArticles(options),
  };
}
