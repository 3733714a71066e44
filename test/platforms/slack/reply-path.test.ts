// The production reply path (reply-path.ts over the real router, the offline engine and the
// in-memory store) behind the real Bolt app in HTTP mode, against the fake Slack: what the
// platform's outboxes report decides where follow-up questions are heard.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '../../../src/core/logger.ts';
import { createReplyPath, type ReplyPath } from '../../../src/core/reply-path.ts';
import type { SlackPlatformOptions } from '../../../src/platforms/slack/slack-platform.ts';
import { eventCallback, messageEvent, slashCommand } from '../../fakes/slack/payloads.ts';
import { makeBot } from '../../helpers/bot.ts';
import { makeDocument, RUSSIA_DOC, WEATHER_DOC } from '../../helpers/documents.ts';
import { sleep, startHttpRig, type HttpRig } from './helpers.ts';

type Rig = HttpRig<ReplyPath>;

function rig(platformOptions: Partial<SlackPlatformOptions> = {}): Promise<Rig> {
  const bot = makeBot([makeDocument(RUSSIA_DOC), makeDocument(WEATHER_DOC)]);
  return startHttpRig(() => createReplyPath({ router: bot.router, memory: bot.services.memory, logger: silentLogger }), platformOptions);
}

const later = (ts: string, seconds: number) => `${Number(ts.split('.')[0]) + seconds}.000100`;

describe('Slack with the real reply path', () => {
  it('remembers a /brief under the thread it opened: a reply there without a mention is answered in it', async () => {
    const r = await rig();
    try {
      await r.client.command(slashCommand({ text: 'us-russia', responseUrl: r.fake.responseUrl() }));
      const brief = await r.fake.waitFor(() => r.fake.callsTo('chat.postMessage').find((c) => /Reply in this thread/.test(JSON.stringify(c.params.blocks))), 'the brief');
      assert.equal(brief.params.thread_ts, undefined, 'the brief goes to the channel');
      const ts = String(brief.response.ts);

      // Humans talking in a thread the bot did not open: silence there.
      const elsewhere = later(ts, -100);
      await r.client.event(eventCallback(messageEvent({ text: 'what did Peskov say?', ts: later(ts, 1), threadTs: elsewhere })));
      await r.client.event(eventCallback(messageEvent({ text: 'What did Peskov say?', ts: later(ts, 2), threadTs: ts })));
      const answer = await r.fake.waitFor(() => r.fake.callsTo('chat.postMessage').find((c) => c.params.thread_ts === ts), 'the answer in the brief thread');
      assert.match(JSON.stringify(answer.params.blocks), /Peskov/);
      assert.match(JSON.stringify(answer.params.blocks), /US and Russia enter a new phase/, 'cited from the briefed document');
      await sleep(100);
      assert.equal(r.fake.callsTo('chat.postMessage').filter((c) => c.params.thread_ts === elsewhere).length, 0);
      assert.equal(r.fake.callsTo('chat.postEphemeral').length, 0);
      assert.equal(r.fake.responses.length, 0, 'nothing private either');
    } finally {
      await r.close();
    }
  });

  it('does not remember a brief posted through the response_url (the bot cannot hear that channel)', async () => {
    const r = await rig();
    try {
      r.fake.fail('chat.postMessage', 'not_in_channel');
      await r.client.command(slashCommand({ text: 'us-russia', responseUrl: r.fake.responseUrl(), channel: 'C5' }));
      await r.fake.waitFor(() => r.fake.responses.length >= 2, 'brief and hint via response_url');
      assert.deepEqual(r.fake.responses.map((res) => res.body.response_type), ['in_channel', 'ephemeral']);
      // A reply under some message in that channel is not a thread the bot briefed in.
      await r.client.event(eventCallback(messageEvent({ text: 'what did Peskov say?', ts: '1800000010.000100', threadTs: '1800000000.000100', channel: 'C5' })));
      await sleep(200);
      assert.equal(r.fake.callsTo('chat.postMessage').length, 1, 'only the refused post');
      assert.equal(r.fake.responses.length, 2);
    } finally {
      await r.close();
    }
  });

  it('runs the verbs of a custom command name: /news help privately, /news topics in the channel, /news <topic> a brief', async () => {
    const r = await rig({ command: '/news' });
    try {
      await r.client.command(slashCommand({ command: '/news', text: 'help', responseUrl: r.fake.responseUrl() }));
      const help = await r.fake.waitFor(() => r.fake.responses[0], 'help');
      assert.equal(help.body.response_type, 'ephemeral');
      assert.match(help.text, /I brief you from the documents I was given/);
      await r.client.command(slashCommand({ command: '/news', text: 'topics', responseUrl: r.fake.responseUrl() }));
      const topics = await r.fake.waitFor(() => r.fake.callsTo('chat.postMessage')[0], 'topics');
      assert.match(topics.text, /US–Russia relations/);
      assert.doesNotMatch(JSON.stringify(topics.params.blocks), /Reply in this thread/, 'only a brief opens a thread');
      await r.client.command(slashCommand({ command: '/news', text: 'us-russia', responseUrl: r.fake.responseUrl() }));
      const brief = await r.fake.waitFor(() => r.fake.callsTo('chat.postMessage').find((c) => /Reply in this thread/.test(JSON.stringify(c.params.blocks))), 'a brief from /news <topic>');
      assert.equal(brief.params.channel, 'C1');
      assert.equal(r.fake.responses.length, 1, 'no apologies');
    } finally {
      await r.close();
    }
  });
});
