import type { FeedStoreMethods, Store } from '../store/store.ts';
import type { FeedState } from './feed-types.ts';

// What the fetcher side needs of the store: the Store's feed and article methods (documented
// there) and its claims, so the poller is tested against a small fake.
export type FeedStore = FeedStoreMethods & Pick<Store, 'claim'>;

export function emptyFeedState(sourceId: string): FeedState {
  return { sourceId, etag: null, lastModified: null, lastFetchedAt: null, lastStatus: null, lastError: null, failures: 0, retryAt: null };
}
