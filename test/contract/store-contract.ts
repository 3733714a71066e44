// The one behaviour every Store must have. Each backend's test file calls storeContract() with a
// factory; every case gets a fresh store and a manual clock, so cases never see each other's data.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { createManualClock } from '../../src/core/clock.ts';
import type { ConversationState } from '../../src/briefing/service-types.ts';
import type { Turn } from '../../src/engines/engine-types.ts';
import type { Subscription } from '../../src/scheduler/digest-types.ts';
import type { Store } from '../../src/store/store.ts';
import { feedStoreContract } from './feed-store-contract.ts';

export type ManualClock = ReturnType<typeof createManualClock>;

export interface StoreFixture {
  store: Store;
  clock: ManualClock;
  cleanup(): Promise<void>;
}

export const CONTRACT_START = '2025-03-01T08:00:00.000Z';

function subscription(overrides: Partial<Subscription> = {}): Subscription {
  return {
    id: 'sub-1',
    platform: 'slack',
    conversationId: 'slack:C1',
    topic: 'us-russia',
    cron: '0 8 * * *',
    timezone: 'Europe/Berlin',
    length: 'short',
    postWhenEmpty: false,
    source: 'chat',
    createdBy: 'slack:U1',
    createdAt: '2025-03-01T07:00:00.000Z',
    ...overrides,
  };
}

function turn(n: number, role: Turn['role'] = 'user'): Turn {
  return { role, text: `turn ${n}`, at: new Date(Date.UTC(2025, 2, 1, 8, 0, n)).toISOString() };
}

