// Needs a PostgreSQL: TEST_DATABASE_URL (CI sets it). Two replicas, each with its own store
// connection and poller, share one database: each feed is fetched once per interval, and a
// restarted replica fetches no article page twice.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Pool } from 'pg';
import { silentLogger } from '../../src/core/logger.ts';
import { createFeedPoller } from '../../src/feeds/feed-poller.ts';
import type { FeedSource } from '../../src/feeds/feed-types.ts';
import { createSafeFetcher } from '../../src/feeds/safe-fetcher.ts';
import { createPostgresStore } from '../../src/store/postgres-store.ts';
import type { Store } from '../../src/store/store.ts';
import { articlePage, rssFeed, story } from './feed-fixtures.ts';
import { sendHtml, sendXml, startFeedServer, type FeedServer } from './feed-server.ts';

const url = process.env.TEST_DATABASE_URL;
const schema = `bbt_pgpoll_${process.pid}_${Date.now().toString(36)}`;
const START = Date.parse('2026-12-05T12:00:00Z');
let now = new Date(START);
const clock = { now: () => now };

if (!url) {
  it('postgres feed poller tests', { skip: 'TEST_DATABASE_URL is not set (CI sets it); PostgreSQL tests skipped' }, () => {});
} else {
  describe('feed polling by two replicas on PostgreSQL', () => {
    let server: FeedServer;
    const stores: Store[] = [];
    const openStore = async () => {
      const store = await createPostgresStore({ connectionString: url, schema, clock, poolSize: 4 });
      stores.push(store);
      return store;
    };
    const fetcher = createSafeFetcher({ allowPrivateHosts: false, isAllowedAddress: (ip) => ip === '127.0.0.1', timeoutMs: 5000, clock });
    const source = (): FeedSource => ({
      id: 'pgshared', url: `${server.base}/world.xml`, everyMs: 10 * 60_000, topics: [], fetchArticles: true,
      origin: 'config', addedBy: null, addedAt: new Date(START).toISOString(),
    });
    const replica = (store: Store, owner: string) =>
      createFeedPoller({ store, fetcher, clock, logger: silentLogger, owner, sources: () => [source()], retentionDays: 30 });

    before(async () => {
      server = await startFeedServer();
      server.routes.set('/world.xml', sendXml(rssFeed('World Desk', [1, 2, 3].map((i) => ({ title: `Story ${i}`, link: `/a/${i}`, text: `Teaser ${i}…` })))));
      for (const i of [1, 2, 3]) server.routes.set(`/a/${i}`, sendHtml(articlePage(`Story ${i}`, story(`W${i}`, 4))));
    });
    after(async () => {
      await Promise.all(stores.map((s) => s.close()));
      const admin = new Pool({ connectionString: url, max: 1 });
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
      await server.close();
    });

    it('each feed is fetched once per interval, and its pages once in all', async () => {
      const [a, b] = [replica(await openStore(), 'replica-a'), replica(await openStore(), 'replica-b')];
      for (let minute = 0; minute < 30; minute += 1) {
        now = new Date(START + minute * 60_000);
        await Promise.all([a.pollDue(), b.pollDue()]);
      }
      assert.equal(server.hitCount('/world.xml'), 3, 'minutes 0, 10 and 20');
      for (const i of [1, 2, 3]) assert.equal(server.hitCount(`/a/${i}`), 1, `page ${i}`);
      assert.equal((await stores[0].listArticles()).length, 3);
    });

    it('a restarted replica (new connection, new poller) fetches no page twice', async () => {
      now = new Date(START + 60 * 60_000);
      const restarted = replica(await openStore(), 'replica-a-restarted');
      const [line] = await restarted.pollAll();
      assert.equal(line.outcome, 'unchanged');
      assert.equal(line.newCount, 0);
      for (const i of [1, 2, 3]) assert.equal(server.hitCount(`/a/${i}`), 1, `page ${i}`);
    });
  });
}
