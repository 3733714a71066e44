import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import nodeCron from 'node-cron';
import { createManualClock } from '../../src/core/clock.ts';
import { ConfigError } from '../../src/core/errors.ts';
import type { Reply } from '../../commands/command-types.ts';
import { configDigestId } from '../../src/scheduler/config-sync.ts';
import { fireKeyOf } from '../../src/scheduler/digest-scheduler.ts';
import { nextFire } from '../../src/scheduler/fire-times.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import type { Store } from '../../src/store/store.ts';
import { admin, digestPosts, doc, fakePlatform, fakeTopics, notices, rig, type FakePlatform } from './fakes.ts';

const BERLIN = 'Europe/Berlin';

function setup(start: string) {
  const clock = createManualClock(start);
  const store = createMemoryStore({ clock });
  return { clock, store };
}

async function subscribe(r: ReturnType<typeof rig>, schedule = 'daily at 08:00', timezone = BERLIN) {
  return r.scheduler.service.subscribe({ platform: 'console', conversationId: 'console:local', topic: 'us-russia', schedule, timezone, user: admin });
}

function titleOf(reply: Reply): string {
  assert.equal(reply.kind, 'brief');
  return (reply as Extract<Reply, { kind: 'brief' }>).title ?? '';
}

function briefOf(reply: Reply) {
  assert.equal(reply.kind, 'brief');
  return (reply as Extract<Reply, { kind: 'brief' }>).brief;
}

/** Lets pending promise callbacks run (a frozen replica gets as far as it can). */
async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}

