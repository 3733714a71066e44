// The real Bolt app in Socket Mode against the fake Slack's WebSocket: envelopes in, acks and
// Web API calls out, and a reconnect when Slack asks for one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFakeSlack, type FakeSlack } from '../../fakes/slack/fake-slack.ts';
import { appMentionEvent, eventCallback, messageEvent, slashCommand } from '../../fakes/slack/payloads.ts';
import { APP_TOKEN, BOT_TOKEN, createFakeSink, startPlatform, type FakeSink, type TestPlatform } from './helpers.ts';

interface Rig {
  fake: FakeSlack;
  sink: FakeSink;
  platform: TestPlatform;
  close(): Promise<void>;
}

async function rig(sinkOptions: Parameters<typeof createFakeSink>[0] = {}): Promise<Rig> {
  const fake = await createFakeSlack({ botToken: BOT_TOKEN, appToken: APP_TOKEN, users: [{ id: 'U1', name: 'ada' }] });
  const sink = createFakeSink({ fake, ...sinkOptions });
  const platform = await startPlatform(fake, sink, 'socket');
  return {
    fake,
    sink,
    platform,
    async close() {
      await platform.stop();
      await fake.close();
    },
  };
}

describe('Slack Socket Mode', () => {
  it('connects with the app token, acks /brief before a slow (2 s) engine finishes, then posts the brief', async () => {
    const r = await rig({ engineMs: 2000 });
    try {
      assert.equal(r.platform.mode, 'socket');
      assert.equal(r.platform.isReady?.(), true);
      const open = r.fake.callsTo('apps.connections.open');
      assert.equal(open.length, 1);
      assert.equal(open[0].authorization, `Bearer ${APP_TOKEN}`, 'apps.connections.open uses the app-level token');

      const envelope = r.fake.sendEnvelope('slash_commands', slashCommand({ text: 'us-russia', responseUrl: r.fake.responseUrl() }));
      const ack = await r.fake.waitForAck(envelope);
      assert.deepEqual(ack.payload, { response_type: 'ephemeral', text: 'Working on it…' });

      const post = await r.fake.waitFor(() => r.fake.callsTo('chat.postMessage')[0], 'brief posted');
      const t = r.fake.timeline;
      assert.ok(t.indexOf(`ack:${envelope}`) !== -1 && t.indexOf('engine:done:1') !== -1, t.join(' '));
      assert.ok(t.indexOf(`ack:${envelope}`) < t.indexOf('engine:done:1'), `timeline: ${t.join(' ')}`);
      assert.ok(ack.seq < post.seq);

      assert.equal(post.params.channel, 'C1');
      assert.match(JSON.stringify(post.params.blocks), /US and Russia agree to resume talks in Istanbul next week/);
      await r.fake.waitFor(() => r.sink.remembered.length === 1, 'brief remembered');
      assert.equal(r.sink.remembered[0].conversationId, `slack:C1:${post.response.ts}`, 'remembered under the thread the brief opened');
    } finally {
      await r.close();
    }
  });

  it('acks an events_api envelope and answers the follow-up in its thread', async () => {
    const r = await rig();
    try {
      const envelope = r.fake.sendEnvelope('events_api', eventCallback(messageEvent({ text: 'what did Peskov say?', ts: '1700000100.000200', threadTs: '1700000001.000100' }), { eventId: 'EvSock1' }));
      const ack = await r.fake.waitForAck(envelope);
      assert.equal(ack.payload && Object.keys(ack.payload as object).length, 0, 'events are acked with an empty payload');
      const post = await r.fake.waitFor(() => r.fake.callsTo('chat.postMessage')[0], 'answer posted');
      assert.equal(post.params.thread_ts, '1700000001.000100');
      assert.deepEqual(r.sink.messages.map((m) => [m.conversationId, m.text, m.mentioned]), [['slack:C1:1700000001.000100', 'what did Peskov say?', false]]);
    } finally {
      await r.close();
    }
  });

  it('processes a redelivered event (retry_attempt) once, and acks both deliveries', async () => {
    const r = await rig();
    try {
      const body = eventCallback(messageEvent({ text: 'where are the talks?', ts: '1700000400.000100', threadTs: '1700000001.000100' }), { eventId: 'EvSockRetry' });
      const first = r.fake.sendEnvelope('events_api', body);
      const again = r.fake.sendEnvelope('events_api', body, { retry_attempt: 1, retry_reason: 'timeout' });
      await r.fake.waitForAck(first);
      await r.fake.waitForAck(again);
      await r.fake.waitFor(() => r.fake.callsTo('chat.postMessage')[0], 'answer');
      await new Promise((resolve) => setTimeout(resolve, 150));
      assert.equal(r.sink.messages.length, 1);
      assert.equal(r.fake.callsTo('chat.postMessage').length, 1);
    } finally {
      await r.close();
    }
  });

  it('answers a thread reply that @mentions the bot once: its message and app_mention envelopes, and a redelivery', async () => {
    const r = await rig();
    try {
      const at = { text: '<@UBOT> and Rubio?', ts: '1700000450.000100', threadTs: '1700000001.000100' };
      const mention = eventCallback(appMentionEvent(at), { eventId: 'EvSockMention' });
      const envelopes = [
        r.fake.sendEnvelope('events_api', eventCallback(messageEvent(at), { eventId: 'EvSockMessage' })),
        r.fake.sendEnvelope('events_api', mention),
        r.fake.sendEnvelope('events_api', mention, { retry_attempt: 1, retry_reason: 'timeout' }),
      ];
      for (const e of envelopes) await r.fake.waitForAck(e);
      await r.fake.waitFor(() => r.fake.callsTo('chat.postMessage')[0], 'answer');
      await new Promise((resolve) => setTimeout(resolve, 150));
      assert.deepEqual(r.sink.messages.map((m) => [m.text, m.mentioned]), [['and Rubio?', true]]);
      assert.equal(r.fake.callsTo('chat.postMessage').length, 1);
    } finally {
      await r.close();
    }
  });

  it("ignores the bot's own thread messages", async () => {
    const r = await rig();
    try {
      const own = r.fake.sendEnvelope('events_api', eventCallback(messageEvent({ text: 'my answer', ts: '1700000500.000100', threadTs: '1700000001.000100', user: 'UBOT', botId: 'BBOT' })));
      await r.fake.waitForAck(own);
      const real = r.fake.sendEnvelope('events_api', eventCallback(messageEvent({ text: 'a question', ts: '1700000500.000200', threadTs: '1700000001.000100' })));
      await r.fake.waitForAck(real);
      await r.fake.waitFor(() => r.fake.callsTo('chat.postMessage')[0], 'the real answer');
      assert.deepEqual(r.sink.messages.map((m) => m.text), ['a question']);
    } finally {
      await r.close();
    }
  });

  it('reconnects when Slack sends a disconnect (refresh_requested) and keeps working', async () => {
    const r = await rig();
    try {
      assert.equal(r.fake.connections, 1);
      r.fake.disconnect('refresh_requested');
      await r.fake.waitForConnections(2);
      await r.fake.waitFor(() => r.platform.isReady?.() === true && r.fake.openConnections === 1, 'ready on the new connection');
      assert.equal(r.fake.callsTo('apps.connections.open').length, 2, 'a fresh URL per connection');

      const envelope = r.fake.sendEnvelope('slash_commands', slashCommand({ text: 'us-russia', responseUrl: r.fake.responseUrl() }));
      const ack = await r.fake.waitForAck(envelope);
      assert.equal(ack.connection, 2, 'acked on the new connection');
      await r.fake.waitFor(() => r.fake.callsTo('chat.postMessage')[0], 'brief posted after reconnect');
    } finally {
      await r.close();
    }
  });

  it('stops cleanly: the socket closes and isReady turns false', async () => {
    const fake = await createFakeSlack({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
    try {
      const platform = await startPlatform(fake, createFakeSink(), 'socket');
      assert.equal(fake.openConnections, 1);
      await platform.stop();
      await fake.waitFor(() => fake.openConnections === 0, 'socket closed');
      assert.equal(platform.isReady?.(), false);
    } finally {
      await fake.close();
    }
  });

  it('fails start() clearly on a rejected app token', async () => {
    const fake = await createFakeSlack({ botToken: BOT_TOKEN, appToken: 'xapp-the-right-one' });
    try {
      await assert.rejects(startPlatform(fake, createFakeSink(), 'socket'), (error: Error & { code?: string }) =>
        error.code === 'slack_connect_failed' && /invalid_auth/.test(error.message) && !error.message.includes(APP_TOKEN));
      assert.equal(fake.connections, 0);
    } finally {
      await fake.close();
    }
  });
});
