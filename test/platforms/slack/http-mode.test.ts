// The real Bolt app in HTTP mode against the fake Slack: signed slash commands and events in,
// Web API calls and response_url posts out.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFakeSlack, type FakeSlack } from '../../fakes/slack/fake-slack.ts';
import { appMentionEvent, eventCallback, messageEvent, slashCommand } from '../../fakes/slack/payloads.ts';
import { createSignedClient, sign, type SignedClient } from '../../fakes/slack/signed-client.ts';
import { BOT_TOKEN, createFakeSink, everythingSent, realisticBrief, SIGNING_SECRET, startPlatform, type FakeSink, type TestPlatform } from './helpers.ts';

interface Rig {
  fake: FakeSlack;
  sink: FakeSink;
  platform: TestPlatform;
  client: SignedClient;
  close(): Promise<void>;
}

async function rig(sinkOptions: Parameters<typeof createFakeSink>[0] = {}, platformOptions: Parameters<typeof startPlatform>[3] = {}): Promise<Rig> {
  const fake = await createFakeSlack({ botToken: BOT_TOKEN, users: [{ id: 'U1', name: 'ada' }, { id: 'UADMIN', name: 'root', is_admin: true }] });
  const sink = createFakeSink({ fake, ...sinkOptions });
  const platform = await startPlatform(fake, sink, 'http', platformOptions);
  const port = platform.address()?.port;
  assert.ok(port, 'HTTP mode listens on a port');
  const client = createSignedClient({ url: `http://127.0.0.1:${port}/slack/events`, signingSecret: SIGNING_SECRET });
  return {
    fake,
    sink,
    platform,
    client,
    async close() {
      client.close();
      await platform.stop();
      await fake.close();
    },
  };
}

function sectionTexts(blocks: unknown): string[] {
  return (blocks as Array<{ type: string; text?: { text: string }; elements?: Array<{ text: string }> }>).flatMap((b) =>
    b.type === 'section' ? [b.text!.text] : b.type === 'context' ? b.elements!.map((e) => e.text) : [],
  );
}

