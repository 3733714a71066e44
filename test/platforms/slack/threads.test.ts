// Mentions and thread replies through the real Bolt app in HTTP mode, against the fake Slack:
// answered in the thread, privately in the thread when the core says so, and each message once
// however often (and as however many event kinds) Slack delivers it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SlackPlatformOptions } from '../../../src/platforms/slack/slack-platform.ts';
import { appMentionEvent, eventCallback, messageEvent } from '../../fakes/slack/payloads.ts';
import { createFakeSink, sleep, startHttpRig, type FakeSink, type FakeSinkOptions, type HttpRig } from './helpers.ts';

function rig(sinkOptions: FakeSinkOptions = {}, platformOptions: Partial<SlackPlatformOptions> = {}): Promise<HttpRig<FakeSink>> {
  return startHttpRig((fake) => createFakeSink({ fake, ...sinkOptions }), platformOptions);
}

describe('Slack mentions and thread replies', () => {
  it('answers a follow-up in the thread of a brief', async () => {
    const r = await rig();
    try {
      const res = await r.client.event(eventCallback(messageEvent({ text: 'what did Peskov say?', ts: '1700000100.000200', threadTs: '1700000001.000100' }), { eventId: 'EvThread1' }));
      assert.equal(res.status, 200);
      const post = await r.fake.waitFor(() => r.fake.callsTo('chat.postMessage')[0], 'answer posted');
      assert.deepEqual(r.sink.messages.map((m) => [m.conversationId, m.text, m.mentioned, m.user.id]), [
        ['slack:C1:1700000001.000100', 'what did Peskov say?', false, 'slack:U1'],
      ]);
      assert.equal(post.params.channel, 'C1');
      assert.equal(post.params.thread_ts, '1700000001.000100');
      assert.match(JSON.stringify(post.params.blocks), /Peskov said no exchanges[\s\S]*\[1\] Kremlin briefing/);
    } finally {
      await r.close();
    }
  });

  it('answers an @mention in a thread rooted at the mention, once even though Slack also sends a message event', async () => {
    const r = await rig();
    try {
      const text = '<@UBOT> what did Peskov say?';
      await r.client.event(eventCallback(appMentionEvent({ text, ts: '1700000200.000100' }), { eventId: 'EvMention1' }));
      // The same message as a plain channel message (not in a thread): ignored.
      await r.client.event(eventCallback(messageEvent({ text, ts: '1700000200.000100' }), { eventId: 'EvMention1b' }));
      // A mention inside a thread arrives as app_mention *and* message: answered once.
      await r.client.event(eventCallback(appMentionEvent({ text: '<@UBOT> and Rubio?', ts: '1700000300.000100', threadTs: '1700000200.000100' }), { eventId: 'EvMention2' }));
      await r.client.event(eventCallback(messageEvent({ text: '<@UBOT> and Rubio?', ts: '1700000300.000100', threadTs: '1700000200.000100' }), { eventId: 'EvMention2b' }));
      await r.fake.waitFor(() => r.fake.callsTo('chat.postMessage').length >= 2, 'two answers');
      await sleep(100);
      assert.deepEqual(r.sink.messages.map((m) => [m.conversationId, m.text, m.mentioned]), [
        ['slack:C1:1700000200.000100', 'what did Peskov say?', true],
        ['slack:C1:1700000200.000100', 'and Rubio?', true],
      ]);
      const posts = r.fake.callsTo('chat.postMessage');
      assert.equal(posts.length, 2);
      for (const p of posts) assert.equal(p.params.thread_ts, '1700000200.000100');
    } finally {
      await r.close();
    }
  });

  it('processes a retried event (X-Slack-Retry-Num) once', async () => {
    const r = await rig();
    try {
      const body = eventCallback(messageEvent({ text: 'where are the talks?', ts: '1700000400.000100', threadTs: '1700000001.000100' }), { eventId: 'EvRetry1' });
      const first = await r.client.event(body);
      const retry1 = await r.client.event(body, { retryNum: 1, retryReason: 'http_timeout' });
      const retry2 = await r.client.event(body, { retryNum: 2, retryReason: 'http_timeout' });
      for (const res of [first, retry1, retry2]) assert.equal(res.status, 200, 'retries are acked too, so Slack stops retrying');
      await r.fake.waitFor(() => r.fake.callsTo('chat.postMessage')[0], 'answer');
      await sleep(150);
      assert.equal(r.sink.messages.length, 1);
      assert.equal(r.fake.callsTo('chat.postMessage').length, 1);
    } finally {
      await r.close();
    }
  });

  it('uses the shared firstSeen for dedupe when given', async () => {
    const seen = new Set<string>();
    const keys: string[] = [];
    const r = await rig({}, { firstSeen: async (key) => { keys.push(key); if (seen.has(key)) return false; seen.add(key); return true; } });
    try {
      const body = eventCallback(messageEvent({ text: 'hello?', ts: '1700000450.000100', threadTs: '1700000001.000100' }), { eventId: 'EvShared' });
      await r.client.event(body);
      await r.client.event(body, { retryNum: 1 });
      await r.fake.waitFor(() => keys.length === 2, 'two lookups');
      await sleep(100);
      assert.deepEqual(keys, ['slack:event:EvShared', 'slack:event:EvShared']);
      assert.equal(r.sink.messages.length, 1);
    } finally {
      await r.close();
    }
  });

  it('answers anyway when the shared dedupe store fails (fail open)', async () => {
    const r = await rig({}, { firstSeen: async () => { throw new Error('store down'); } });
    try {
      await r.client.event(eventCallback(messageEvent({ text: 'still there?', ts: '1700000460.000100', threadTs: '1700000001.000100' })));
      await r.fake.waitFor(() => r.fake.callsTo('chat.postMessage')[0], 'answer despite the store');
      assert.ok(r.platform.logger.lines.some((l) => l.level === 'warn' && /dedupe failed/.test(String(l.msg))));
    } finally {
      await r.close();
    }
  });

  it("ignores the bot's own messages, other bots, edits and plain channel chatter", async () => {
    const r = await rig();
    try {
      const thread = '1700000001.000100';
      await r.client.event(eventCallback(messageEvent({ text: 'my own answer', ts: '1700000500.000100', threadTs: thread, user: 'UBOT', botId: 'BBOT' })));
      await r.client.event(eventCallback(messageEvent({ text: 'my own answer', ts: '1700000500.000200', threadTs: thread, user: 'UBOT' })));
      await r.client.event(eventCallback(messageEvent({ text: 'another bot', ts: '1700000500.000300', threadTs: thread, user: 'U9', botId: 'B999' })));
      await r.client.event(eventCallback(messageEvent({ text: 'edited', ts: '1700000500.000400', threadTs: thread, subtype: 'message_changed' })));
      await r.client.event(eventCallback(messageEvent({ text: 'joined', ts: '1700000500.000500', subtype: 'channel_join' })));
      await r.client.event(eventCallback(messageEvent({ text: 'not in a thread', ts: '1700000500.000600' })));
      // Something we do answer, so we know the ones above were processed and dropped.
      await r.client.event(eventCallback(messageEvent({ text: 'real question', ts: '1700000500.000700', threadTs: thread })));
      await r.fake.waitFor(() => r.fake.callsTo('chat.postMessage')[0], 'the real answer');
      await sleep(100);
      assert.deepEqual(r.sink.messages.map((m) => m.text), ['real question']);
    } finally {
      await r.close();
    }
  });

  it('stays silent when the router says the thread is not ours (null reply)', async () => {
    const r = await rig({ message: () => null });
    try {
      await r.client.event(eventCallback(messageEvent({ text: 'chat among humans', ts: '1700000600.000100', threadTs: '1700000590.000100' })));
      await r.fake.waitFor(() => r.sink.messages.length === 1, 'message seen');
      await sleep(100);
      assert.equal(r.fake.callsTo('chat.postMessage').length, 0);
      assert.equal(r.fake.callsTo('chat.postEphemeral').length, 0);
    } finally {
      await r.close();
    }
  });

  it('answers a thread reply that @mentions the bot once, whichever of its two events comes first', async () => {
    const r = await rig();
    try {
      const thread = '1700000700.000100';
      // Message first, then app_mention (Slack does not promise an order).
      await r.client.event(eventCallback(messageEvent({ text: '<@UBOT> who led the talks?', ts: '1700000710.000100', threadTs: thread }), { eventId: 'EvOrder1b' }));
      await r.client.event(eventCallback(appMentionEvent({ text: '<@UBOT> who led the talks?', ts: '1700000710.000100', threadTs: thread }), { eventId: 'EvOrder1' }));
      // And a redelivery of that app_mention (same event id): still one answer.
      await r.client.event(eventCallback(appMentionEvent({ text: '<@UBOT> who led the talks?', ts: '1700000710.000100', threadTs: thread }), { eventId: 'EvOrder1' }), { retryNum: 1, retryReason: 'http_timeout' });
      await r.fake.waitFor(() => r.fake.callsTo('chat.postMessage')[0], 'the answer');
      await sleep(150);
      assert.deepEqual(r.sink.messages.map((m) => [m.conversationId, m.text, m.mentioned]), [[`slack:C1:${thread}`, 'who led the talks?', true]]);
      assert.equal(r.fake.callsTo('chat.postMessage').length, 1);
    } finally {
      await r.close();
    }
  });

  it('sends a private reply as an ephemeral message to the asker, in the thread, escaped', async () => {
    const r = await rig({ message: () => ({ kind: 'text', text: 'Slow down <!channel>, please.', ephemeral: true }) });
    try {
      await r.client.event(eventCallback(appMentionEvent({ text: '<@UBOT> again?', ts: '1700000810.000100', threadTs: '1700000800.000100' })));
      const ephemeral = await r.fake.waitFor(() => r.fake.callsTo('chat.postEphemeral')[0], 'private reply');
      assert.deepEqual([ephemeral.params.channel, ephemeral.params.user, ephemeral.params.thread_ts], ['C1', 'U1', '1700000800.000100']);
      assert.match(ephemeral.text, /Slow down &lt;!channel&gt;, please\./);
      assert.equal(r.fake.callsTo('chat.postMessage').length, 0);
    } finally {
      await r.close();
    }
  });

  it("turns a failed answer post into the core's private apology in the thread", async () => {
    const r = await rig();
    try {
      r.fake.fail('chat.postMessage', 'fatal_error');
      await r.client.event(eventCallback(messageEvent({ text: 'what did Peskov say?', ts: '1700000910.000100', threadTs: '1700000900.000100' })));
      const apology = await r.fake.waitFor(() => r.fake.callsTo('chat.postEphemeral')[0], 'apology');
      assert.equal(apology.params.thread_ts, '1700000900.000100');
      assert.equal(apology.params.user, 'U1');
      const incident = /Sorry, I couldn't post my reply here \(incident (\w+)\)/.exec(apology.text)?.[1];
      assert.ok(incident, apology.text);
      assert.ok(r.sink.logger.lines.some((l) => l.level === 'error' && l.incident === incident));
      assert.ok(r.platform.logger.lines.some((l) => l.slackError === 'fatal_error' && l.conversationId === 'slack:C1:1700000900.000100'));
    } finally {
      await r.close();
    }
  });

  it('logs a sink that throws and keeps answering', async () => {
    let calls = 0;
    const r = await startHttpRig((fake) => {
      const sink = createFakeSink({ fake });
      const answer = sink.message;
      return Object.assign(sink, {
        message: async (...args: Parameters<FakeSink['message']>) => {
          if (++calls === 1) throw new Error('a bug in the core');
          return answer(...args);
        },
      });
    });
    try {
      await r.client.event(eventCallback(messageEvent({ text: 'first', ts: '1700001010.000100', threadTs: '1700001000.000100' })));
      await r.fake.waitFor(() => r.platform.logger.lines.find((l) => l.level === 'error' && /slack message handling failed/.test(String(l.msg))), 'logged');
      await r.client.event(eventCallback(messageEvent({ text: 'second', ts: '1700001020.000100', threadTs: '1700001000.000100' })));
      await r.fake.waitFor(() => r.fake.callsTo('chat.postMessage')[0], 'the next one is answered');
    } finally {
      await r.close();
    }
  });
});
