// The Discord platform under the real reply path and router (test/helpers/bot.ts: offline engine,
// in-memory store) against the fake Discord; and the edge's own duties: answering a message once
// when several replicas receive it, and not leaving a placeholder behind when the sink fails.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createReplyPath } from '../../../src/core/reply-path.ts';
import { createMemoryLogger } from '../../../src/core/logger.ts';
import { createDiscordPlatform } from '../../../src/platforms/discord/discord-platform.ts';
import type { EventSink } from '../../../src/platforms/platform-types.ts';
import type { RecordedRequest } from '../../fakes/discord/fake-discord.ts';
import { makeBot } from '../../helpers/bot.ts';
import { makeDocument, RUSSIA_DOC, WEATHER_DOC } from '../../helpers/documents.ts';
import { channelPostsTo, followUpsOf, originalOf, withBot, createSharedClaims } from './bot-harness.ts';
import { createFakeSink } from './fake-sink.ts';

const docs = [makeDocument(RUSSIA_DOC), makeDocument(WEATHER_DOC)];

test('real reply path: a brief in a text channel opens a thread, and a question in that thread is answered from the brief', async () => {
  const bot = makeBot(docs);
  await withBot(
    { platform: { messageContent: true }, makeSink: (logger) => createReplyPath({ router: bot.router, memory: bot.services.memory, logger }) },
    async ({ fake }) => {
      const i = fake.sendCommand({ name: 'brief', options: { topic: 'us-russia' } });
      const threadStart = await fake.waitForRequest((r) => r.method === 'POST' && /^\/channels\/\d+\/messages\/\d+\/threads$/.test(r.path) && r.status === 201);
      const edit = fake.requests.find((r) => originalOf(fake, i)(r) && r.status === 200 && Boolean(r.body?.embeds?.length))!;
      assert.match(edit.body.embeds[0].description, /Lavrov|Riyadh/);
      assert.match(edit.body.embeds.at(-1).footer.text, /Follow-up questions: reply in the thread below, or use \/ask\.$/);
      assert.equal(threadStart.path, `/channels/${fake.world.channels.general}/messages/${fake.interaction(i.token)!.originalId}/threads`);
      assert.equal(threadStart.body.name, 'Follow-ups: US–Russia relations');
      const threadId = fake.interaction(i.token)!.originalId!; // the fake gives a thread its starter message's id
      // The reply path remembers the brief under the conversation the outbox returned.
      for (let n = 0; !(await bot.services.memory.get(`discord:${threadId}`)); n++) {
        assert.ok(n < 200, 'the brief is remembered under the thread');
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.equal(await bot.services.memory.get(`discord:${fake.world.channels.general}`), undefined, 'not under the channel');

      // Not the bot's thread, not a mention: silence.
      const stray = fake.sendMessage({ channelId: fake.world.channels.existingThread, content: 'what did Peskov say?' });
      const question = fake.sendMessage({ channelId: threadId, content: 'what did Peskov say?' });
      const answer = await fake.waitForRequest((r) => channelPostsTo(threadId)(r) && r.status === 200);
      assert.equal(answer.body.message_reference.message_id, question.id);
      assert.match(JSON.stringify(answer.body.embeds), /coincides with our vision|Peskov/);
      assert.match(JSON.stringify(answer.body.embeds), /US and Russia enter a new phase/, 'cites the briefed document');
      await new Promise((r) => setTimeout(r, 100));
      assert.ok(!fake.requests.some((r) => r.body?.message_reference?.message_id === stray.id), 'a thread the bot did not open stays unanswered');
    },
  );
});

test('the same message delivered to two replicas is answered once; a failing claim store still answers', async () => {
  const claims = createSharedClaims();
  const { seen, firstSeen } = claims;
  await withBot({ platform: { firstSeen }, sink: { engineMs: 10 } }, async ({ fake, sink, logger }) => {
    const otherSink = createFakeSink({ engineMs: 10 });
    const other = createDiscordPlatform({ token: fake.token, apiUrl: fake.apiUrl, logger, firstSeen });
    await other.start(otherSink);
    try {
      assert.equal(fake.identifies.length, 2, 'both replicas are on the gateway and receive every message');
      const question = fake.sendMessage({ channelId: fake.world.channels.general, content: `<@${fake.world.bot.id}> what did Peskov say?` });
      const answerTo = (id: string) => (r: RecordedRequest) => channelPostsTo(fake.world.channels.general)(r) && r.body?.message_reference?.message_id === id;
      await fake.waitForRequest(answerTo(question.id));
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(fake.requests.filter(answerTo(question.id)).length, 1, 'answered once');
      assert.equal(sink.messages.length + otherSink.messages.length, 1, 'one replica handed it to its sink');
      assert.ok(seen.has(`discord:message:${question.id}`));

      claims.broken = true;
      const during = fake.sendMessage({ channelId: fake.world.channels.general, content: `<@${fake.world.bot.id}> still there?` });
      await fake.waitForRequest(answerTo(during.id));
      assert.ok(logger.lines.some((l) => l.level === 'warn' && /could not claim the message; answering anyway/.test(l.msg ?? '')));
    } finally {
      await other.stop();
    }
  });
});

test('a sink that throws anyway: logged, and the user gets a private apology instead of a stuck placeholder', async () => {
  const failing = (): EventSink => ({
    command: async () => { throw new Error('reply path bug'); },
    message: async () => { throw new Error('reply path bug'); },
    autocomplete: async () => [],
  });
  await withBot({ makeSink: failing }, async ({ fake, logger }) => {
    const i = fake.sendCommand({ name: 'ask', options: { question: 'anything?' } });
    const apology = await fake.waitForRequest((r) => followUpsOf(fake, i)(r) && r.body?.flags === 64);
    assert.match(apology.body.content, /Sorry, something went wrong/);
    await fake.waitForRequest((r) => r.method === 'DELETE' && r.path === `/webhooks/${fake.world.applicationId}/${i.token}/messages/@original`);
    assert.ok(logger.lines.some((l) => l.level === 'error' && /command failed/.test(l.msg ?? '')));
    // A throwing message handler is logged, and the bot keeps running.
    fake.sendMessage({ channelId: fake.world.channels.general, content: `<@${fake.world.bot.id}> hello` });
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(logger.lines.some((l) => l.level === 'error' && /handler failed/.test(l.msg ?? '')));
    const again = fake.sendCommand({ name: 'ask', options: { question: 'still?' } });
    await fake.waitForRequest((r) => followUpsOf(fake, again)(r) && r.body?.flags === 64);
  });
});
