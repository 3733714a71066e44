// A digest that falls due while the store is down is never lost silently.
// Every scheduled time gets a record, and catch-up posts soon after the store answers again,
// also when a later fire was recorded first (the sweep used to look only after the newest
// record). Injected clock, flaky store and fake node-cron; no real waiting.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createManualClock } from '../../src/core/clock.ts';
import type { SchedulerTimers } from '../../src/scheduler/digest-scheduler.ts';
import { fireKeyOf } from '../../src/scheduler/digest-scheduler.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { flaky } from '../faults/flaky-store.ts';
import { admin, digestPosts, digestSettings, doc, rig } from './fakes.ts';

const at = (iso: string) => new Date(iso);

function loopTimers(): SchedulerTimers & { loops: Map<number, { fn: () => void; ms: number }> } {
  const loops = new Map<number, { fn: () => void; ms: number }>();
  let next = 1;
  return {
    loops,
    setInterval(fn, ms) { const id = next++; loops.set(id, { fn, ms }); return id; },
    clearInterval(handle) { loops.delete(handle as number); },
    async sleep() {},
  };
}

async function setup() {
  const clock = createManualClock('2026-11-26T10:00:10Z');
  const db = flaky(createMemoryStore({ clock }));
  const timers = loopTimers();
  const r = rig(db.store, clock, { timers, config: { digests: [], digest: { ...digestSettings, minIntervalMinutes: 1 } } });
  await r.scheduler.start();
  const sub = await r.scheduler.service.subscribe({ platform: 'console', conversationId: 'console:local', topic: 'us-russia', schedule: '* * * * *', timezone: 'UTC', user: admin });
  const name = `digest:${sub.id}`;
  clock.set('2026-11-26T10:01:00Z');
  await r.cron.trigger(name, at('2026-11-26T10:01:00Z'));
  // The store goes away for about 55 s around the 10:02 fire.
  db.mode = 'down';
  clock.set('2026-11-26T10:02:00Z');
  await assert.rejects(r.cron.trigger(name, at('2026-11-26T10:02:00Z')));
  clock.set('2026-11-26T10:02:25Z');
  db.mode = 'up';
  r.topics.add('us-russia', doc('new while down'));
  return { clock, db, timers, r, sub, name };
}

describe('a digest due while the store is down', () => {
  it('gets a record even when a later fire was recorded before the sweep looked', async () => {
    const { clock, r, sub, name, db } = await setup();
    clock.set('2026-11-26T10:03:00Z');
    await r.cron.trigger(name, at('2026-11-26T10:03:00Z'));
    clock.set('2026-11-26T10:03:30Z');
    await r.scheduler.fireDue();
    const rows = (await db.store.listDeliveries(sub.id)).reverse();
    assert.deepEqual(rows.map((d) => [d.scheduledAt, d.status]), [
      ['2026-11-26T10:01:00.000Z', 'sent'],
      ['2026-11-26T10:02:00.000Z', 'missed'],
      ['2026-11-26T10:03:00.000Z', 'sent'],
    ]);
    assert.match(rows[1]!.error ?? '', /superseded/);
    assert.equal(digestPosts(r.platform).length, 2, 'the 10:03 digest covered what was new; nothing is posted twice');
    await r.scheduler.stop();
  });

  it('is delivered soon after the store answers again, by a fast retry sweep, before the next fire', async () => {
    const { clock, timers, r, sub, db } = await setup();
    const retry = [...timers.loops.values()].find((l) => l.ms === 5_000);
    assert.ok(retry, 'a failed claim starts a fast retry sweep');
    clock.set('2026-11-26T10:02:30Z');
    retry.fn();
    await r.scheduler.fireDue();
    const fire = await db.store.getDelivery(fireKeyOf(sub.id, at('2026-11-26T10:02:00Z')));
    assert.deepEqual([fire?.status, fire?.late], ['sent', false]);
    const posts = digestPosts(r.platform);
    assert.equal(posts.length, 2, 'the 10:02 digest went out after the store came back');
    assert.ok(![...timers.loops.values()].some((l) => l.ms === 5_000), 'the retry loop stops once the store answers');
    await r.scheduler.stop();
  });
});
