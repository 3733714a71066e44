// Feed sources, feed states and articles: part of the Store contract (storeContract calls this
// inside its own describe, so every backend runs these cases on a fresh store).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { createManualClock } from '../../src/core/clock.ts';
import type { FeedSource, FeedState, StoredArticle } from '../../src/feeds/feed-types.ts';
import type { Store } from '../../src/store/store.ts';

type Current = () => { store: Store; clock: ReturnType<typeof createManualClock> };

export function feedSource(overrides: Partial<FeedSource> = {}): FeedSource {
  return {
    id: 'f1', url: 'https://example.org/world.xml', everyMs: 1_800_000, topics: ['us-russia'], fetchArticles: true,
    origin: 'chat', addedBy: 'slack:U1', addedAt: '2025-03-01T07:00:00.000Z', ...overrides,
  };
}

export function article(overrides: Partial<StoredArticle> = {}): StoredArticle {
  return {
    id: 'a1', url: 'https://example.org/news/1', sourceId: 'f1', outlet: 'Example News', title: 'Talks «resume» — 会谈',
    author: null, publishedAt: '2025-03-01T06:00:00.000Z', fetchedAt: '2025-03-01T07:00:00.000Z',
    updatedAt: '2025-03-01T07:00:00.000Z', contentHash: 'hash-1', text: 'First paragraph.\n\nSecond paragraph.',
    topics: ['us-russia', 'energy'], ...overrides,
  };
}

const at = (minute: number) => new Date(Date.UTC(2025, 2, 1, 7, minute)).toISOString();

