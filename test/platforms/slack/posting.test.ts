// Posting through the real Bolt app in HTTP mode, against the fake Slack: the digest outbox,
// escaping on the way out, Web API failures (retried, logged with Slack's code, apologised for by
// the core), the progress placeholder on failure, and the response_url fallback when the bot may
// not post in the channel.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { slashCommand } from '../../fakes/slack/payloads.ts';
import { BOT_TOKEN, createFakeSink, everythingSent, realisticBrief, sleep, startHttpRig, type FakeSink, type FakeSinkOptions, type HttpRig } from './helpers.ts';

function rig(sinkOptions: FakeSinkOptions = {}): Promise<HttpRig<FakeSink>> {
  return startHttpRig((fake) => createFakeSink({ fake, ...sinkOptions }));
}

function sectionTexts(blocks: unknown): string[] {
  return (blocks as Array<{ type: string; text?: { text: string }; elements?: Array<{ text: string }> }>).flatMap((b) =>
    b.type === 'section' ? [b.text!.text] : b.type === 'context' ? b.elements!.map((e) => e.text) : [],
  );
}

describe('Slack posting', () => {
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

  it('logs a sink that throws on a command and removes the placeholder it left', async () => {
    const r = await startHttpRig((fake) => Object.assign(createFakeSink({ fake }), {
      async command(_event: unknown, outbox: Parameters<FakeSink['command']>[1]) {
        outbox.update?.('Reading sources…');
        await sleep(100);
        throw new Error('a bug in the core');
      },
    }));
    try {
      await r.client.command(slashCommand({ text: 'us-russia', responseUrl: r.fake.responseUrl() }));
      const placeholder = await r.fake.waitFor(() => r.fake.callsTo('chat.postMessage')[0], 'placeholder');
      const deleted = await r.fake.waitFor(() => r.fake.callsTo('chat.delete')[0], 'placeholder removed');
      assert.equal(deleted.params.ts, placeholder.response.ts);
      assert.ok(r.platform.logger.lines.some((l) => l.level === 'error' && /slack command handling failed/.test(String(l.msg))));
      // Still serving.
      const again = await r.client.command(slashCommand({ text: 'us-russia', responseUrl: r.fake.responseUrl() }));
      assert.equal(again.status, 200);
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
});