describe('digest scheduler: timing', () => {
  for (const [label, start, end, expected] of [
    ['spring forward 2026-03-29', '2026-03-27T12:00:00Z', '2026-03-30T12:00:00Z', ['2026-03-28T07:00:00.000Z', '2026-03-29T06:00:00.000Z', '2026-03-30T06:00:00.000Z']],
    ['fall back 2026-10-25', '2026-10-23T12:00:00Z', '2026-10-26T12:00:00Z', ['2026-10-24T06:00:00.000Z', '2026-10-25T07:00:00.000Z', '2026-10-26T07:00:00.000Z']],
  ] as const) {
    it(`posts at 08:00 Europe/Berlin wall time across ${label}, on time, once (clock stepped minute by minute)`, async () => {
      const { clock, store } = setup(start);
      const platform = fakePlatform();
      const postedAt: string[] = [];
      const timed: FakePlatform = Object.assign(Object.create(platform) as FakePlatform, {
        post: async (conversationId: string, reply: Reply) => {
          postedAt.push(clock.now().toISOString());
          return platform.post(conversationId, reply);
        },
      });
      const r = rig(store, clock, {
        platform: timed,
        config: {
          digests: [{ platform: 'console', channel: 'local', topic: 'us-russia', schedule: 'daily at 08:00', timezone: BERLIN, length: 'short', postWhenEmpty: true }],
          digest: { minIntervalMinutes: 15, maxPerChannel: 3, catchUpWindowMinutes: 120, defaultSchedule: 'daily at 08:00', maxAttempts: 4 },
        },
      });
      await r.scheduler.start();
      for (let t = clock.now().getTime(); t <= Date.parse(end); t += 60_000) {
        clock.set(t);
        await r.scheduler.fireDue();
      }
      await r.scheduler.stop();
      assert.deepEqual(postedAt, expected, 'posted exactly at each fire');
      const deliveries = (await store.listDeliveries(configDigestId({ platform: 'console', channel: 'local', topic: 'us-russia' }))).reverse();
      assert.deepEqual(deliveries.map((d) => d.scheduledAt), expected);
      assert.deepEqual(deliveries.map((d) => [d.status, d.late, d.owner]), expected.map(() => ['sent', false, 'replica-a']));
      // The first digest briefs everything; the next two have nothing new and (postWhenEmpty) say so.
      assert.equal(digestPosts(platform)[0].reply.kind, 'brief');
      assert.match(String((digestPosts(platform)[1].reply as { text: string }).text), /^Nothing new on US–Russia relations since Sat 2\d (Mar|Oct), 08:00 \(Europe\/Berlin\)\./);
    });
  }

  it('hands node-cron the schedule, timezone, overlap guard and the store-backed coordinator; its callback delivers once', async () => {
    const { clock, store } = setup('2026-05-04T05:00:00Z');
    const r = rig(store, clock);
    await r.scheduler.start();
    const sub = await subscribe(r, 'weekdays at 9:30');
    const task = r.cron.tasks.find((t) => t.options.name === `digest:${sub.id}`);
    assert.ok(task, 'a new subscription is scheduled immediately');
    assert.equal(task.expression, '30 9 * * 1-5');
    assert.equal(task.options.timezone, BERLIN);
    assert.equal(task.options.noOverlap, true);
    assert.equal(task.options.distributed, true);
    assert.ok(task.options.runCoordinator);

    const slot = new Date('2026-05-04T07:30:00Z'); // 09:30 CEST
    clock.set(slot);
    const first = await r.cron.trigger(`digest:${sub.id}`, slot);
    assert.equal((first as { status: string }).status, 'sent');
    assert.equal(await r.cron.trigger(`digest:${sub.id}`, slot), 'not-elected', 'the fire key is claimed once');
    assert.deepEqual(await r.scheduler.fireDue(), [], 'the sweep sees the delivery and does not repeat it');
    assert.equal(digestPosts(r.platform).length, 1);
    const d = await store.getDelivery(fireKeyOf(sub.id, slot));
    assert.equal(d?.status, 'sent');
    assert.equal(d?.messageId, r.platform.posts[0].messageId);
    assert.deepEqual(r.posted, [{ conversationId: 'console:local', messageId: 'm1' }], 'deliver posted and recorded it');

    await r.scheduler.service.unsubscribe(sub.id, 'console:local', admin);
    assert.equal(task.destroyed, true, 'unsubscribing stops the cron task');
    await r.scheduler.stop();
  });

  it('with the real node-cron: one distributed task per subscription, due when we compute, gone after stop', async () => {
    const { clock, store } = setup(new Date().toISOString());
    const r = rig(store, clock, { cron: nodeCron });
    await r.scheduler.start();
    const sub = await subscribe(r, 'weekdays at 9:30');
    const tasks = [...nodeCron.getTasks().values()].filter((t) => t.name === `digest:${sub.id}`);
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0].getPattern(), '30 9 * * 1-5');
    const theirs = tasks[0].getNextRun()?.toISOString();
    const mine = nextFire(sub.cron, sub.timezone, new Date(Date.now() - 1000))?.toISOString();
    assert.equal(theirs, mine);
    await r.scheduler.stop();
    await settle();
    assert.equal([...nodeCron.getTasks().values()].filter((t) => t.name === `digest:${sub.id}`).length, 0);
  });

  it('a fire node-cron reports as missed (busy event loop) is still delivered', async () => {
    const { clock, store } = setup('2026-05-04T05:00:00Z');
    const r = rig(store, clock);
    await r.scheduler.start();
    const sub = await subscribe(r);
    const task = r.cron.tasks.find((t) => t.options.name === `digest:${sub.id}`)!;
    clock.set('2026-05-04T06:00:05Z');
    task.missedListeners.forEach((l) => l({ date: new Date('2026-05-04T06:00:00Z') }));
    await settle();
    const d = await store.getDelivery(fireKeyOf(sub.id, new Date('2026-05-04T06:00:00Z')));
    assert.deepEqual([d?.status, d?.late], ['sent', false]);
    await r.scheduler.stop();
  });

  it('many slots missed at once (a suspended machine) give one late digest, the rest recorded missed', async () => {
    const { clock, store } = setup('2026-05-04T05:00:00Z');
    const r = rig(store, clock);
    await r.scheduler.start();
    const sub = await subscribe(r, 'hourly', 'UTC');
    const task = r.cron.tasks.find((t) => t.options.name === `digest:${sub.id}`)!;
    clock.set('2026-05-04T15:30:00Z'); // woke up; node-cron reports 06:00 … 15:00
    for (let h = 6; h <= 15; h++) task.missedListeners.forEach((l) => l({ date: new Date(Date.UTC(2026, 4, 4, h)) }));
    await settle(50);
    const deliveries = (await store.listDeliveries(sub.id)).reverse();
    assert.equal(deliveries.length, 10);
    assert.deepEqual(deliveries.slice(0, 9).map((d) => d.status), Array(9).fill('missed'));
    assert.deepEqual([deliveries[9].scheduledAt, deliveries[9].status, deliveries[9].late], ['2026-05-04T15:00:00.000Z', 'sent', true], '30 minutes after its time: late');
    assert.equal(digestPosts(r.platform).length, 1);
    await r.scheduler.stop();
  });
});