export function storeContract(name: string, make: () => Promise<StoreFixture>): void {
  describe(`Store contract: ${name}`, () => {
    let fx: StoreFixture;
    let store: Store;
    let clock: ManualClock;

    beforeEach(async () => {
      fx = await make();
      store = fx.store;
      clock = fx.clock;
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    describe('lifecycle', () => {
      it('pings', async () => {
        await store.ping();
        assert.ok(['sqlite', 'postgres', 'memory'].includes(store.kind));
      });
      it('close can be called twice', async () => {
        await store.close();
        await store.close();
      });
    });

    describe('cache', () => {
      it('misses an unknown key', async () => {
        assert.equal(await store.cacheGet('nope'), undefined);
      });
      it('round-trips JSON values and overwrites', async () => {
        const value = { headline: 'Talks «resume» — 会谈', n: 3.5, list: [1, 'two', null, { deep: true }], none: null };
        await store.cacheSet('brief:1', value);
        assert.deepEqual(await store.cacheGet('brief:1'), value);
        await store.cacheSet('brief:1', 'replaced');
        assert.equal(await store.cacheGet('brief:1'), 'replaced');
        await store.cacheSet('num', 0);
        assert.equal(await store.cacheGet('num'), 0);
        await store.cacheSet('arr', []);
        assert.deepEqual(await store.cacheGet('arr'), []);
      });
      it('returns copies: mutating a value does not change what is stored', async () => {
        const value = { list: [1] };
        await store.cacheSet('k', value);
        value.list.push(2);
        const got = await store.cacheGet<{ list: number[] }>('k');
        assert.deepEqual(got, { list: [1] });
        got?.list.push(3);
        assert.deepEqual(await store.cacheGet('k'), { list: [1] });
      });
      it('expires an entry when its ttl has passed (by the injected clock)', async () => {
        await store.cacheSet('short', 'v', 1_000);
        clock.advance(999);
        assert.equal(await store.cacheGet('short'), 'v');
        clock.advance(1);
        assert.equal(await store.cacheGet('short'), undefined);
        await store.cacheSet('short', 'again', 1_000);
        assert.equal(await store.cacheGet('short'), 'again');
      });
      it('keeps an entry without ttl forever, and a re-set without ttl clears an old ttl', async () => {
        await store.cacheSet('forever', 1);
        await store.cacheSet('was-short', 2, 10);
        await store.cacheSet('was-short', 3);
        clock.advance(10 * 365 * 24 * 3600_000);
        assert.equal(await store.cacheGet('forever'), 1);
        assert.equal(await store.cacheGet('was-short'), 3);
      });
      it('survives the periodic purge of expired entries', async () => {
        await store.cacheSet('keep', 'k', 3_600_000 * 24);
        await store.cacheSet('drop', 'd', 1_000);
        clock.advance(60 * 60_000);
        await store.cacheSet('trigger', 't', 1_000); // a write after the purge interval purges
        assert.equal(await store.cacheGet('keep'), 'k');
        assert.equal(await store.cacheGet('drop'), undefined);
        assert.equal(await store.cacheGet('trigger'), 't');
      });
      it('refuses undefined (it has no JSON form)', async () => {
        await assert.rejects(store.cacheSet('u', undefined));
      });
    });

    describe('claims', () => {
      it('gives a key to the first owner only', async () => {
        assert.equal(await store.claim('fire:1', 'a', 60_000), true);
        assert.equal(await store.claim('fire:1', 'b', 60_000), false);
        assert.equal(await store.claim('fire:2', 'b', 60_000), true);
      });
      it('lets the same owner re-claim, which extends the ttl', async () => {
        assert.equal(await store.claim('k', 'a', 1_000), true);
        clock.advance(900);
        assert.equal(await store.claim('k', 'a', 1_000), true);
        clock.advance(900); // 1800 ms after the first claim, 900 after the renewal
        assert.equal(await store.claim('k', 'b', 1_000), false);
        clock.advance(100);
        assert.equal(await store.claim('k', 'b', 1_000), true);
      });
      it('frees the key when the ttl passes', async () => {
        assert.equal(await store.claim('k', 'a', 1_000), true);
        clock.advance(999);
        assert.equal(await store.claim('k', 'b', 1_000), false);
        clock.advance(1);
        assert.equal(await store.claim('k', 'b', 1_000), true);
        assert.equal(await store.claim('k', 'a', 1_000), false, 'the old owner lost it');
      });
      it('releases only for the owner', async () => {
        assert.equal(await store.claim('k', 'a', 60_000), true);
        await store.release('k', 'b');
        assert.equal(await store.claim('k', 'b', 60_000), false);
        await store.release('k', 'a');
        assert.equal(await store.claim('k', 'b', 60_000), true);
        await store.release('unknown', 'a');
      });
      it('20 parallel claims of one key: exactly one wins', async () => {
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.claim('race', `owner-${i}`, 60_000)));
        assert.equal(results.filter(Boolean).length, 1);
      });
    });

    describe('conversations', () => {
      const state: ConversationState = {
        topic: { slug: 'us-russia', title: 'US–Russia talks' },
        query: 'us-russia',
        sourceDocIds: ['d1', 'd2'],
        turns: [turn(1), turn(2, 'assistant')],
      };

      it('is undefined for an unknown id', async () => {
        assert.equal(await store.getConversation('slack:C1:1.1'), undefined);
      });
      it('puts, gets and replaces', async () => {
        await store.putConversation('slack:C1:1.1', state);
        assert.deepEqual(await store.getConversation('slack:C1:1.1'), state);
        const next = { ...state, query: 'other', turns: [] };
        await store.putConversation('slack:C1:1.1', next);
        assert.deepEqual(await store.getConversation('slack:C1:1.1'), next);
      });
      it('appendTurn creates a conversation when absent', async () => {
        await store.appendTurn('discord:g:c:t', turn(1), 10);
        assert.deepEqual(await store.getConversation('discord:g:c:t'), { topic: null, query: null, sourceDocIds: [], turns: [turn(1)] });
      });
      it('appendTurn keeps the rest of the state and trims the oldest turns to maxTurns', async () => {
        await store.putConversation('c', state);
        await store.appendTurn('c', turn(3), 3);
        assert.deepEqual(await store.getConversation('c'), { ...state, turns: [turn(1), turn(2, 'assistant'), turn(3)] });
        await store.appendTurn('c', turn(4, 'assistant'), 3);
        await store.appendTurn('c', turn(5), 3);
        const got = await store.getConversation('c');
        assert.deepEqual(got?.turns, [turn(3), turn(4, 'assistant'), turn(5)]);
        assert.deepEqual(got?.sourceDocIds, ['d1', 'd2']);
        assert.deepEqual(got?.topic, state.topic);
        await store.appendTurn('c', turn(6), 1);
        assert.deepEqual((await store.getConversation('c'))?.turns, [turn(6)]);
      });
      it('appendTurn with maxTurns 0 keeps no turns', async () => {
        await store.putConversation('c', state);
        await store.appendTurn('c', turn(3), 0);
        assert.deepEqual((await store.getConversation('c'))?.turns, []);
        await store.appendTurn('fresh', turn(1), 0);
        assert.deepEqual((await store.getConversation('fresh'))?.turns, []);
      });
      it('parallel appendTurn calls lose no turn', async () => {
        await Promise.all(Array.from({ length: 10 }, (_, i) => store.appendTurn('busy', turn(i), 100)));
        const texts = (await store.getConversation('busy'))?.turns.map((t) => t.text).sort();
        assert.deepEqual(texts, Array.from({ length: 10 }, (_, i) => `turn ${i}`).sort());
      });
    });

    describe('usage', () => {
      it('counts tokens per day', async () => {
        assert.equal(await store.getUsage('2025-03-01'), 0);
        assert.equal(await store.addUsage('2025-03-01', 100), 100);
        assert.equal(await store.addUsage('2025-03-01', 50), 150);
        assert.equal(await store.addUsage('2025-03-02', 7), 7);
        assert.equal(await store.getUsage('2025-03-01'), 150);
        assert.equal(await store.getUsage('2025-03-02'), 7);
      });
      it('parallel additions all count', async () => {
        await Promise.all(Array.from({ length: 20 }, () => store.addUsage('d', 5)));
        assert.equal(await store.getUsage('d'), 100);
      });
      it('handles totals beyond 32 bits', async () => {
        await store.addUsage('big', 3_000_000_000);
        assert.equal(await store.addUsage('big', 3_000_000_000), 6_000_000_000);
      });
    });

    describe('subscriptions', () => {
      it('puts and gets a subscription exactly', async () => {
        const sub = subscription();
        await store.putSubscription(sub, 'slack:U1');
        assert.deepEqual(await store.getSubscription('sub-1'), sub);
        assert.equal(await store.getSubscription('missing'), undefined);
        const nullable = subscription({ id: 'sub-2', createdBy: null, postWhenEmpty: true, source: 'config', length: 'detailed' });
        await store.putSubscription(nullable, null);
        assert.deepEqual(await store.getSubscription('sub-2'), nullable);
      });
      it('replaces by id', async () => {
        await store.putSubscription(subscription(), 'slack:U1');
        await store.putSubscription(subscription({ topic: 'energy', cron: '30 9 * * 1-5' }), 'slack:U2');
        assert.deepEqual(await store.getSubscription('sub-1'), subscription({ topic: 'energy', cron: '30 9 * * 1-5' }));
        assert.equal((await store.listSubscriptions()).length, 1);
      });
      it('lists by creation time with conversation and platform filters', async () => {
        await store.putSubscription(subscription({ id: 'c', createdAt: '2025-03-01T09:00:00.000Z' }), null);
        await store.putSubscription(subscription({ id: 'a', createdAt: '2025-03-01T07:00:00.000Z' }), null);
        await store.putSubscription(subscription({ id: 'b', conversationId: 'slack:C2', createdAt: '2025-03-01T08:00:00.000Z' }), null);
        await store.putSubscription(subscription({ id: 'd', platform: 'discord', conversationId: 'discord:g:c', createdAt: '2025-03-01T06:00:00.000Z' }), null);
        const ids = async (filter?: { conversationId?: string; platform?: string }) => (await store.listSubscriptions(filter)).map((s) => s.id);
        assert.deepEqual(await ids(), ['d', 'a', 'b', 'c']);
        assert.deepEqual(await ids({}), ['d', 'a', 'b', 'c']);
        assert.deepEqual(await ids({ conversationId: 'slack:C1' }), ['a', 'c']);
        assert.deepEqual(await ids({ platform: 'slack' }), ['a', 'b', 'c']);
        assert.deepEqual(await ids({ platform: 'discord' }), ['d']);
        assert.deepEqual(await ids({ platform: 'slack', conversationId: 'slack:C2' }), ['b']);
        assert.deepEqual(await ids({ platform: 'discord', conversationId: 'slack:C2' }), []);
        assert.deepEqual((await store.listSubscriptions({ conversationId: 'slack:C2' }))[0], subscription({ id: 'b', conversationId: 'slack:C2', createdAt: '2025-03-01T08:00:00.000Z' }));
      });
      it('breaks creation-time ties by id in code-point order', async () => {
        for (const id of ['b', 'B', 'a', 'A']) await store.putSubscription(subscription({ id }), null);
        assert.deepEqual((await store.listSubscriptions()).map((s) => s.id), ['A', 'B', 'a', 'b']);
      });
      it('deletes, reporting whether it existed', async () => {
        await store.putSubscription(subscription(), 'slack:U1');
        assert.equal(await store.deleteSubscription('sub-1', 'slack:U1'), true);
        assert.equal(await store.getSubscription('sub-1'), undefined);
        assert.equal(await store.deleteSubscription('sub-1', 'slack:U1'), false);
        assert.deepEqual(await store.listSubscriptions(), []);
      });
      it('writes audit entries with actor, action, time and detail', async () => {
        await store.putSubscription(subscription(), 'slack:U1');
        clock.advance(1_000);
        await store.putSubscription(subscription({ id: 'cfg', source: 'config', createdBy: null }), null);
        clock.advance(1_000);
        assert.equal(await store.deleteSubscription('sub-1', 'slack:U9'), true);
        assert.equal(await store.deleteSubscription('never', 'slack:U9'), false);

        const all = await store.listAudit();
        assert.deepEqual(all.map((a) => [a.action, a.subscriptionId, a.actor, a.at]), [
          ['subscribe', 'sub-1', 'slack:U1', '2025-03-01T08:00:00.000Z'],
          ['config-sync', 'cfg', null, '2025-03-01T08:00:01.000Z'],
          ['unsubscribe', 'sub-1', 'slack:U9', '2025-03-01T08:00:02.000Z'],
        ]);
        assert.deepEqual(all[0]?.detail, {
          platform: 'slack', conversationId: 'slack:C1', topic: 'us-russia', cron: '0 8 * * *', timezone: 'Europe/Berlin',
          length: 'short', postWhenEmpty: false, source: 'chat',
        });
        assert.deepEqual(all[2]?.detail, all[0]?.detail, 'the unsubscribe entry records what was removed');
        assert.deepEqual((await store.listAudit('sub-1')).map((a) => a.action), ['subscribe', 'unsubscribe']);
        assert.deepEqual((await store.listAudit('cfg')).map((a) => a.action), ['config-sync']);
        assert.deepEqual(await store.listAudit('never'), []);
      });
    });

    describe('deliveries', () => {
      const fire = (n: number, sub = 'sub-1') => {
        const scheduledAt = new Date(Date.UTC(2025, 2, n, 8)).toISOString();
        return { fireKey: `${sub}@${scheduledAt}`, subscriptionId: sub, scheduledAt, late: false, owner: 'replica-a' };
      };

      it('claims a fire once and records it as claimed', async () => {
        const f = fire(1);
        assert.equal(await store.claimDelivery(f), true);
        assert.equal(await store.claimDelivery({ ...f, owner: 'replica-b' }), false);
        assert.deepEqual(await store.getDelivery(f.fireKey), {
          fireKey: f.fireKey, subscriptionId: 'sub-1', scheduledAt: f.scheduledAt, status: 'claimed', attempts: 0, late: false,
          messageId: null, error: null, owner: 'replica-a', updatedAt: CONTRACT_START,
        });
        assert.equal(await store.getDelivery('missing'), undefined);
        assert.equal(await store.claimDelivery({ ...fire(2), late: true }), true);
        assert.equal((await store.getDelivery(fire(2).fireKey))?.late, true);
      });
      it('20 parallel claimDelivery calls for one fire: exactly one true', async () => {
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.claimDelivery({ ...fire(1), owner: `r${i}` })));
        assert.equal(results.filter(Boolean).length, 1);
      });
      it('updates only the patched fields and the update time', async () => {
        const f = fire(1);
        await store.claimDelivery(f);
        clock.advance(5_000);
        await store.updateDelivery(f.fireKey, { status: 'failed', attempts: 1, error: 'rate limited' });
        let d = await store.getDelivery(f.fireKey);
        assert.equal(d?.status, 'failed');
        assert.equal(d?.attempts, 1);
        assert.equal(d?.error, 'rate limited');
        assert.equal(d?.owner, 'replica-a');
        assert.equal(d?.messageId, null);
        assert.equal(d?.updatedAt, '2025-03-01T08:00:05.000Z');
        clock.advance(5_000);
        await store.updateDelivery(f.fireKey, { status: 'sent', attempts: 2, messageId: '1712.5', error: null, owner: 'replica-b' });
        d = await store.getDelivery(f.fireKey);
        assert.deepEqual(
          [d?.status, d?.attempts, d?.messageId, d?.error, d?.owner, d?.late, d?.updatedAt],
          ['sent', 2, '1712.5', null, 'replica-b', false, '2025-03-01T08:00:10.000Z'],
        );
        await store.updateDelivery('missing', { status: 'sent' }); // no row: no error, nothing created
        assert.equal(await store.getDelivery('missing'), undefined);
      });
      it('lists a subscription\'s deliveries newest first, with a limit', async () => {
        for (const n of [3, 1, 2, 5, 4]) await store.claimDelivery(fire(n));
        await store.claimDelivery(fire(9, 'other'));
        const keys = (await store.listDeliveries('sub-1')).map((d) => d.fireKey);
        assert.deepEqual(keys, [5, 4, 3, 2, 1].map((n) => fire(n).fireKey));
        assert.deepEqual((await store.listDeliveries('sub-1', 2)).map((d) => d.fireKey), [fire(5).fireKey, fire(4).fireKey]);
        assert.deepEqual(await store.listDeliveries('nobody'), []);
      });
      it('orders by scheduled time, not by the text of the time', async () => {
        // Same instant family written with different offsets: string order would differ from time order.
        const early = { fireKey: 'x@early', subscriptionId: 's', scheduledAt: '2025-03-01T09:00:00+02:00', late: false, owner: 'a' }; // 07:00Z
        const late = { fireKey: 'x@late', subscriptionId: 's', scheduledAt: '2025-03-01T08:00:00.000Z', late: false, owner: 'a' };
        await store.claimDelivery(early);
        await store.claimDelivery(late);
        assert.deepEqual((await store.listDeliveries('s')).map((d) => d.fireKey), ['x@late', 'x@early']);
        assert.equal((await store.getDelivery('x@early'))?.scheduledAt, '2025-03-01T09:00:00+02:00');
      });
      it('lastSuccessfulDelivery is the latest sent or skipped fire', async () => {
        assert.equal(await store.lastSuccessfulDelivery('sub-1'), undefined);
        for (const n of [1, 2, 3, 4]) await store.claimDelivery(fire(n));
        await store.updateDelivery(fire(1).fireKey, { status: 'sent' });
        await store.updateDelivery(fire(2).fireKey, { status: 'skipped' });
        await store.updateDelivery(fire(3).fireKey, { status: 'failed' });
        // fire 4 stays claimed
        assert.equal((await store.lastSuccessfulDelivery('sub-1'))?.fireKey, fire(2).fireKey);
        await store.updateDelivery(fire(3).fireKey, { status: 'sent', messageId: 'm3' });
        const last = await store.lastSuccessfulDelivery('sub-1');
        assert.equal(last?.fireKey, fire(3).fireKey);
        assert.equal(last?.messageId, 'm3');
        assert.equal(await store.lastSuccessfulDelivery('other'), undefined);
      });
    });

    describe('seen documents', () => {
      it('is empty for an unknown subscription', async () => {
        const seen = await store.getSeenDocuments('sub-1');
        assert.ok(seen instanceof Map);
        assert.equal(seen.size, 0);
      });
      it('merges marks per subscription, updating changed hashes', async () => {
        await store.markSeenDocuments('sub-1', new Map([['d1', 'h1'], ['d2', 'h2']]));
        await store.markSeenDocuments('sub-1', new Map([['d2', 'h2b'], ['d3', 'h3']]));
        await store.markSeenDocuments('sub-2', new Map([['d1', 'other']]));
        await store.markSeenDocuments('sub-1', new Map());
        assert.deepEqual(await store.getSeenDocuments('sub-1'), new Map([['d1', 'h1'], ['d2', 'h2b'], ['d3', 'h3']]));
        assert.deepEqual(await store.getSeenDocuments('sub-2'), new Map([['d1', 'other']]));
      });
    });

    feedStoreContract(() => ({ store, clock }));
  });
}
