// Several scheduler replicas on one PostgreSQL: each fire is delivered exactly once, a replica
// frozen between claim and send is neither lost silently nor doubled, and a restart of several
// replicas after downtime catches up once. Needs TEST_DATABASE_URL; every test has its own schema.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Pool } from 'pg';
import { createManualClock } from '../../src/core/clock.ts';
import { fireKeyOf } from '../../src/scheduler/digest-scheduler.ts';
import { createPostgresStore } from '../../src/store/postgres-store.ts';
import type { Store } from '../../src/store/store.ts';
import { admin, digestPosts, fakeTopics, notices, rig, type Rig } from './fakes.ts';

const url = process.env.TEST_DATABASE_URL;
const prefix = `bbt_digest_${process.pid}_${Date.now().toString(36)}`;
let counter = 0;

let adminPool: Pool | undefined;
after(async () => { await adminPool?.end(); });

async function replicas(n: number, start: string) {
  const schema = `${prefix}_${++counter}`;
  const clock = createManualClock(start);
  const topics = fakeTopics();
  const stores: Store[] = [];
  const rigs: Rig[] = [];
  for (let i = 0; i < n; i++) {
    // One pool per replica, as separate processes would have.
    const store = await createPostgresStore({ connectionString: url!, schema, clock, poolSize: 4 });
    stores.push(store);
    rigs.push(rig(store, clock, { owner: `replica-${i}`, topics }));
  }
  const cleanup = async () => {
    await Promise.all(rigs.map((r) => r.scheduler.stop()));
    await Promise.all(stores.map((s) => s.close()));
    adminPool ??= new Pool({ connectionString: url, max: 1 });
    await adminPool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  };
  return { clock, stores, rigs, topics, cleanup, store: stores[0] };
}

const allDigests = (rigs: Rig[]) => rigs.flatMap((r) => digestPosts(r.platform));

if (!url) it('digest replicas on PostgreSQL', { skip: 'TEST_DATABASE_URL is not set; PostgreSQL replica tests skipped' }, () => {});
else describe('digest replicas on PostgreSQL', () => {
  it('two replicas racing on the same fires (cron callback and sweep, both replicas) deliver each fire exactly once', async () => {
    const { clock, rigs, store, topics, cleanup } = await replicas(2, '2026-05-04T05:00:00Z');
    try {
      const [a, b] = rigs;
      await Promise.all([a.scheduler.start(), b.scheduler.start()]);
      const sub = await a.scheduler.service.subscribe({ platform: 'console', conversationId: 'console:local', topic: 'us-russia', schedule: 'daily at 08:00', timezone: 'Europe/Berlin', user: admin });
      await b.scheduler.fireDue(); // B loads it (as its periodic reload would)
      const name = `digest:${sub.id}`;
      const fires = 12;
      for (let day = 0; day < fires; day++) {
        const slot = new Date(Date.parse('2026-05-04T06:00:00Z') + day * 86_400_000);
        clock.set(slot);
        topics.add('us-russia', { ...topics.documentsFor('us-russia')[0], id: `new-${day}`, hash: `h-${day}`, title: `news ${day}` });
        // Every path that can deliver this fire, on both replicas, at once.
        await Promise.all([a.cron.trigger(name, slot), b.cron.trigger(name, slot), a.scheduler.fireDue(), b.scheduler.fireDue()]);
      }
      const posts = allDigests(rigs);
      assert.equal(posts.length, fires, 'one post per fire across both replicas');
      const deliveries = await store.listDeliveries(sub.id, 100);
      assert.equal(deliveries.length, fires);
      assert.ok(deliveries.every((d) => d.status === 'sent' && d.attempts === 1 && !d.late));
      // Each replica's fake platform numbers its own messages: owner + id identifies a post.
      assert.equal(new Set(deliveries.map((d) => `${d.owner}/${d.messageId}`)).size, fires);
      // Each digest covered exactly the one document added before its fire (after the first).
      const briefed = [...a.briefing.calls, ...b.briefing.calls].map((c) => c.docIds.length).sort((x, y) => x - y);
      assert.deepEqual(briefed, [...Array(fires - 1).fill(1), 3]);
    } finally {
      await cleanup();
    }
  });

  it('a replica frozen between claim and send: the fire is marked unknown once, one notice, never re-sent', async () => {
    const { clock, rigs, store, cleanup } = await replicas(3, '2026-05-04T05:00:00Z');
    try {
      const [a, b, c] = rigs;
      const sub = await a.scheduler.service.subscribe({ platform: 'console', conversationId: 'console:local', topic: 'us-russia', schedule: 'daily at 08:00', timezone: 'UTC', user: admin });
      a.platform.hang = true;
      clock.set('2026-05-04T08:00:00Z');
      void a.scheduler.fireDue();
      const key = fireKeyOf(sub.id, clock.now());
      for (let i = 0; i < 200 && (await store.getDelivery(key))?.attempts !== 1; i++) await new Promise((r) => setTimeout(r, 5));
      assert.equal((await store.getDelivery(key))?.owner, 'replica-0');

      clock.set('2026-05-04T08:20:00Z'); // past the lease
      const outcomes = await Promise.all([b.scheduler.fireDue(), c.scheduler.fireDue()]);
      assert.deepEqual(outcomes.flat().map((o) => o.status), ['unknown']);
      assert.equal((await store.getDelivery(key))?.status, 'unknown');
      assert.equal(notices(b.platform).length + notices(c.platform).length, 1);
      assert.equal(allDigests(rigs).length, 0);

      clock.set('2026-05-05T08:00:00Z');
      await Promise.all([b.scheduler.fireDue(), c.scheduler.fireDue()]);
      assert.equal(allDigests(rigs).length, 1, 'the next fire goes out once');
      a.platform.hang = false;
    } finally {
      // Replica A is "dead": its hung post never settles; stop() is bounded.
      await cleanup();
    }
  });

  it('several replicas restarting after downtime catch up once', async () => {
    const { clock, rigs, store, cleanup } = await replicas(3, '2026-05-04T10:00:00Z');
    try {
      const sub = await rigs[0].scheduler.service.subscribe({ platform: 'console', conversationId: 'console:local', topic: 'us-russia', schedule: 'daily at 08:00', timezone: 'Europe/Berlin', user: admin });
      clock.set('2026-05-07T07:00:00Z'); // the bot was down for three days
      await Promise.all(rigs.map((r) => r.scheduler.start()));
      const posts = allDigests(rigs);
      assert.equal(posts.length, 1);
      assert.equal(posts[0].reply.kind, 'brief');
      const deliveries = (await store.listDeliveries(sub.id)).reverse();
      assert.deepEqual(deliveries.map((d) => [d.scheduledAt.slice(0, 10), d.status, d.late]), [
        ['2026-05-05', 'missed', true], ['2026-05-06', 'missed', true], ['2026-05-07', 'sent', true],
      ]);
    } finally {
      await cleanup();
    }
  });
});
