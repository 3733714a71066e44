// The scheduler's parts alone, each with its collaborators faked.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createManualClock } from '../../src/core/clock.ts';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { makeBinding, runSlot, type BindingDeps } from '../../src/scheduler/cron-bindings.ts';
import type { Subscription } from '../../src/scheduler/digest-types.ts';
import { createFiresInFlight } from '../../src/scheduler/fires-in-flight.ts';
import { createSweepLoop } from '../../src/scheduler/sweep-loop.ts';

const sub: Subscription = {
  id: 'dg-1', platform: 'console', conversationId: 'console:local', topic: 'us-russia', cron: '0 8 * * *', timezone: 'UTC',
  length: 'short', postWhenEmpty: false, source: 'chat', createdBy: null, createdAt: '2026-05-01T00:00:00.000Z',
};

describe('fires in flight', () => {
  it('runs one subscription\'s work in order, and ending() settles when a fire ends', async () => {
    const inFlight = createFiresInFlight();
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const first = inFlight.serialize('a', async () => { await gate; order.push('a1'); });
    const second = inFlight.serialize('a', async () => { order.push('a2'); });
    await inFlight.serialize('b', async () => { order.push('b1'); });
    release();
    await Promise.all([first, second]);
    assert.deepEqual(order, ['b1', 'a1', 'a2']);

    inFlight.begin('k', true);
    assert.equal(inFlight.get('k')?.late, true);
    const ending = inFlight.ending();
    inFlight.end('k');
    await Promise.all(ending);
    assert.equal(inFlight.has('k'), false);
    assert.deepEqual(inFlight.keys(), []);
  });
});

describe('runSlot', () => {
  function deps(claim: BindingDeps['claim']): BindingDeps & { failing: number; delivered: number } {
    const d = {
      failing: 0, delivered: 0,
      cron: { schedule: () => ({ stop() {}, destroy() {}, on() {} }) },
      logger: createMemoryLogger(), leaseMs: 60_000, hasPlatform: () => true, inFlight: createFiresInFlight(),
      claim, observe: () => {}, requestSweep: () => {}, canSchedule: () => false,
      deliver: async () => { d.delivered++; return 'sent' as const; },
      storeFailing: () => { d.failing++; },
    };
    return d;
  }
  const slot = new Date('2026-05-04T08:00:00Z');

  it('asks the coordinator first: no claim, no fire', async () => {
    const d = deps(async () => false);
    const outcome = await runSlot(d, makeBinding(d, sub), slot);
    assert.deepEqual(outcome, { subscriptionId: 'dg-1', scheduledAt: slot.toISOString(), late: false, status: 'not-claimed' });
    assert.equal(d.delivered, 0);
  });

  it('a claim the store could not record reports the store failing and fires nothing', async () => {
    const d = deps(async () => { throw new Error('store down'); });
    const outcome = await runSlot(d, makeBinding(d, sub), slot);
    assert.equal(outcome.status, 'not-claimed');
    assert.ok(d.failing >= 1);
    assert.equal(d.delivered, 0);
  });

  it('a claimed slot is delivered once and leaves nothing in flight', async () => {
    const d = deps(async (s, at) => { d.inFlight.begin(`${s.id}@${at.toISOString()}`, false); return true; });
    const outcome = await runSlot(d, makeBinding(d, sub), slot);
    assert.equal(outcome.status, 'sent');
    assert.equal(d.delivered, 1);
    assert.deepEqual(d.inFlight.keys(), []);
  });
});

describe('sweep loop', () => {
  it('coalesces requests, sweeps fast while the store fails and stops once it answers', async () => {
    const intervals: Array<{ fn: () => void; ms: number; cleared: boolean }> = [];
    let reloadFails = true;
    let sweeps = 0;
    const loop = createSweepLoop({
      timers: {
        setInterval: (fn, ms) => { const h = { fn, ms, cleared: false }; intervals.push(h); return h; },
        clearInterval: (h) => { (h as { cleared: boolean }).cleared = true; },
      },
      clock: createManualClock('2026-05-04T08:00:00Z'), logger: createMemoryLogger(), storeRetryMs: 5000,
      reload: async () => { if (reloadFails) throw new Error('store down'); },
      sweep: async () => { sweeps++; return { outcomes: [], failed: false }; },
      isStarted: () => true, isStopping: () => false,
    });
    await assert.rejects(loop.run(), /store down/);
    assert.deepEqual(intervals.map((i) => [i.ms, i.cleared]), [[5000, false]], 'one fast loop while the store fails');
    reloadFails = false;
    loop.request();
    loop.request();
    await loop.idle();
    assert.equal(sweeps, 1, 'two requests before the sweep started: one sweep');
    assert.equal(intervals[0].cleared, true, 'the fast loop stops once a sweep succeeds');
  });
});