export function feedStoreContract(current: Current): void {
  describe('feed sources', () => {
    it('puts, gets, replaces by id and lists oldest first (then id)', async () => {
      const { store } = current();
      await store.putFeedSource(feedSource({ id: 'c', addedAt: at(2) }), 'slack:U1');
      await store.putFeedSource(feedSource({ id: 'b', addedAt: at(1), addedBy: null, origin: 'config', topics: [], fetchArticles: false }), null);
      await store.putFeedSource(feedSource({ id: 'a', addedAt: at(1), origin: 'env' }), null);
      assert.deepEqual((await store.listFeedSources()).map((s) => s.id), ['a', 'b', 'c']);
      assert.deepEqual(await store.getFeedSource('b'), feedSource({ id: 'b', addedAt: at(1), addedBy: null, origin: 'config', topics: [], fetchArticles: false }));
      await store.putFeedSource(feedSource({ id: 'c', addedAt: at(2), everyMs: 60_000, url: 'https://example.org/other.xml' }), 'slack:U2');
      assert.deepEqual(await store.getFeedSource('c'), feedSource({ id: 'c', addedAt: at(2), everyMs: 60_000, url: 'https://example.org/other.xml' }));
      assert.equal((await store.listFeedSources()).length, 3);
      assert.equal(await store.getFeedSource('missing'), undefined);
    });
    it('deletes, reporting whether it existed, and audits add and remove', async () => {
      const { store, clock } = current();
      await store.putFeedSource(feedSource(), 'slack:U1');
      clock.advance(1_000);
      assert.equal(await store.deleteFeedSource('f1', 'slack:U9'), true);
      assert.equal(await store.deleteFeedSource('f1', 'slack:U9'), false);
      assert.equal(await store.getFeedSource('f1'), undefined);
      const audit = await store.listAudit('f1');
      assert.deepEqual(audit.map((a) => [a.action, a.subscriptionId, a.actor, a.at]), [
        ['feed-add', 'f1', 'slack:U1', '2025-03-01T08:00:00.000Z'],
        ['feed-remove', 'f1', 'slack:U9', '2025-03-01T08:00:01.000Z'],
      ]);
      const detail = { url: 'https://example.org/world.xml', everyMs: 1_800_000, topics: ['us-russia'], fetchArticles: true, origin: 'chat' };
      assert.deepEqual(audit[0]?.detail, detail);
      assert.deepEqual(audit[1]?.detail, detail, 'the remove entry records what was removed');
    });
    it('returns copies: mutating a returned source does not change what is stored', async () => {
      const { store } = current();
      const source = feedSource();
      await store.putFeedSource(source, null);
      source.topics.push('mutated');
      const got = await store.getFeedSource('f1');
      got?.topics.push('again');
      assert.deepEqual((await store.getFeedSource('f1'))?.topics, ['us-russia']);
    });
  });

  describe('feed state', () => {
    it('round-trips and replaces', async () => {
      const { store } = current();
      assert.equal(await store.getFeedState('f1'), undefined);
      const empty: FeedState = { sourceId: 'f1', etag: null, lastModified: null, lastFetchedAt: null, lastStatus: null, lastError: null, failures: 0, retryAt: null };
      await store.putFeedState(empty);
      assert.deepEqual(await store.getFeedState('f1'), empty);
      const full: FeedState = {
        sourceId: 'f1', etag: 'W/"abc"', lastModified: 'Sat, 01 Mar 2025 07:00:00 GMT', lastFetchedAt: at(5),
        lastStatus: 'failed', lastError: 'HTTP 503', failures: 3, retryAt: at(30),
      };
      await store.putFeedState(full);
      assert.deepEqual(await store.getFeedState('f1'), full);
      assert.equal(await store.getFeedState('f2'), undefined);
    });
  });

  describe('articles', () => {
    it('inserts, updates by id and refuses the same content under another id', async () => {
      const { store } = current();
      assert.equal(await store.putArticle(article()), 'inserted');
      assert.deepEqual(await store.getArticle('a1'), article());
      const changed = article({ text: 'Changed.', contentHash: 'hash-1b', updatedAt: at(9), title: 'New title', author: 'A. Writer' });
      assert.equal(await store.putArticle(changed), 'updated');
      assert.deepEqual(await store.getArticle('a1'), changed);
      assert.equal(await store.putArticle(article({ id: 'a2', url: 'https://mirror.example/1', contentHash: 'hash-1b' })), 'duplicate');
      assert.equal(await store.getArticle('a2'), undefined);
      assert.equal(await store.putArticle(changed), 'updated', 'the same article again is an update, not a duplicate');
      assert.equal(await store.getArticle('missing'), undefined);
    });
    it('round-trips nulls, empty topics and unicode', async () => {
      const { store } = current();
      const bare = article({ outlet: null, author: null, publishedAt: null, topics: [], text: 'Ünïcode 🙂 "quotes" \\ back' });
      await store.putArticle(bare);
      assert.deepEqual(await store.getArticle('a1'), bare);
    });
    it('returns copies: mutating topics does not change what is stored', async () => {
      const { store } = current();
      const a = article();
      await store.putArticle(a);
      a.topics.push('mutated');
      const got = await store.getArticle('a1');
      got?.topics.push('again');
      assert.deepEqual((await store.getArticle('a1'))?.topics, ['us-russia', 'energy']);
      const listed = await store.listArticles();
      listed[0]?.topics.push('listed');
      assert.deepEqual((await store.getArticle('a1'))?.topics, ['us-russia', 'energy']);
    });
    it('knows which ids are stored', async () => {
      const { store } = current();
      await store.putArticle(article());
      await store.putArticle(article({ id: 'a2', contentHash: 'hash-2' }));
      assert.deepEqual(await store.knownArticles([]), new Set());
      assert.deepEqual(await store.knownArticles(['a1', 'x', 'a2', 'a1']), new Set(['a1', 'a2']));
    });
    it('lists by update time then id, after a time (exclusive), up to a limit', async () => {
      const { store } = current();
      await store.putArticle(article({ id: 'c', contentHash: 'h-c', updatedAt: at(3) }));
      await store.putArticle(article({ id: 'b', contentHash: 'h-b', updatedAt: at(1) }));
      await store.putArticle(article({ id: 'a', contentHash: 'h-a', updatedAt: at(3) }));
      await store.putArticle(article({ id: 'B', contentHash: 'h-B', updatedAt: at(3) }));
      const ids = async (options?: { updatedAfter?: string; limit?: number }) => (await store.listArticles(options)).map((a) => a.id);
      assert.deepEqual(await ids(), ['b', 'B', 'a', 'c']);
      assert.deepEqual(await ids({ updatedAfter: at(1) }), ['B', 'a', 'c']);
      assert.deepEqual(await ids({ updatedAfter: at(3) }), []);
      assert.deepEqual(await ids({ limit: 2 }), ['b', 'B']);
      assert.deepEqual(await ids({ updatedAfter: at(0), limit: 1 }), ['b']);
      assert.deepEqual(await ids({ limit: 0 }), []);
    });
    it('prunes articles fetched before a time and returns how many', async () => {
      const { store } = current();
      await store.putArticle(article({ id: 'old', contentHash: 'h-old', fetchedAt: at(0), updatedAt: at(20) }));
      await store.putArticle(article({ id: 'edge', contentHash: 'h-edge', fetchedAt: at(10), updatedAt: at(10) }));
      await store.putArticle(article({ id: 'new', contentHash: 'h-new', fetchedAt: at(20), updatedAt: at(20) }));
      assert.equal(await store.pruneArticles(at(10)), 1);
      assert.deepEqual(await store.knownArticles(['old', 'edge', 'new']), new Set(['edge', 'new']));
      assert.equal(await store.pruneArticles(at(10)), 0);
      assert.equal(await store.pruneArticles(at(60)), 2);
      assert.deepEqual(await store.listArticles(), []);
      assert.equal(await store.putArticle(article({ id: 'again', contentHash: 'h-old' })), 'inserted', 'a pruned hash can come back');
    });
  });
}
