// PostgreSQL going away mid-run, for real: the store's pg pool connects through a TCP proxy the
// test controls, so connections are reset and refused (or hang, in a partition) exactly as a
// network or a database restart would do it. Commands keep being answered (offline engine, no
// memory, with a note); digest fires the database could not record are delivered on a later
// sweep once it is back, once; nothing rejects unhandled. Needs TEST_DATABASE_URL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Pool } from 'pg';
import { createManualClock } from '../../src/core/clock.ts';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { fireKeyOf } from '../../src/scheduler/digest-scheduler.ts';
import { createDegradedStore } from '../../src/store/degraded-store.ts';
import { createPostgresStore } from '../../src/store/postgres-store.ts';
import type { Store } from '../../src/store/store.ts';
import { extractiveModel, startFakeOpenAI, type FakeOpenAI } from '../fakes/openai-server.ts';
import { createFakeSlack, type FakeSlack } from '../fakes/slack/fake-slack.ts';
import { appMentionEvent, eventCallback, messageEvent, slashCommand } from '../fakes/slack/payloads.ts';
import { createSignedClient, type SignedClient } from '../fakes/slack/signed-client.ts';
import { BOT_TOKEN, OPENAI_KEY, SIGNING_SECRET, settle, slackReplies, startRig, waitFor, watchUnhandled, type Rig } from './rig.ts';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

const url = process.env.TEST_DATABASE_URL;
const prefix = `bbt_fault_${process.pid}_${Date.now().toString(36)}`;
let counter = 0;
let adminPool: Pool | undefined;
let fakeLLM: FakeOpenAI;

before(async () => { fakeLLM = await startFakeOpenAI({ handler: extractiveModel }); });
after(async () => {
  await fakeLLM.close();
  await adminPool?.end();
});

interface World {
  proxy: TcpProxy;
  raw: Store;
  rig: Rig;
  fake: FakeSlack;
  client: SignedClient;
  clock: ReturnType<typeof createManualClock>;
  logger: ReturnType<typeof createMemoryLogger>;
  unhandled: { reasons: unknown[]; dispose(): void };
  close(): Promise<void>;
}

async function world(options: { wrapRaw?: (raw: Store, proxy: TcpProxy) => Store } = {}): Promise<World> {
  const unhandled = watchUnhandled();
  const target = new URL(url!);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const schema = `${prefix}_${++counter}`;
  const clock = createManualClock('2026-11-26T07:58:00Z');
  const logger = createMemoryLogger();
  const pg = await createPostgresStore({ connectionString: proxy.url(url!), schema, clock, poolSize: 4, connectionTimeoutMs: 1000, logger: logger.child({ part: 'store' }) });
  const raw = options.wrapRaw ? options.wrapRaw(pg, proxy) : pg;
  // Production wiring: the command path gets the degraded store, the scheduler the raw one.
  const store = createDegradedStore(raw, logger, { timeoutMs: 500, retryAfterMs: 300 });
  const fake = await createFakeSlack({ botToken: BOT_TOKEN, users: [{ id: 'U1', name: 'ada' }] });
  const rig = await startRig({
    store,
    schedulerStore: raw,
    clock,
    logger,
    slack: { fake, mode: 'http' },
    env: { OPENAI_BASE_URL: fakeLLM.baseURL, OPENAI_API_KEY: OPENAI_KEY, BRIEFBOT_ENGINE: 'openai' },
    configure: (config) => {
      config.engine.openai.timeoutMs = 2000;
      config.engine.openai.maxRetries = 0;
    },
  });
  const client = createSignedClient({ url: rig.slackUrl!, signingSecret: SIGNING_SECRET });
  return {
    proxy, raw, rig, fake, client, clock, logger, unhandled,
    async close() {
      client.close();
      proxy.heal();
      await proxy.start().catch(() => undefined); // listening again if a test left it stopped
      await rig.close();
      await fake.close();
      await proxy.close();
      adminPool ??= new Pool({ connectionString: url, max: 1 });
      await adminPool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      unhandled.dispose();
    },
  };
}

async function brief(w: World, channel: string, text: string): Promise<string> {
  const res = await w.client.command(slashCommand({ text, channel, responseUrl: w.fake.responseUrl() }));
  assert.equal(res.status, 200);
  const [reply] = await waitFor(() => { const r = slackReplies(w.fake, channel); return r.length ? r : null; }, `reply in ${channel}`);
  await settle(50);
  assert.equal(slackReplies(w.fake, channel).length, 1, `exactly one reply in ${channel}`);
  return `${reply.text}\n${reply.blocks}`;
}

