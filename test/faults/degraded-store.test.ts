// The degraded store in isolation: what each operation does while the database is down or
// hanging, the breaker, the rate-limited warnings, the budget failing closed, and usage spent
// while down being counted once the database is back.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createManualClock } from '../../src/core/clock.ts';
import { errorCode } from '../../src/core/errors.ts';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { classifyFailure, fallbackNote } from '../../src/engines/openai-errors.ts';
import { createDegradedStore, STORE_UNAVAILABLE } from '../../src/store/degraded-store.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { flaky } from './flaky-store.ts';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => { unhandled.length = 0; process.on('unhandledRejection', onUnhandled); });
afterEach(() => { process.off('unhandledRejection', onUnhandled); assert.deepEqual(unhandled, [], 'no unhandled rejections'); });

function setup(options: { timeoutMs?: number; retryAfterMs?: number; warnIntervalMs?: number } = {}) {
  const clock = createManualClock('2026-11-26T09:00:00Z');
  const db = flaky(createMemoryStore({ clock }));
  const logger = createMemoryLogger();
  let t = 0;
  const states: string[] = [];
  const store = createDegradedStore(db.store, logger, {
    timeoutMs: options.timeoutMs ?? 50,
    retryAfterMs: options.retryAfterMs ?? 0,
    warnIntervalMs: options.warnIntervalMs ?? 60_000,
    now: () => t,
    onStateChange: (s) => states.push(s),
  });
  return { db, store, logger, states, tick: (ms: number) => { t += ms; } };
}

const sub = {
  id: 'sub-1', platform: 'console', conversationId: 'console:local', topic: 'us-russia', cron: '0 8 * * *', timezone: 'UTC',
  length: 'short' as const, postWhenEmpty: false, createdBy: null, createdAt: '2026-11-26T09:00:00.000Z', source: 'chat' as const,
};