describe('digest scheduler: content', () => {
  it('covers only what is new since the last successful delivery', async () => {
    const { clock, store } = setup('2026-05-04T05:00:00Z');
    const r = rig(store, clock);
    const sub = await subscribe(r);

    clock.set('2026-05-04T06:00:00Z');
    await r.scheduler.fireDue();
    const firstReply = digestPosts(r.platform)[0].reply;
    const first = briefOf(firstReply);
    assert.deepEqual(r.briefing.calls[0].docIds.sort(), r.topics.documentsFor('us-russia').map((d) => d.id).sort(), 'first digest: everything current');
    assert.match(titleOf(firstReply), /^Daily digest: US–Russia relations — first digest: 2 new or updated documents\.$/);
    assert.equal(first.notes.at(-1), 'engine note', 'the engine\'s own notes are kept');

    const added = doc('summit', 'A summit was announced.');
    r.topics.add('us-russia', added);
    clock.set('2026-05-05T06:00:00Z');
    await r.scheduler.fireDue();
    assert.deepEqual(r.briefing.calls[1].docIds, [added.id], 'second digest: only the added document');
    assert.match(titleOf(digestPosts(r.platform)[1].reply), /1 new or updated document since Mon 4 May, 08:00 \(Europe\/Berlin\)/);

    clock.set('2026-05-06T06:00:00Z');
    await r.scheduler.fireDue();
    assert.equal(digestPosts(r.platform).length, 2, 'nothing new: nothing posted');
    assert.equal((await store.getDelivery(fireKeyOf(sub.id, clock.now())))?.status, 'skipped');

    // A changed document is new again (its id is a content hash).
    const docs = r.topics.docs.get('us-russia')!;
    const changed = doc('talks', 'The talks moved to Geneva.');
    docs.splice(docs.findIndex((d) => d.title === 'talks'), 1, changed);
    clock.set('2026-05-07T06:00:00Z');
    await r.scheduler.fireDue();
    assert.deepEqual(r.briefing.calls[2].docIds, [changed.id]);
    assert.equal(r.briefing.calls[2].length, 'short');
  });

  it('with postWhenEmpty, a one-line "nothing new" is posted and recorded as sent', async () => {
    const { clock, store } = setup('2026-05-04T05:00:00Z');
    const topics = fakeTopics();
    topics.docs.set('us-russia', []);
    const r = rig(store, clock, {
      topics,
      config: {
        digests: [{ id: 'morning', platform: 'console', channel: 'local', topic: 'us-russia', schedule: '0 8 * * *', timezone: 'UTC', length: 'short', postWhenEmpty: true }],
        digest: { minIntervalMinutes: 15, maxPerChannel: 3, catchUpWindowMinutes: 120, defaultSchedule: 'daily at 08:00', maxAttempts: 4 },
      },
    });
    await r.scheduler.start();
    clock.set('2026-05-04T08:00:00Z');
    await r.scheduler.fireDue();
    assert.deepEqual(r.platform.posts.map((p) => p.reply), [{ kind: 'text', title: 'Daily digest: US–Russia relations', text: 'Nothing on US–Russia relations yet.' }]);
    clock.set('2026-05-05T08:00:00Z');
    await r.scheduler.fireDue();
    assert.equal((r.platform.posts[1].reply as { text: string }).text, 'Nothing new on US–Russia relations since Mon 4 May, 08:00 (UTC).');
    assert.equal((await store.getDelivery(fireKeyOf('morning', clock.now())))?.status, 'sent');
    await r.scheduler.stop();
  });
});

