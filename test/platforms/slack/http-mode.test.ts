// The real Bolt app in HTTP mode against the fake Slack: signed slash commands and events in,
// Web API calls and response_url posts out.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SlackPlatformOptions } from '../../../src/platforms/slack/slack-platform.ts';
import { createFakeSlack } from '../../fakes/slack/fake-slack.ts';
import { SLACK_ADMIN_RULE } from '../../../src/platforms/slack/users.ts';
import { eventCallback, slashCommand } from '../../fakes/slack/payloads.ts';
import { createSignedClient, sign } from '../../fakes/slack/signed-client.ts';
import {
  BOT_TOKEN, createFakeSink, everythingSent, SIGNING_SECRET, startHttpRig, startPlatform,
  type FakeSink, type FakeSinkOptions, type HttpRig,
} from './helpers.ts';

type Rig = HttpRig<FakeSink>;

function rig(sinkOptions: FakeSinkOptions = {}, platformOptions: Partial<SlackPlatformOptions> = {}): Promise<Rig> {
  return startHttpRig((fake) => createFakeSink({ fake, ...sinkOptions }), platformOptions);
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
      assert.deepEqual(ev.user, { id: 'slack:U1', name: 'ada', isAdmin: false, adminRule: SLACK_ADMIN_RULE });

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