describe('degraded store', () => {
  it('passes everything through while the database is up', async () => {
    const { store, logger } = setup();
    await store.cacheSet('k', { v: 1 });
    assert.deepEqual(await store.cacheGet('k'), { v: 1 });
    assert.equal(await store.claim('event:1', 'a', 60_000), true);
    assert.equal(await store.claim('event:1', 'b', 60_000), false, 'a real claim still dedupes');
    await store.appendTurn('c1', { role: 'user', text: 'hi', at: '2026-11-26T09:00:00.000Z' }, 5);
    assert.equal((await store.getConversation('c1'))?.turns.length, 1);
    assert.equal(await store.addUsage('2026-11-26', 100), 100);
    assert.equal(await store.getUsage('2026-11-26'), 100);
    assert.equal(store.degraded, false);
    assert.equal(logger.lines.filter((l) => l.level !== 'debug').length, 0);
  });

  it('while the database is down: cache, memory and dedupe fail soft; the budget fails closed; deliveries stay strict', async () => {
    const { db, store, logger, states } = setup();
    db.mode = 'down';
    assert.equal(await store.cacheGet('k'), undefined);
    await store.cacheSet('k', 1);
    assert.equal(await store.getConversation('c1'), undefined);
    await store.putConversation('c1', { topic: null, query: null, sourceDocIds: [], turns: [] });
    await store.appendTurn('c1', { role: 'user', text: 'hi', at: '2026-11-26T09:00:00.000Z' }, 5);
    assert.equal(await store.claim('event:2', 'a', 60_000), true, 'answer rather than drop');
    assert.equal(await store.claim('event:2', 'b', 60_000), false, 'a retry reaching this replica is still deduped (in memory)');
    assert.equal(await store.claim('event:2', 'a', 60_000), true, 'the holder keeps its claim');
    await store.release('event:2', 'a');
    assert.equal(await store.claim('event:2', 'b', 60_000), true, 'released');
    await assert.rejects(store.getUsage('2026-11-26'), (e) => errorCode(e) === STORE_UNAVAILABLE);
    // What the openai engine turns that into:
    const failure = await store.getUsage('2026-11-26').catch((e: unknown) => e);
    assert.equal(classifyFailure(failure), 'budget_unknown');
    assert.match(fallbackNote('budget_unknown', 'summary'), /token budget could not be checked \(the database is unreachable\); this is the offline summary\./);
    // The scheduler's side is never softened.
    await assert.rejects(store.claimDelivery({ fireKey: 'f', subscriptionId: 's', scheduledAt: '2026-11-26T08:00:00.000Z', late: false, owner: 'a' }), /ECONNREFUSED/);
    await assert.rejects(store.updateDelivery('f', { status: 'sent' }), /ECONNREFUSED/);
    await assert.rejects(store.putSubscription(sub, null), /ECONNREFUSED/);
    await assert.rejects(store.listSubscriptions(), /ECONNREFUSED/);
    await assert.rejects(store.ping(), /ECONNREFUSED/);
    assert.equal(store.degraded, true);
    assert.deepEqual(states, ['down']);

    const errors = logger.lines.filter((l) => l.level === 'error');
    assert.equal(errors.length, 1, 'one error when it goes down');
    assert.match(String(errors[0].msg), /store unreachable/);
    assert.equal(errors[0].code, 'ECONNREFUSED');
  });

  it('claims made in memory while the database was down still hold after it is back (no second answer)', async () => {
    const { db, store } = setup();
    db.mode = 'down';
    assert.equal(await store.claim('event:9', 'a', 60_000), true);
    db.mode = 'up';
    assert.equal(await store.claim('event:9', 'b', 60_000), false, 'the retry arriving after recovery is still a duplicate');
    assert.equal(await store.claim('event:10', 'b', 60_000), true, 'new keys go to the database');
    assert.equal(await store.claim('event:10', 'c', 60_000), false);
  });

  it('a hanging database costs at most the timeout per operation, and nothing rejects later', async () => {
    const { db, store } = setup({ timeoutMs: 30 });
    db.mode = 'hang';
    const started = performance.now();
    const results = await Promise.all([store.cacheGet('k'), store.getConversation('c'), store.claim('event:3', 'a', 1000), store.appendTurn('c', { role: 'user', text: 'x', at: 'now' }, 3)]);
    assert.deepEqual(results, [undefined, undefined, true, undefined]);
    assert.ok(performance.now() - started < 2000, 'answered after the timeout, not never');
    await assert.rejects(store.getUsage('2026-11-26'), (e) => errorCode(e) === STORE_UNAVAILABLE);
  });

  it('one slow answer under load is not an outage; timeouts in a row are', async () => {
    const { db, store, logger, states } = setup({ timeoutMs: 20, retryAfterMs: 5000 });
    db.mode = 'hang';
    assert.equal(await store.getConversation('c1'), undefined, 'that one operation goes without');
    db.mode = 'up';
    assert.equal(store.degraded, false, 'a single timeout does not open the breaker');
    await store.cacheSet('k', 'v');
    assert.equal(db.calls.get('cacheSet'), 1, 'the next operation still goes to the database');
    assert.deepEqual(logger.lines.filter((l) => l.level !== 'debug').map((l) => [l.level, l.msg]), [['warn', 'store slow: answering this one without it']]);
    db.mode = 'hang';
    await Promise.all([store.cacheGet('a'), store.cacheGet('b'), store.cacheGet('c')]);
    assert.equal(store.degraded, true, 'three in a row: down');
    assert.deepEqual(states, ['down']);
  });

  it('the breaker skips the database for retryAfterMs after a failure, then tries again and says when it is back', async () => {
    const { db, store, logger, states, tick } = setup({ retryAfterMs: 5000 });
    db.mode = 'down';
    assert.equal(await store.cacheGet('k'), undefined);
    db.mode = 'up';
    await store.cacheSet('k', 'v');
    assert.equal(db.calls.get('cacheSet'), undefined, 'skipped while the breaker is open');
    assert.equal(await store.cacheGet('k'), undefined);
    tick(5001);
    await store.cacheSet('k', 'v');
    assert.equal(await store.cacheGet('k'), 'v');
    assert.equal(store.degraded, false);
    assert.deepEqual(states, ['down', 'up']);
    const back = logger.lines.find((l) => l.msg === 'store reachable again');
    assert.ok(back, 'recovery is logged');
    assert.equal(back.softFailures, 3);
  });

  it('warnings are rate-limited per operation and count what they suppressed', async () => {
    const { db, store, logger, tick } = setup({ warnIntervalMs: 1000 });
    db.mode = 'down';
    for (let i = 0; i < 50; i++) await store.cacheGet(`k${i}`);
    for (let i = 0; i < 5; i++) await store.getConversation(`c${i}`);
    const noisy = () => logger.lines.filter((l) => l.level === 'warn' || l.level === 'error');
    // One error (down) + one warning for the first getConversation.
    assert.deepEqual(noisy().map((l) => [l.level, l.operation]), [['error', 'cacheGet'], ['warn', 'getConversation']]);
    tick(1001);
    await store.cacheGet('again');
    const last = noisy().at(-1)!;
    assert.equal(last.operation, 'cacheGet');
    assert.equal(last.suppressed, 49);
  });

  it('tokens spent while the database was down are added once it is back', async () => {
    const { db, store } = setup();
    await store.addUsage('2026-11-26', 1000);
    db.mode = 'down';
    // The model call already happened (the count failed afterwards): spent is spent.
    await store.addUsage('2026-11-26', 300);
    await store.addUsage('2026-11-26', 200);
    assert.equal(store.pendingUsage('2026-11-26'), 500);
    db.mode = 'up';
    assert.equal(await store.getUsage('2026-11-26'), 1500, 'the budget check sees what was spent meanwhile');
    assert.equal(store.pendingUsage('2026-11-26'), 0);
    assert.equal(await store.addUsage('2026-11-26', 10), 1510, 'and counts it once');
  });

  it('a usage write that lands after the timeout is not counted twice', async () => {
    const clock = createManualClock('2026-11-26T09:00:00Z');
    const inner = createMemoryStore({ clock });
    let release: (() => void) | null = null;
    const slow = new Proxy(inner, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (prop !== 'addUsage') return typeof value === 'function' ? value.bind(target) : value;
        return async (day: string, tokens: number) => {
          await new Promise<void>((resolve) => { release = resolve; });
          return inner.addUsage(day, tokens);
        };
      },
    });
    const store = createDegradedStore(slow, createMemoryLogger(), { timeoutMs: 20, retryAfterMs: 0 });
    await store.addUsage('2026-11-26', 70);
    assert.equal(store.pendingUsage('2026-11-26'), 70, 'timed out: kept as pending');
    release!();
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(store.pendingUsage('2026-11-26'), 0, 'the late write landed: no longer pending');
    assert.equal(await inner.getUsage('2026-11-26'), 70);
  });
});