describe('Slack HTTP mode', () => {
  it('acks /brief before a slow (2 s) engine finishes, then posts the brief as Block Kit', async () => {
    const r = await rig({ engineMs: 2000 });
    try {
      const responseUrl = r.fake.responseUrl();
      const res = await r.client.command(slashCommand({ text: 'us-russia', responseUrl }));
      r.fake.mark('ack');
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { response_type: 'ephemeral', text: 'Working on it…' });

      const post = await r.fake.waitFor(() => r.fake.callsTo('chat.postMessage')[0], 'brief posted');
      // Order, not wall-clock: the ack came back while the engine was still working.
      const t = r.fake.timeline;
      assert.ok(t.indexOf('ack') !== -1 && t.indexOf('engine:done:1') !== -1);
      assert.ok(t.indexOf('ack') < t.indexOf('engine:done:1'), `timeline: ${t.join(' ')}`);

      assert.equal(r.sink.commands.length, 1);
      const ev = r.sink.commands[0];
      assert.equal(ev.platform, 'slack');
      assert.equal(ev.command, 'brief');
      assert.equal(ev.text, 'us-russia');
      assert.equal(ev.conversationId, 'slack:C1');
      assert.deepEqual(ev.user, { id: 'slack:U1', name: 'ada', isAdmin: false });

      assert.equal(post.params.channel, 'C1');
      assert.equal(post.params.thread_ts, undefined);
      assert.equal(post.authorization, `Bearer ${BOT_TOKEN}`);
      const texts = sectionTexts(post.params.blocks);
      const all = texts.join('\n');
      assert.match(texts[0], /\*US and Russia agree to resume talks in Istanbul next week\*/);
      assert.match(all, /• Delegations will meet in Istanbul on Thursday to discuss embassy staffing\. \[1\]/);
      assert.match(all, /• The Kremlin said a prisoner exchange is not on the agenda\. \[2\]/);
      assert.match(all, /"constructive" &amp; businesslike\. \[1\]\[2\]/);
      assert.match(all, /“We are not discussing any exchanges at this stage”\n>— \*Dmitry Peskov\*, Kremlin spokesman \[2\]/);
      assert.match(all, /\[1\] US and Russia agree to new round of talks · `seeds\/us-russia-talks\.md` · 2025-03-01/);
      assert.match(all, /Engine: offline/);
      assert.match(all, /Generated <!date\^1740907800\^/);
      assert.match(all, /Newest source 2025-03-02/);
      assert.match(all, /Reply in this thread to ask follow-up questions/);
      assert.match(String(post.params.text), /^Brief: US and Russia agree/);

      const ts = String(post.response.ts);
      await r.fake.waitFor(() => r.sink.remembered.length === 1, 'brief remembered');
      assert.equal(r.sink.remembered[0].conversationId, `slack:C1:${ts}`, 'under the thread the brief opened');
      assert.equal(r.sink.remembered[0].brief.headline, 'US and Russia agree to resume talks in Istanbul next week');
    } finally {
      await r.close();
    }
  });

  it('shows progress in a placeholder, updated at most about once a second, then replaced by the brief', async () => {
    const steps = Array.from({ length: 12 }, (_, i) => `Reading source ${i + 1}…`);
    const r = await rig({ engineMs: 1200, progress: steps });
    try {
      await r.client.command(slashCommand({ text: 'us-russia', responseUrl: r.fake.responseUrl() }));
      await r.fake.waitFor(() => r.sink.remembered.length === 1, 'brief posted');
      const posts = r.fake.callsTo('chat.postMessage');
      const updates = r.fake.callsTo('chat.update');
      assert.equal(posts.length, 1, 'one placeholder, no second message for the brief');
      assert.match(String(posts[0].params.text), /Working on your brief/);
      const placeholderTs = String(posts[0].response.ts);
      // 12 progress reports in ~1.2 s: throttling leaves at most 2 progress updates, plus the final brief.
      assert.ok(updates.length >= 1 && updates.length <= 3, `updates: ${updates.length}`);
      const final = updates.at(-1)!;
      assert.equal(final.params.ts, placeholderTs);
      assert.match(sectionTexts(final.params.blocks).join('\n'), /US and Russia agree to resume talks/);
      assert.equal(r.sink.remembered[0].conversationId, `slack:C1:${placeholderTs}`);
      assert.equal(r.fake.callsTo('chat.delete').length, 0, 'the placeholder became the brief');
    } finally {
      await r.close();
    }
  });

  it('sends ephemeral replies (errors, usage) through the response_url, escaped', async () => {
    const r = await rig({ command: (e) => ({ kind: 'text', text: `Unknown topic "${e.text}". Try \`/brief topics\`.`, ephemeral: true }) });
    try {
      const responseUrl = r.fake.responseUrl();
      await r.client.command(slashCommand({ text: '<!channel> please', responseUrl }));
      const res = await r.fake.waitFor(() => r.fake.responses[0], 'response_url post');
      assert.equal(res.body.response_type, 'ephemeral');
      assert.equal(r.sink.commands[0].text, '<!channel> please', 'the router sees what the user typed');
      assert.match(String(res.body.text), /Unknown topic "&lt;!channel&gt; please"\. Try `\/brief topics`\./);
      assert.equal(r.fake.callsTo('chat.postMessage').length, 0);
      for (const sent of everythingSent(r.fake)) assert.ok(!sent.includes('<!channel>'), sent);
    } finally {
      await r.close();
    }
  });

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
      assert.match(sectionTexts(post.params.blocks).join('\n'), /Peskov said no exchanges[\s\S]*\[1\] Kremlin briefing/);
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
      await new Promise((resolve) => setTimeout(resolve, 100));
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
      await new Promise((resolve) => setTimeout(resolve, 150));
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
      await new Promise((resolve) => setTimeout(resolve, 100));
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
      await new Promise((resolve) => setTimeout(resolve, 100));
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
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(r.fake.callsTo('chat.postMessage').length, 0);
      assert.equal(r.fake.callsTo('chat.postEphemeral').length, 0);
    } finally {
      await r.close();
    }
  });

  it('rejects forged and stale signatures with 401 and never reaches the sink', async () => {
    const r = await rig();
    try {
      const fields = slashCommand({ text: 'us-russia', responseUrl: r.fake.responseUrl() });
      const forged = await r.client.command(fields, { secret: 'not-the-secret' });
      const garbage = await r.client.command(fields, { signature: 'v0=deadbeef' });
      const noVersion = await r.client.command(fields, { signature: 'nonsense' });
      const stale = await r.client.command(fields, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
      for (const res of [forged, garbage, noVersion, stale]) assert.equal(res.status, 401);
      // Body tampered after signing.
      const body = new URLSearchParams(fields).toString();
      const ts = Math.floor(Date.now() / 1000);
      const tampered = await r.client.raw(body.replace('us-russia', 'evil'), 'application/x-www-form-urlencoded', { timestamp: ts, signature: sign(SIGNING_SECRET, ts, body) });
      assert.equal(tampered.status, 401);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(r.sink.commands.length, 0);
      assert.equal(r.fake.calls.filter((c) => c.method !== 'auth.test').length, 0);
    } finally {
      await r.close();
    }
  });

  it('acks /brief in the receiver with the ephemeral working text, and reports the ack time once', async () => {
    const acks: Array<{ kind: string; ms: number }> = [];
    const r = await rig({ engineMs: 200 }, { onAck: (info) => acks.push(info) });
    try {
      const res = await r.client.command(slashCommand({ text: 'us-russia', responseUrl: r.fake.responseUrl() }));
      assert.equal(res.status, 200);
      assert.equal(res.body, JSON.stringify({ response_type: 'ephemeral', text: 'Working on it…' }));
      // Other commands than ours get an empty ack (nothing to say about them).
      const other = await r.client.command(slashCommand({ text: 'x', responseUrl: r.fake.responseUrl(), command: '/other' }));
      assert.equal(other.status, 200);
      assert.equal(other.body, '');
      await r.fake.waitFor(() => r.sink.remembered.length === 1, 'brief posted');
      assert.equal(acks.length, 2, 'one per slash command, from the receiver; the listener does not report again');
      for (const a of acks) assert.ok(a.kind === 'command' && a.ms >= 0);
      // The listener's ack() is a no-op here: the working text went out once, in the HTTP response.
      assert.ok(!everythingSent(r.fake).some((sent) => sent.includes('Working on it…')));
      assert.equal(r.sink.commands.length, 1);
    } finally {
      await r.close();
    }
  });

  it('answers 413 to an oversize body and never reaches the sink', async () => {
    const r = await rig();
    try {
      const huge = slashCommand({ text: 'a'.repeat(1100 * 1024), responseUrl: r.fake.responseUrl() });
      const res = await r.client.command(huge);
      assert.equal(res.status, 413);
      const ok = await r.client.command(slashCommand({ text: 'us-russia', responseUrl: r.fake.responseUrl() }));
      assert.equal(ok.status, 200);
      await r.fake.waitFor(() => r.sink.commands.length === 1, 'the normal command');
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(r.sink.commands.map((c) => c.text), ['us-russia']);
    } finally {
      await r.close();
    }
  });

  it('answers the url_verification challenge without involving the app', async () => {
    const r = await rig();
    try {
      const res = await r.client.event({ token: 'x', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
      const unsigned = await r.client.event({ type: 'url_verification', challenge: 'c' }, { signature: 'v0=00' });
      assert.equal(unsigned.status, 401, 'the challenge is answered only to Slack');
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(r.sink.commands.length + r.sink.messages.length, 0);
      assert.equal(r.fake.calls.filter((c) => c.method !== 'auth.test').length, 0);
    } finally {
      await r.close();
    }
  });

  it('never lets a form body with a bad signature reach the sink (commands, payload=, ssl_check smuggling)', async () => {
    const r = await rig();
    try {
      const fields = slashCommand({ text: 'us-russia', responseUrl: r.fake.responseUrl() });
      const command = await r.client.command(fields, { secret: 'not-the-secret' });
      assert.equal(command.status, 401);
      assert.equal(command.body, '', 'no working text for a forgery');
      const shortcut = await r.client.command({ payload: JSON.stringify({ type: 'message_action', callback_id: 'brief', channel: { id: 'C1' }, user: { id: 'U1' }, message: { text: 'x', ts: '1.1' } }) }, { secret: 'not-the-secret' });
      assert.equal(shortcut.status, 401);
      // Slack's SSL check is unsigned and answered 200, but whatever rides along is dropped.
      const smuggled = await r.client.command({ ...fields, ssl_check: '1' }, { secret: 'not-the-secret' });
      assert.equal(smuggled.status, 200);
      assert.equal(smuggled.body, '');
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(r.sink.commands.length, 0);
      assert.equal(r.fake.calls.filter((c) => c.method !== 'auth.test').length, 0);
      assert.equal(r.fake.responses.length, 0);
    } finally {
      await r.close();
    }
  });

  it('survives bad payloads (broken JSON, missing fields, unknown types) and keeps working', async () => {
    const r = await rig();
    try {
      const broken = await r.client.raw('{"type":"event_callback",', 'application/json');
      assert.equal(broken.status, 400);
      const missing = await r.client.event(eventCallback({ type: 'message', text: 'no channel or user', ts: '1.2', thread_ts: '1.1' }));
      assert.equal(missing.status, 200);
      const weird = await r.client.event({ type: 'something_new', event_id: 'EvWeird' });
      assert.ok(weird.status < 500);
      const emptyCommand = await r.client.raw('command=%2Fbrief', 'application/x-www-form-urlencoded');
      assert.ok(emptyCommand.status < 500);
      const challenge = await r.client.event({ type: 'url_verification', challenge: 'abc123', token: 'x' });
      assert.deepEqual(challenge.json, { challenge: 'abc123' });
      // Still alive.
      const ok = await r.client.command(slashCommand({ text: 'us-russia', responseUrl: r.fake.responseUrl() }));
      assert.equal(ok.status, 200);
      await r.fake.waitFor(() => r.fake.callsTo('chat.postMessage')[0], 'brief after bad payloads');
    } finally {
      await r.close();
    }
  });

  it('escapes untrusted text: a brief with <!channel> and <@U123> posts nothing raw', async () => {
    const hostile = realisticBrief({
      headline: 'Breaking <!channel> news for <@U123>',
      bullets: [
        { text: 'Officials told <!here> and <!everyone> that <#C999|secret> talks continue.', citations: [realisticBrief().bullets[0].citations[0]] },
        { text: 'Visit <https://evil.example|totally safe> or ping @channel and @here & @everyone.', citations: [] },
        { text: 'Spoofed <!subteam^S123|@oncall> and <!date^0^{date}|x> tokens.', citations: [] },
      ],
      quotes: [{ text: 'Tell <@U123> to stand down', speaker: 'A <!here> speaker', role: 'role <@U456>', citation: realisticBrief().bullets[0].citations[0] }],
      sources: [{ docId: 'a1b2c3', title: 'Doc <!channel>', path: 'seeds/<@U123>.md', date: '2025-03-01' }],
      notes: ['note <!channel>'],
      engine: 'open<!here>ai',
    });
    const r = await rig({ command: () => ({ kind: 'brief', brief: hostile }) });
    try {
      await r.client.command(slashCommand({ text: 'us-russia', responseUrl: r.fake.responseUrl() }));
      const post = await r.fake.waitFor(() => r.fake.callsTo('chat.postMessage')[0], 'brief posted');
      // Also a digest post and a thread answer echoing the hostile text.
      await r.platform.outbox('slack:C2').post({ kind: 'brief', brief: hostile }, { followUps: true });
      await r.platform.outbox('slack:C2:1700000001.000100').post({ kind: 'text', text: 'Echo: <!channel> <@U123> @here' }, { followUps: false });
      const sent = everythingSent(r.fake).join('\n');
      for (const raw of ['<!channel>', '<!here>', '<!everyone>', '<@U123>', '<@U456>', '<#C999', '<https://evil', '<!subteam', '<!date^0']) {
        assert.ok(!sent.includes(raw), `raw ${raw} reached Slack`);
      }
      assert.ok(!/@(channel|here|everyone)\b/i.test(sent), 'bare broadcast words are defused');
      const texts = sectionTexts(post.params.blocks).join('\n');
      assert.match(texts, /Breaking &lt;!channel&gt; news for &lt;@U123&gt;/);
      assert.match(texts, /&lt;https:\/\/evil\.example\|totally safe&gt;/);
      assert.match(texts, /@\u200Dchannel and @\u200Dhere &amp; @\u200Deveryone/);
      assert.equal(post.params.link_names, 'false');
    } finally {
      await r.close();
    }
  });

  it("a digest outbox returns the message ts and the thread follow-ups arrive in (channel and thread)", async () => {
    const r = await rig();
    try {
      const posted = await r.platform.outbox('slack:C42').post({ kind: 'brief', brief: realisticBrief() }, { followUps: true });
      const call = r.fake.callsTo('chat.postMessage')[0];
      assert.equal(posted.messageId, call.response.ts);
      assert.equal(posted.conversationId, `slack:C42:${call.response.ts}`, 'a brief in a channel opens its own thread');
      assert.equal(call.params.channel, 'C42');
      assert.equal(call.params.thread_ts, undefined);
      assert.match(JSON.stringify(call.params.blocks), /Reply in this thread/);
      const inThread = await r.platform.outbox('slack:C42:1700000001.000100').post({ kind: 'text', text: 'Nothing new today.' }, { followUps: false });
      const second = r.fake.callsTo('chat.postMessage')[1];
      assert.equal(inThread.messageId, second.response.ts);
      assert.equal(inThread.conversationId, 'slack:C42:1700000001.000100', 'posted into a thread: that thread');
      assert.equal(second.params.thread_ts, '1700000001.000100');
      assert.doesNotMatch(JSON.stringify(second.params.blocks), /Reply in this thread/);
      await assert.rejects(r.platform.outbox('discord:1:2').post({ kind: 'text', text: 'x' }, { followUps: false }), /Not a Slack conversation id/);
    } finally {
      await r.close();
    }
  });

  it('retries a 429 from the Web API after Retry-After', async () => {
    const r = await rig();
    try {
      r.fake.rateLimit('chat.postMessage', 1);
      const { messageId } = await r.platform.outbox('slack:C7').post({ kind: 'text', text: 'Digest' }, { followUps: false });
      const calls = r.fake.callsTo('chat.postMessage');
      assert.deepEqual(calls.map((c) => c.status), [429, 200]);
      assert.equal(messageId, calls[1].response.ts);
      // A lower bound, not a latency threshold: the retry may not come before Retry-After (1 s).
      assert.ok(calls[1].at - calls[0].at >= 950, `retried after ${Math.round(calls[1].at - calls[0].at)} ms`);
    } finally {
      await r.close();
    }
  });

  it('logs a Web API error with its Slack code (no token); the core apologises privately through the response_url', async () => {
    const r = await rig();
    try {
      r.fake.fail('chat.postMessage', 'fatal_error');
      await r.client.command(slashCommand({ text: 'us-russia', responseUrl: r.fake.responseUrl() }));
      const res = await r.fake.waitFor(() => r.fake.responses[0], 'apology');
      assert.equal(res.body.response_type, 'ephemeral');
      const incident = /^Sorry, I couldn't post my reply here \(incident (\w+)\)\. Please try again\.$/.exec(String(res.body.text))?.[1];
      assert.ok(incident, String(res.body.text));
      const line = r.platform.logger.lines.find((l) => l.slackError === 'fatal_error');
      assert.ok(line, 'the platform logs the Slack error code');
      assert.equal(line.method, 'chat.postMessage');
      const failure = r.sink.logger.lines.find((l) => l.level === 'error' && l.incident === incident);
      assert.ok(failure, 'the incident the user sees is logged');
      assert.equal(failure.code, 'slack_api_error');
      assert.equal(r.sink.remembered.length, 0, 'nothing posted, nothing remembered');
      const logs = JSON.stringify([...r.platform.logger.lines, ...r.sink.logger.lines], (_key, value: unknown) => (value instanceof Error ? { message: value.message } : value));
      assert.ok(!logs.includes(BOT_TOKEN), 'the token is never logged');
      r.fake.fail('chat.postMessage', 'channel_not_found');
      await assert.rejects(
        r.platform.outbox('slack:C9').post({ kind: 'text', text: 'x' }, { followUps: false }),
        (error: Error & { code?: string; retryable?: boolean }) => error.code === 'slack_api_error' && error.retryable === false
          && /channel_not_found/.test(error.message) && !error.message.includes(BOT_TOKEN),
      );
    } finally {
      await r.close();
    }
  });

  it('removes a progress placeholder when the brief cannot replace it, before apologising', async () => {
    const r = await rig({ engineMs: 300, progress: ['Reading sources…'] });
    try {
      await r.client.command(slashCommand({ text: 'us-russia', responseUrl: r.fake.responseUrl() }));
      const placeholder = await r.fake.waitFor(() => r.fake.callsTo('chat.postMessage')[0], 'placeholder');
      r.fake.fail('chat.update', 'fatal_error');
      r.fake.fail('chat.postMessage', 'fatal_error');
      const res = await r.fake.waitFor(() => r.fake.responses[0], 'apology');
      assert.match(String(res.body.text), /^Sorry, I couldn't post my reply here/);
      const deleted = r.fake.callsTo('chat.delete');
      assert.equal(deleted.length, 1);
      assert.equal(deleted[0].params.ts, placeholder.response.ts);
      assert.ok(deleted[0].seq < res.seq, 'no "Working on your brief" left behind the apology');
    } finally {
      await r.close();
    }
  });

  it('falls back to the response_url when the bot is not in the channel', async () => {
    const r = await rig();
    try {
      r.fake.fail('chat.postMessage', 'not_in_channel');
      await r.client.command(slashCommand({ text: 'us-russia', responseUrl: r.fake.responseUrl(), channel: 'C5' }));
      await r.fake.waitFor(() => r.fake.responses.length >= 2, 'brief and hint via response_url');
      const [brief, hint] = r.fake.responses;
      assert.equal(brief.body.response_type, 'in_channel');
      assert.match(JSON.stringify(brief.body.blocks), /US and Russia agree to resume talks/);
      assert.doesNotMatch(JSON.stringify(brief.body.blocks), /Reply in this thread/, 'no thread promise we cannot keep');
      assert.equal(hint.body.response_type, 'ephemeral');
      assert.match(String(hint.body.text), /Invite me to this channel/);
      assert.equal(r.fake.responses.length, 2, 'no apology: the brief is out');
      assert.equal(r.sink.remembered.length, 0, 'no thread we could hear follow-ups in');
    } finally {
      await r.close();
    }
  });

  it('treats workspace admins and configured users as admins', async () => {
    const r = await rig({}, { adminUserIds: ['slack:U7'] });
    try {
      await r.client.command(slashCommand({ text: 'digest list', responseUrl: r.fake.responseUrl(), user: 'UADMIN', userName: 'root' }));
      await r.client.command(slashCommand({ text: 'digest list', responseUrl: r.fake.responseUrl(), user: 'U7', userName: 'seven' }));
      await r.client.command(slashCommand({ text: 'digest list', responseUrl: r.fake.responseUrl(), user: 'U1' }));
      await r.client.command(slashCommand({ text: 'again', responseUrl: r.fake.responseUrl(), user: 'U1' }));
      await r.fake.waitFor(() => r.sink.commands.length === 4, 'four commands');
      assert.deepEqual(r.sink.commands.map((c) => [c.user.id, c.user.isAdmin]), [
        ['slack:UADMIN', true], ['slack:U7', true], ['slack:U1', false], ['slack:U1', false],
      ]);
      assert.equal(r.sink.commands[1].user.name, 'seven', 'falls back to the command payload name when users.info fails');
      assert.equal(r.fake.callsTo('users.info').filter((c) => c.params.user === 'U1').length, 1, 'users.info is cached');
    } finally {
      await r.close();
    }
  });

  it('can be mounted on a server the caller owns (handleHttp)', async () => {
    const { createServer } = await import('node:http');
    const fake = await createFakeSlack({ botToken: BOT_TOKEN, users: [{ id: 'U1', name: 'ada' }] });
    const sink = createFakeSink({ fake });
    const platform = await startPlatform(fake, sink, 'http', { listen: false });
    const server = createServer((req, res) => {
      if (platform.handleHttp(req, res)) return;
      res.writeHead(req.url === '/healthz' ? 200 : 404).end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const client = createSignedClient({ url: `http://127.0.0.1:${port}/slack/events`, signingSecret: SIGNING_SECRET });
    try {
      assert.equal(platform.address(), null);
      assert.equal(platform.isReady?.(), true);
      const res = await client.command(slashCommand({ text: 'us-russia', responseUrl: fake.responseUrl() }));
      assert.equal(res.status, 200);
      await fake.waitFor(() => fake.callsTo('chat.postMessage')[0], 'brief posted');
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      assert.equal(health.status, 200);
      await health.text();
    } finally {
      client.close();
      await platform.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fake.close();
    }
  });

  it('fails start() clearly on a rejected token', async () => {
    const fake = await createFakeSlack({ botToken: 'xoxb-the-right-one' });
    try {
      await assert.rejects(startPlatform(fake, createFakeSink(), 'http'), (error: Error & { code?: string }) =>
        error.code === 'slack_auth_failed' && /invalid_auth/.test(error.message) && !error.message.includes(BOT_TOKEN));
    } finally {
      await fake.close();
    }
  });
});