describe('digest scheduler: delivery failures', () => {
  it('retries a transient chat error with exponential backoff, then records sent', async () => {
    const { clock, store } = setup('2026-05-04T05:00:00Z');
    const r = rig(store, clock);
    const sub = await subscribe(r);
    r.platform.failures.push(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), Object.assign(new Error('Service Unavailable'), { status: 503 }));
    clock.set('2026-05-04T06:00:00Z');
    await r.scheduler.fireDue();
    const d = await store.getDelivery(fireKeyOf(sub.id, clock.now()));
    assert.equal(d?.status, 'sent');
    assert.equal(d?.attempts, 3);
    assert.deepEqual(r.timers.sleeps, [1000, 2000]);
    assert.equal(digestPosts(r.platform).length, 1);
    assert.equal(notices(r.platform).length, 0);
  });

  it('after the last attempt fails: recorded failed, one notice, no notice again while it keeps failing', async () => {
    const { clock, store } = setup('2026-05-04T05:00:00Z');
    const r = rig(store, clock);
    const sub = await subscribe(r);
    const outage = () => Object.assign(new Error('rate limited'), { retryable: true, retryAfter: 3 });
    r.platform.failures.push(outage(), outage(), outage(), outage());
    clock.set('2026-05-04T06:00:00Z');
    await r.scheduler.fireDue();
    const d = await store.getDelivery(fireKeyOf(sub.id, clock.now()));
    assert.equal(d?.status, 'failed');
    assert.equal(d?.attempts, 4);
    assert.match(d?.error ?? '', /rate limited/);
    assert.deepEqual(r.timers.sleeps, [3000, 3000, 4000], 'backoff honours retryAfter');
    assert.equal(notices(r.platform).length, 1);
    assert.match((notices(r.platform)[0].reply as { text: string }).text, /^The Daily digest for us-russia due Mon 4 May, 08:00 \(Europe\/Berlin\) could not be posted after 4 attempts\. I'll try again/);
    assert.ok(r.logger.lines.some((l) => l.level === 'error' && l.msg === 'digest failed'));

    r.platform.failures.push(outage(), outage(), outage(), outage());
    clock.set('2026-05-05T06:00:00Z');
    await r.scheduler.fireDue();
    assert.equal((await store.getDelivery(fireKeyOf(sub.id, clock.now())))?.status, 'failed');
    assert.equal(notices(r.platform).length, 1, 'still one notice for the same outage');

    clock.set('2026-05-06T06:00:00Z');
    await r.scheduler.fireDue();
    assert.equal((await store.getDelivery(fireKeyOf(sub.id, clock.now())))?.status, 'sent');
    assert.deepEqual(r.briefing.calls.at(-1)?.docIds.length, 2, 'what the failed digests missed is in the next one');
  });

  it('does not retry a post failure the platform marked not retryable', async () => {
    const { clock, store } = setup('2026-05-04T05:00:00Z');
    const r = rig(store, clock);
    const sub = await subscribe(r);
    r.platform.failures.push(Object.assign(new Error('channel not found'), { retryable: false }));
    clock.set('2026-05-04T06:00:00Z');
    await r.scheduler.fireDue();
    const d = await store.getDelivery(fireKeyOf(sub.id, clock.now()));
    assert.equal(d?.status, 'failed');
    assert.equal(d?.attempts, 1);
    assert.match((notices(r.platform)[0].reply as { text: string }).text, /could not be posted\. I'll try again/);
    assert.equal(r.platform.attempts, 2, 'one post attempt, then the notice');
    assert.deepEqual(r.timers.sleeps, []);
  });
});

describe('digest scheduler: crash between claim and send', () => {
  it('is neither lost silently nor doubled: marked unknown after the lease, one notice, not re-sent', async () => {
    const { clock, store } = setup('2026-05-04T05:00:00Z');
    const a = rig(store, clock, { owner: 'replica-a' });
    const sub = await subscribe(a);
    a.platform.hang = true;
    clock.set('2026-05-04T06:00:00Z');
    void a.scheduler.fireDue(); // replica A claims and freezes mid-send: it never finishes
    const key = fireKeyOf(sub.id, clock.now());
    for (let i = 0; i < 100 && (await store.getDelivery(key))?.attempts !== 1; i++) await settle(1);
    assert.equal((await store.getDelivery(key))?.status, 'claimed');
    assert.equal((await store.getDelivery(key))?.owner, 'replica-a');

    const b = rig(store, clock, { owner: 'replica-b', topics: a.topics });
    clock.set('2026-05-04T06:01:00Z');
    assert.deepEqual(await b.scheduler.fireDue(), [], 'a fresh claim is left alone');
    clock.set('2026-05-04T06:16:00Z'); // past the 15-minute lease
    const outcomes = await b.scheduler.fireDue();
    assert.deepEqual(outcomes.map((o) => o.status), ['unknown']);
    const d = await store.getDelivery(key);
    assert.equal(d?.status, 'unknown');
    assert.match(d?.error ?? '', /claimed by replica-a .* not re-sent/);
    assert.equal(digestPosts(b.platform).length, 0, 'the digest is not re-sent blindly');
    assert.equal(notices(b.platform).length, 1);
    assert.match((notices(b.platform)[0].reply as { text: string }).text, /may not have been posted: the bot stopped while sending it/);
    assert.ok(b.logger.lines.some((l) => l.level === 'error' && /outcome unknown/.test(l.msg ?? '')));

    const c = rig(store, clock, { owner: 'replica-c', topics: a.topics });
    await c.scheduler.fireDue();
    await b.scheduler.fireDue();
    assert.equal(notices(b.platform).length + notices(c.platform).length, 1, 'one notice, whichever replicas look');

    clock.set('2026-05-05T06:00:00Z');
    await b.scheduler.fireDue();
    assert.equal(b.briefing.calls.at(-1)?.docIds.length, 2, 'the next digest covers what the lost one would have');
  });

  it('a crash after the post but before recording it is not re-sent either', async () => {
    const { clock, store } = setup('2026-05-04T05:00:00Z');
    let crash = true;
    const crashing: Store = Object.assign(Object.create(store) as Store, {
      updateDelivery: async (fireKey: string, patch: Parameters<Store['updateDelivery']>[1]) => {
        if (crash && patch.status === 'sent') throw new Error('process killed');
        return store.updateDelivery(fireKey, patch);
      },
    });
    const a = rig(crashing, clock, { owner: 'replica-a' });
    const sub = await subscribe(a);
    clock.set('2026-05-04T06:00:00Z');
    await a.scheduler.fireDue();
    crash = false;
    assert.equal(digestPosts(a.platform).length, 1, 'it went out');
    const key = fireKeyOf(sub.id, clock.now());
    assert.equal((await store.getDelivery(key))?.status, 'claimed');

    const b = rig(store, clock, { owner: 'replica-b', topics: a.topics, platform: a.platform });
    clock.set('2026-05-04T06:30:00Z');
    await b.scheduler.fireDue();
    assert.equal((await store.getDelivery(key))?.status, 'unknown');
    assert.equal(digestPosts(a.platform).length, 1, 'not doubled');
    clock.set('2026-05-05T06:00:00Z');
    await b.scheduler.fireDue();
    assert.equal((await store.getDelivery(fireKeyOf(sub.id, clock.now())))?.status, 'skipped', 'its documents were marked seen: nothing repeats');
  });

  it('stop() waits for a fire in flight instead of abandoning its claim', async () => {
    const { clock, store } = setup('2026-05-04T05:00:00Z');
    const platform = fakePlatform();
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const slow: FakePlatform = Object.assign(Object.create(platform) as FakePlatform, {
      post: async (conversationId: string, reply: Reply) => { await gate; return platform.post(conversationId, reply); },
    });
    const r = rig(store, clock, {
      platform: slow,
      timers: { setInterval: () => ({}), clearInterval: () => {}, sleep: (_ms, signal) => new Promise((resolve) => signal?.addEventListener('abort', () => resolve())) },
    });
    await r.scheduler.start();
    const sub = await subscribe(r);
    clock.set('2026-05-04T06:00:00Z');
    const fire = r.cron.trigger(`digest:${sub.id}`, clock.now());
    await settle();
    let stopped = false;
    const stopping = r.scheduler.stop().then(() => { stopped = true; });
    await settle();
    assert.equal(stopped, false, 'stop waits while the post is in flight');
    release();
    await Promise.all([fire, stopping]);
    assert.equal((await store.getDelivery(fireKeyOf(sub.id, clock.now())))?.status, 'sent');
  });
});

describe('digest scheduler: catch-up after downtime', () => {
  async function downtime(restartAt: string) {
    const { clock, store } = setup('2026-05-04T10:00:00Z');
    const first = rig(store, clock);
    await first.scheduler.start();
    const sub = await subscribe(first); // daily 08:00 Berlin = 06:00Z
    await first.scheduler.stop();
    clock.set(restartAt);
    const second = rig(store, clock, { topics: first.topics });
    await second.scheduler.start();
    return { clock, store, sub, second, first };
  }

  it('delivers the newest missed fire once, marked late, and records older ones as missed', async () => {
    const { clock, store, sub, second, first } = await downtime('2026-05-07T07:30:00Z'); // 90 min after the 05-07 fire
    const deliveries = (await store.listDeliveries(sub.id)).reverse();
    assert.deepEqual(deliveries.map((d) => [d.scheduledAt, d.status, d.late]), [
      ['2026-05-05T06:00:00.000Z', 'missed', true],
      ['2026-05-06T06:00:00.000Z', 'missed', true],
      ['2026-05-07T06:00:00.000Z', 'sent', true],
    ]);
    assert.equal(digestPosts(second.platform).length, 1);
    assert.match(briefOf(digestPosts(second.platform)[0].reply).notes[0], /^Late: this digest was due Thu 7 May, 08:00 \(Europe\/Berlin\) but the bot was offline then\.$/);

    const third = rig(store, clock, { topics: first.topics });
    clock.set('2026-05-07T07:45:00Z');
    await third.scheduler.start();
    assert.equal(digestPosts(third.platform).length, 0, 'a second restart does not catch up again');
    clock.set('2026-05-08T06:00:00Z');
    await third.scheduler.fireDue();
    const next = await store.getDelivery(fireKeyOf(sub.id, clock.now()));
    assert.deepEqual([next?.status, next?.late], ['skipped', false], 'back on schedule (nothing new)');
    await Promise.all([second.scheduler.stop(), third.scheduler.stop()]);
  });

  it('records every fire as missed when the newest is older than the catch-up window', async () => {
    const { store, sub, second } = await downtime('2026-05-07T09:00:00Z'); // 3 h after the 05-07 fire
    assert.deepEqual((await store.listDeliveries(sub.id)).map((d) => d.status), ['missed', 'missed', 'missed']);
    assert.equal(second.platform.posts.length, 0);
    await second.scheduler.stop();
  });
});

describe('digest scheduler: config digests', () => {
  const settings = { minIntervalMinutes: 15, maxPerChannel: 3, catchUpWindowMinutes: 120, defaultSchedule: 'daily at 08:00', maxAttempts: 4 };
  const entry = { platform: 'console', channel: 'local', topic: 'us-russia', schedule: 'weekdays at 9:30', timezone: BERLIN, length: 'standard' as const, postWhenEmpty: false };

  it('syncs them into the store with a stable id, audits once, and removes dropped ones', async () => {
    const { clock, store } = setup('2026-05-04T05:00:00Z');
    const a = rig(store, clock, { config: { digests: [entry], digest: settings } });
    await a.scheduler.start();
    const id = configDigestId(entry);
    assert.match(id, /^cfg-[0-9a-f]{12}$/);
    const sub = await store.getSubscription(id);
    assert.deepEqual(
      { conversationId: sub?.conversationId, cron: sub?.cron, timezone: sub?.timezone, length: sub?.length, source: sub?.source },
      { conversationId: 'console:local', cron: '30 9 * * 1-5', timezone: BERLIN, length: 'standard', source: 'config' },
    );
    await a.scheduler.stop();
    const b = rig(store, clock, { config: { digests: [entry], digest: settings } });
    await b.scheduler.start();
    await b.scheduler.stop();
    assert.deepEqual((await store.listAudit(id)).map((e) => [e.action, e.actor]), [['config-sync', 'config']], 'an unchanged config writes nothing');
    await assert.rejects(a.scheduler.service.unsubscribe(id, 'console:local', admin), /comes from the bot's configuration file/);

    const c = rig(store, clock, { config: { digests: [], digest: settings } });
    await c.scheduler.start();
    await c.scheduler.stop();
    assert.equal(await store.getSubscription(id), undefined);
  });

  it('refuses an invalid config digest listing every problem by path', async () => {
    const { clock, store } = setup('2026-05-04T05:00:00Z');
    const r = rig(store, clock, {
      config: {
        digests: [
          { ...entry, topic: 'us-rusia', schedule: 'every 5 minutes' },
          { ...entry, timezone: 'Europe/Berln' },
          entry,
        ],
        digest: settings,
      },
    });
    await assert.rejects(r.scheduler.start(), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.issues.length, 4);
      assert.match(error.issues[0], /^digests\.0\.topic: unknown topic "us-rusia" \(did you mean "us-russia"\?\)/);
      assert.match(error.issues[1], /^digests\.0\.schedule: .*at most every 15 minutes/);
      assert.match(error.issues[2], /^digests\.1\.timezone: "Europe\/Berln" is not a timezone I know/);
      assert.match(error.issues[3], /^digests\.2\.id: digest 1 already uses the id/);
      return true;
    });
  });
});

