// Two briefbot replicas on one PostgreSQL schema, each with its own pool (as two processes would
// have), the real router/services/engines, the real Bolt app in HTTP mode and the real discord.js
// client, and the real digest scheduler on a shared manual clock. Traffic arrives the way it
// does behind a load balancer and a duplicating network:
//   - Slack slash commands spread over both replicas; every event delivered to one replica and
//     retried (X-Slack-Retry-Num) to the other; a thread follow-up reaching the replica that did
//     not post the brief;
//   - Discord: both clients are connected to the fake gateway, so every interaction and message
//     reaches both (a duplicated delivery);
//   - both schedulers sweep the same due fires at once.
// Each command is answered once, each event once, each digest fire posted once.
// Needs TEST_DATABASE_URL.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Pool } from 'pg';
import { createManualClock } from '../../src/core/clock.ts';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { createDegradedStore } from '../../src/store/degraded-store.ts';
import { createPostgresStore } from '../../src/store/postgres-store.ts';
import type { Store } from '../../src/store/store.ts';
import { startFakeDiscord, type RecordedRequest } from '../fakes/discord/fake-discord.ts';
import { createFakeSlack } from '../fakes/slack/fake-slack.ts';
import { appMentionEvent, eventCallback, messageEvent, slashCommand } from '../fakes/slack/payloads.ts';
import { createSignedClient, type SignedClient } from '../fakes/slack/signed-client.ts';
import { BOT_TOKEN, SIGNING_SECRET, settle, slackReplies, startRig, waitFor, watchUnhandled, type Rig } from '../faults/rig.ts';

const url = process.env.TEST_DATABASE_URL;
const schema = `bbt_scale_${process.pid}_${Date.now().toString(36)}`;
let adminPool: Pool | undefined;
after(async () => {
  if (!adminPool) return;
  await adminPool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await adminPool.end();
});

const admin = { id: 'slack:U1', name: 'ada', isAdmin: true };