async function event(w: World, body: Record<string, unknown>, retryNum?: number): Promise<void> {
  const res = await w.client.event(body, retryNum === undefined ? {} : { retryNum });
  assert.equal(res.status, 200, 'events are acked whatever the store does');
}

function threadReplies(w: World, channel: string, threadTs: string) {
  return slackReplies(w.fake, channel).filter((m) => m.threadTs === threadTs);
}

if (!url) it('store faults on PostgreSQL', { skip: 'TEST_DATABASE_URL is not set; PostgreSQL fault tests skipped' }, () => {});
else describe('the store unreachable mid-run (PostgreSQL behind a TCP proxy)', () => {
  it('commands, mentions and thread replies are still answered — offline, without memory — and the LLM is back once the store is', async () => {
    const w = await world();
    try {
      // Up: the LLM engine answers and the brief's thread remembers its sources.
      const first = await brief(w, 'C1', 'us-russia');
      assert.match(first, /Engine: openai/);
      const [posted] = slackReplies(w.fake, 'C1');
      await event(w, eventCallback(messageEvent({ text: 'what did Peskov say?', ts: '1800000001.000100', threadTs: posted.ts, channel: 'C1' }), { eventId: 'EvUp1' }));
      await waitFor(() => threadReplies(w, 'C1', posted.ts).length === 1, 'thread answer while up');

      // The database goes away: every connection reset, every new one refused.
      await w.proxy.stop();

      const down = await brief(w, 'C2', 'us-russia');
      assert.match(down, /Engine: offline/, 'no LLM call without a budget check');
      assert.match(down, /The language model's token budget could not be checked \(the database is unreachable\); this is the offline summary\./);
      const ask = await brief(w, 'C3', 'ask what did Kirill Dmitriev say?');
      assert.match(ask, /Engine: offline/);
      assert.match(ask, /Dmitriev/);

      // A mention is answered; Slack's retry of it reaching this replica is not answered again.
      const mention = eventCallback(appMentionEvent({ text: '<@UBOT> what did Peskov say?', ts: '1800000002.000100', channel: 'C4' }), { eventId: 'EvDown1' });
      await event(w, mention);
      await event(w, mention, 1);
      await waitFor(() => slackReplies(w.fake, 'C4').length >= 1, 'mention answered while the store is down');
      await settle(200);
      assert.equal(slackReplies(w.fake, 'C4').length, 1, 'the retried mention is deduped in memory');

      // The brief from before the outage: its thread memory is unreachable; a mention there is still answered.
      await event(w, eventCallback(appMentionEvent({ text: '<@UBOT> and Rubio?', ts: '1800000003.000100', threadTs: posted.ts, channel: 'C1' }), { eventId: 'EvDown2' }));
      await waitFor(() => threadReplies(w, 'C1', posted.ts).length === 2, 'mention in the old thread answered');

      assert.equal(w.logger.lines.filter((l) => l.msg === 'command failed').length, 0, 'no command turned into an apology');
      const downLogs = w.logger.lines.filter((l) => /store unreachable/.test(String(l.msg)));
      assert.equal(downLogs.length, 1, 'one error when it went down, then rate-limited warnings');

      // Back: after the breaker's pause the store is used again, and with it the LLM.
      await w.proxy.start();
      await settle(350);
      const again = await brief(w, 'C5', 'nord stream pipeline');
      assert.match(again, /Engine: openai/);
      await waitFor(() => w.logger.lines.some((l) => l.msg === 'store reachable again'), 'recovery logged');
    } finally {
      await w.close();
    }
    assert.deepEqual(w.unhandled.reasons, [], 'no unhandled rejections');
  });

  it('a partition (queries hang): commands are answered after the timeout, and late results do no harm', async () => {
    const w = await world();
    try {
      await brief(w, 'C1', 'us-russia'); // pool connections exist and are idle
      w.proxy.partition();
      const started = performance.now();
      const down = await brief(w, 'C2', 'rare earth reserves');
      assert.match(down, /Engine: offline/);
      assert.match(down, /token budget could not be checked/);
      assert.ok(performance.now() - started < 8000, 'answered in seconds, not when TCP gives up');
      w.proxy.heal();
      await settle(400);
      const again = await brief(w, 'C3', 'oval office zelensky');
      assert.match(again, /Engine: openai/);
    } finally {
      await w.close();
    }
    assert.deepEqual(w.unhandled.reasons, []);
  });

  it('a digest fire that fails on the store is delivered on a later sweep once it is back — once', async () => {
    const w = await world();
    try {
      const scheduler = w.rig.scheduler!;
      const sub = await scheduler.service.subscribe({ platform: 'slack', conversationId: 'slack:CDIGEST', topic: 'us-russia', schedule: 'daily at 08:00', timezone: 'UTC', user: { id: 'slack:U1', name: 'ada', isAdmin: true } });
      assert.deepEqual(await scheduler.fireDue(), []);

      await w.proxy.stop();
      w.clock.set('2026-11-26T08:00:00Z');
      await assert.rejects(scheduler.fireDue(), 'the sweep cannot even list subscriptions');
      w.clock.set('2026-11-26T08:01:00Z');
      await assert.rejects(scheduler.fireDue());
      assert.equal(slackReplies(w.fake, 'CDIGEST').length, 0, 'nothing posted while nothing could be recorded');

      await w.proxy.start();
      w.clock.set('2026-11-26T08:04:00Z');
      const outcomes = await scheduler.fireDue();
      assert.deepEqual(outcomes.map((o) => [o.scheduledAt, o.status, o.late]), [['2026-11-26T08:00:00.000Z', 'sent', true]]);
      w.clock.set('2026-11-26T08:05:00Z');
      assert.deepEqual(await scheduler.fireDue(), [], 'the next sweep finds nothing to do');
      assert.equal(slackReplies(w.fake, 'CDIGEST').length, 1, 'posted once');
      const delivery = await w.raw.getDelivery(fireKeyOf(sub.id, new Date('2026-11-26T08:00:00Z')));
      assert.equal(delivery?.status, 'sent');
      assert.equal(delivery?.attempts, 1);
    } finally {
      await w.close();
    }
    assert.deepEqual(w.unhandled.reasons, []);
  });

  it('the store dies between claiming a fire and posting it: never posted twice, and the channel is told', async () => {
    let dieAfterClaim = false;
    const w = await world({
      wrapRaw: (raw, proxy) => new Proxy(raw, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver);
          if (prop !== 'claimDelivery') return typeof value === 'function' ? value.bind(target) : value;
          return async (...args: Parameters<Store['claimDelivery']>) => {
            const claimed = await target.claimDelivery(...args);
            if (dieAfterClaim) {
              dieAfterClaim = false;
              await proxy.stop();
            }
            return claimed;
          };
        },
      }),
    });
    try {
      const scheduler = w.rig.scheduler!;
      const sub = await scheduler.service.subscribe({ platform: 'slack', conversationId: 'slack:CDIGEST', topic: 'us-russia', schedule: 'daily at 08:00', timezone: 'UTC', user: { id: 'slack:U1', name: 'ada', isAdmin: true } });
      dieAfterClaim = true;
      w.clock.set('2026-11-26T08:00:00Z');
      await scheduler.fireDue();
      await w.proxy.start();
      const key = fireKeyOf(sub.id, new Date('2026-11-26T08:00:00Z'));
      assert.equal((await w.raw.getDelivery(key))?.status, 'claimed', 'the outcome could not be recorded');

      // Sweeps keep running; within the lease the claim is respected (its replica may still be sending).
      for (const t of ['08:02', '08:10', '08:20']) {
        w.clock.set(`2026-11-26T${t}:00Z`);
        await scheduler.fireDue();
      }
      const posts = slackReplies(w.fake, 'CDIGEST');
      const notices = posts.filter((p) => /may not have been posted/.test(p.blocks));
      const digests = posts.filter((p) => !notices.includes(p));
      assert.ok(digests.length <= 1, 'never posted twice');
      assert.equal(digests.length + notices.length, 1, 'the channel gets the digest or one notice, not silence');
      assert.notEqual((await w.raw.getDelivery(key))?.status, 'claimed', 'the fire is resolved after the lease');
    } finally {
      await w.close();
    }
    assert.deepEqual(w.unhandled.reasons, []);
  });
});
