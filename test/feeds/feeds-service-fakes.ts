// A FeedsService over the in-memory store with a fake probe and two configured feeds.
import { createManualClock } from '../../src/core/clock.ts';
import type { ChatUser } from '../../commands/command-types.ts';
import { feedSourceId } from '../../src/feeds/feed-source-id.ts';
import type { FeedSource } from '../../src/feeds/feed-types.ts';
import { createFeedsService, type ProbeResult } from '../../src/feeds/feeds-service.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';

export const admin: ChatUser = { id: 'test:admin', name: 'Admin', isAdmin: true };
export const member: ChatUser = { id: 'test:member', name: 'Member', isAdmin: false, adminRule: 'Manage Channels' };

export const fakeTopics = {
  get: (slug: string) => (slug === 'us-russia' ? { slug: 'us-russia', title: 'US–Russia relations' } as never : null),
  suggest: (input: string) => (input.startsWith('us-') ? ['us-russia'] : []),
};

export function configFeed(url: string, origin: FeedSource['origin'] = 'config'): FeedSource {
  return { id: feedSourceId(url), url, everyMs: 3_600_000, topics: [], fetchArticles: true, origin, addedBy: null, addedAt: '2025-03-01T00:00:00.000Z' };
}

export function makeFeeds(probe: (url: string) => Promise<ProbeResult> = async () => ({ ok: true, title: 'Example', items: 3 })) {
  const clock = createManualClock('2025-03-01T08:00:00.000Z');
  const store = createMemoryStore({ clock });
  const probed: string[] = [];
  const added: string[] = [];
  const removed: string[] = [];
  const service = createFeedsService({
    store, clock, defaultEveryMs: 1_800_000, topics: fakeTopics,
    configSources: [configFeed('https://config.example/rss'), configFeed('https://env.example/rss', 'env')],
    probe: async (url) => {
      probed.push(url);
      return probe(url);
    },
    onAdded: (s) => added.push(s.id),
    onRemoved: (id) => removed.push(id),
  });
  return { service, store, clock, probed, added, removed };
}