describe('digest scheduler: several replicas on one store', () => {
  it('a subscription made on replica A fires from replica B, and a stale binding does not post after unsubscribe', async () => {
    const { clock, store } = setup('2026-05-04T05:00:00Z');
    const a = rig(store, clock, { owner: 'replica-a' });
    const b = rig(store, clock, { owner: 'replica-b', topics: a.topics });
    await b.scheduler.start();
    const sub = await subscribe(a);
    clock.set('2026-05-04T06:00:00Z');
    await b.scheduler.fireDue(); // reload picks it up
    assert.equal((await store.getDelivery(fireKeyOf(sub.id, clock.now())))?.owner, 'replica-b');
    assert.equal(digestPosts(b.platform).length, 1);

    await a.scheduler.service.unsubscribe(sub.id, 'console:local', admin);
    clock.set('2026-05-05T06:00:00Z');
    const outcome = await b.cron.trigger(`digest:${sub.id}`, clock.now()); // B has not reloaded yet
    assert.equal((outcome as { status: string }).status, 'skipped');
    assert.equal(digestPosts(b.platform).length, 1);
    await b.scheduler.fireDue();
    assert.equal(b.cron.tasks.every((t) => t.destroyed), true, 'the reload drops it');
    await b.scheduler.stop();
  });
});