if (!url) it('two replicas on PostgreSQL', { skip: 'TEST_DATABASE_URL is not set; scale-out test skipped' }, () => {});
else describe('two replicas on one PostgreSQL', () => {
  it('each command answered once, each event once, each digest fire posted once', async () => {
    const unhandled = watchUnhandled();
    adminPool = new Pool({ connectionString: url, max: 1 });
    const clock = createManualClock('2026-11-26T07:55:00Z');
    const slack = await createFakeSlack({ botToken: BOT_TOKEN, users: [{ id: 'U1', name: 'ada', is_admin: true }, { id: 'U2', name: 'bo' }] });
    const discord = await startFakeDiscord();
    const stores: Store[] = [];
    const rigs: Rig[] = [];
    const clients: SignedClient[] = [];
    try {
      for (const name of ['replica-a', 'replica-b']) {
        const logger = createMemoryLogger();
        const raw = await createPostgresStore({ connectionString: url, schema, clock, poolSize: 4 });
        stores.push(raw);
        rigs.push(await startRig({
          // Generous timeouts: this test is about which replica answers, decided by the database;
          // on a starved CI machine a 1 s store answer must not turn into "answer anyway" (which
          // is what production does, by design, to meet the 3 s acknowledgement deadline).
          store: createDegradedStore(raw, logger, { timeoutMs: 10_000 }),
          schedulerStore: raw,
          clock,
          logger,
          owner: name,
          slack: { fake: slack, mode: 'http' },
          discord: { fake: discord, claimTimeoutMs: 10_000 },
        }));
      }
      for (const rig of rigs) clients.push(createSignedClient({ url: rig.slackUrl!, signingSecret: SIGNING_SECRET }));
      const [a, b] = rigs;

      // ── Slack: commands spread over the replicas (a load balancer sends each request to one) ──
      const commands = Array.from({ length: 12 }, (_, i) => ({ channel: `CS${i}`, text: i % 2 ? 'us-russia' : 'ask what did Peskov say?' }));
      const acks = await Promise.all(commands.map((c, i) => clients[i % 2].command(slashCommand({ text: c.text, channel: c.channel, user: 'U2', responseUrl: slack.responseUrl() }))));
      assert.ok(acks.every((r) => r.status === 200));
      for (const c of commands) await waitFor(() => slackReplies(slack, c.channel).length >= 1, `reply in ${c.channel}`);

      // ── Slack: every event delivered to one replica and retried to the other, at once ──
      const mentions = Array.from({ length: 8 }, (_, i) => eventCallback(appMentionEvent({ text: '<@UBOT> what did Kirill Dmitriev say?', ts: `1800000${100 + i}.000100`, channel: `CE${i}` }), { eventId: `EvScale${i}` }));
      await Promise.all(mentions.flatMap((body, i) => [clients[i % 2].event(body), clients[(i + 1) % 2].event(body, { retryNum: 1, retryReason: 'http_timeout' })]));
      for (let i = 0; i < mentions.length; i++) await waitFor(() => slackReplies(slack, `CE${i}`).length >= 1, `mention ${i} answered`);

      // ── Slack: a follow-up in a brief's thread, reaching the other replica (memory is shared) ──
      const brief = slackReplies(slack, 'CS1')[0];
      const followUp = eventCallback(messageEvent({ text: 'and where were the talks held?', ts: '1800000999.000100', threadTs: brief.ts, channel: 'CS1' }), { eventId: 'EvThread' });
      await Promise.all([clients[0].event(followUp), clients[1].event(followUp, { retryNum: 1 })]);
      await waitFor(() => slackReplies(slack, 'CS1').filter((m) => m.threadTs === brief.ts).length >= 1, 'thread follow-up answered');

      // ── Discord: both clients receive every interaction and message ──
      const interactions = Array.from({ length: 6 }, (_, i) => discord.sendCommand(i % 2 ? { name: 'brief', options: { topic: 'us-russia' } } : { name: 'ask', options: { question: 'what did Peskov say?' } }));
      const app = discord.world.applicationId;
      const finalEdit = (token: string) => (r: RecordedRequest) =>
        r.method === 'PATCH' && r.path === `/webhooks/${app}/${token}/messages/@original` && Array.isArray(r.body?.embeds) && r.body.embeds.length > 0;
      for (const i of interactions) await discord.waitForRequest(finalEdit(i.token));
      const questions = Array.from({ length: 4 }, () => discord.sendMessage({ channelId: discord.world.channels.general, content: `<@${discord.world.bot.id}> what did Peskov say?` }));
      const answerTo = (id: string) => (r: RecordedRequest) => r.method === 'POST' && r.path === `/channels/${discord.world.channels.general}/messages` && r.body?.message_reference?.message_id === id;
      for (const q of questions) await discord.waitForRequest(answerTo(q.id));

      // ── Digests: both schedulers sweep the same due fires at once ──
      const subs = [
        await a.scheduler!.service.subscribe({ platform: 'slack', conversationId: 'slack:CDIGEST', topic: 'us-russia', schedule: 'daily at 08:00', timezone: 'UTC', user: admin }),
        await a.scheduler!.service.subscribe({ platform: 'discord', conversationId: `discord:${discord.world.channels.news}`, topic: 'us-russia', schedule: 'daily at 08:00', timezone: 'UTC', user: { ...admin, id: `discord:${discord.world.users.morgan.id}` } }),
      ];
      await Promise.all([a.scheduler!.fireDue(), b.scheduler!.fireDue()]); // B learns of them, as its reload would
      clock.set('2026-11-26T08:00:00Z');
      const fired = await Promise.all([a.scheduler!.fireDue(), b.scheduler!.fireDue(), a.scheduler!.fireDue(), b.scheduler!.fireDue()]);
      clock.set('2026-11-26T08:01:00Z');
      fired.push(...(await Promise.all([a.scheduler!.fireDue(), b.scheduler!.fireDue()])));
      const sent = fired.flat().filter((o) => o.status === 'sent');
      assert.deepEqual(sent.map((o) => o.subscriptionId).sort(), subs.map((s) => s.id).sort(), 'each fire sent by exactly one replica');

      await settle(1500);

      // ── Each answered once ──
      for (const c of commands) assert.equal(slackReplies(slack, c.channel).filter((m) => !m.threadTs).length, 1, `command in ${c.channel} answered once`);
      for (let i = 0; i < mentions.length; i++) assert.equal(slackReplies(slack, `CE${i}`).length, 1, `mention ${i} answered once`);
      assert.equal(slackReplies(slack, 'CS1').filter((m) => m.threadTs === brief.ts).length, 1, 'thread follow-up answered once');
      for (const i of interactions) {
        const callbacks = discord.requests.filter((r) => r.method === 'POST' && r.path.startsWith(`/interactions/${i.id}/`));
        assert.equal(callbacks.length, 1, `interaction ${i.id} acknowledged by one replica only (the other did not even try)`);
        assert.equal(discord.requests.filter(finalEdit(i.token)).length, 1, `interaction ${i.id} answered once`);
      }
      for (const q of questions) assert.equal(discord.requests.filter(answerTo(q.id)).length, 1, `mention ${q.id} answered once`);
      assert.equal(slackReplies(slack, 'CDIGEST').length, 1, 'Slack digest posted once');
      const discordDigests = discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${discord.world.channels.news}/messages`);
      assert.equal(discordDigests.length, 1, 'Discord digest posted once');
      // Both replicas did real work: the load was actually spread.
      const handled = rigs.map((r) => r.logger.lines.filter((l) => l.msg === 'command handled').length);
      assert.ok(handled.every((n) => n > 0), `commands handled per replica: ${handled.join(', ')}`);
      for (const rig of rigs) assert.equal(rig.logger.lines.filter((l) => l.level === 'error').length, 0, JSON.stringify(rig.logger.lines.filter((l) => l.level === 'error')));
    } finally {
      for (const c of clients) c.close();
      await Promise.allSettled(rigs.map((r) => r.close()));
      await slack.close();
      await discord.close();
      unhandled.dispose();
    }
    assert.deepEqual(unhandled.reasons, [], 'no unhandled rejections');
  });
});
