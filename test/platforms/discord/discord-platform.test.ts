// The real discord.js client against the fake Discord: gateway login, interactions, messages,
// REST responses. A fresh client per test (a second IDENTIFY within 5 s would wait ~5 s).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BriefbotError } from '../../../src/core/errors.ts';
import { createMemoryLogger } from '../../../src/core/logger.ts';
import { createDiscordPlatform } from '../../../src/platforms/discord/discord-platform.ts';
import { PostError } from '../../../src/platforms/post-error.ts';
import { PERM, EVERYONE_PERMS } from '../../fakes/discord/fixtures.ts';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord/fake-discord.ts';
import { assertNoMentions, callbackOf, channelPostsTo, followUpsOf, originalOf, withBot, createSharedClaims } from './bot-harness.ts';
import { createFakeSink, sampleBrief } from './fake-sink.ts';
import { DISCORD_ADMIN_RULE } from '../../../src/platforms/discord/permissions.ts';

const noFollowUps = { followUps: false };

test('/brief is deferred before the slow engine finishes, shows progress, then the brief as embeds and a follow-up thread', async () => {
  let deferredBeforeEngineDone: boolean | null = null;
  let interaction: { id: string; token: string } | null = null;
  let fakeRef: FakeDiscord | null = null;
  await withBot(
    {
      sink: {
        onEngineDone: () => {
          deferredBeforeEngineDone = fakeRef!.requests.some((r) => callbackOf(fakeRef!, interaction!)(r) && r.body?.type === 5 && r.status === 204);
        },
      },
    },
    async ({ fake, sink }) => {
      fakeRef = fake;
      interaction = fake.sendCommand({ name: 'brief', options: { topic: 'us-russia', length: 'short' } });
      await sink.waitFor(() => sink.postedReplies.length > 0);

      assert.equal(deferredBeforeEngineDone, true, 'the defer callback (type 5) reached Discord before the engine finished');
      const [command] = sink.commands;
      assert.equal(command.platform, 'discord');
      assert.equal(command.command, 'brief');
      assert.deepEqual(command.options, { topic: 'us-russia', length: 'short' });
      assert.equal(command.conversationId, `discord:${fake.world.channels.general}`);
      assert.deepEqual(command.user, { id: `discord:${fake.world.users.alice.id}`, name: 'Alice', isAdmin: false, adminRule: DISCORD_ADMIN_RULE });

      const callbacks = fake.requests.filter(callbackOf(fake, interaction));
      assert.deepEqual(callbacks.map((r) => r.body.type), [5], 'one public defer');
      assert.equal(callbacks[0].body.data.flags, 0);

      const edits = fake.requests.filter(originalOf(fake, interaction));
      assert.ok(edits.length >= 2, 'a progress edit, then the brief');
      assert.equal(edits[0].body.content, '⏳ Reading 2 documents…');
      const final = edits.at(-1)!;
      assert.equal(final.body.content, '', 'the progress text is cleared');
      assert.equal(final.body.embeds[0].title, 'US and Russian envoys agree to keep talking');
      assert.match(final.body.embeds[0].description, /^• Delegations met .* \[1\]\n• The Kremlin said .* \[1\]\[2\]$/);
      assert.equal(final.body.embeds[0].fields[0].name, 'Sergei Lavrov, Foreign Minister');
      assert.match(final.body.embeds[0].footer.text, /Engine: offline/);
      assert.ok(final.seq > callbacks[0].seq);

      // A thread from the reply message; the conversation continues there.
      const original = fake.messages.get(fake.interaction(interaction.token)!.originalId!)!;
      const thread = fake.requests.find((r) => r.method === 'POST' && r.path === `/channels/${fake.world.channels.general}/messages/${original.id}/threads`);
      assert.ok(thread, 'thread started from the reply');
      assert.equal(thread.body.name, 'Follow-ups: US–Russia relations');
      assert.equal(sink.postedReplies[0].conversationId, `discord:${original.id}`);
      // Without the Message Content intent the brief says how to ask follow-ups (no extra message).
      assert.match(final.body.embeds.at(-1).footer.text, /\nFollow-up questions: mention @briefbot in the thread below, or use \/ask\.$/);
      assert.ok(!fake.requests.some((r) => r.path === `/channels/${original.id}/messages`));
      assert.equal(sink.postedReplies[0].reply.kind, 'brief');
    },
  );
});

test('autocomplete for "us" answers with us-russia (type 8, at most 25 choices)', async () => {
  await withBot({}, async ({ fake, sink }) => {
    const i = fake.sendAutocomplete({ name: 'brief', options: { topic: 'us' }, focused: 'topic' });
    const response = await fake.waitForRequest(callbackOf(fake, i));
    assert.equal(response.body.type, 8);
    assert.deepEqual(response.body.data.choices.map((c: { value: string }) => c.value), ['us-russia', 'us-china']);
    assert.ok(response.body.data.choices.length <= 25);
    assert.deepEqual(sink.autocompletes, [{ command: 'brief', option: 'topic', partial: 'us' }]);
    assert.equal(sink.commands.length, 0);

    // Inside a subcommand too (digest subscribe topic:…).
    const sub = fake.sendAutocomplete({ name: 'digest', subcommand: 'subscribe', options: { topic: 'eu' }, focused: 'topic' });
    const subResponse = await fake.waitForRequest(callbackOf(fake, sub));
    assert.deepEqual(subResponse.body.data.choices, [{ name: 'eu-energy', value: 'eu-energy' }]);
  });
});

test('with Message Content: a plain reply in the brief thread is answered there', async () => {
  await withBot({ platform: { messageContent: true }, sink: { engineMs: 10 } }, async ({ fake, sink }) => {
    assert.ok(fake.identifies[0].intents & (1 << 15), 'Message Content intent requested');
    fake.sendCommand({ name: 'brief', options: { topic: 'us-russia' } });
    const posted = await sink.waitFor(() => sink.postedReplies[0]);
    const threadId = posted.conversationId.slice('discord:'.length);

    const question = fake.sendMessage({ channelId: threadId, content: 'what did Peskov say?' });
    const answer = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${threadId}/messages` && Boolean(r.body?.embeds?.length));
    assert.deepEqual(sink.messages.at(-1), {
      platform: 'discord', conversationId: `discord:${threadId}`, text: 'what did Peskov say?',
      user: { id: `discord:${fake.world.users.alice.id}`, name: 'Alice', isAdmin: false, adminRule: DISCORD_ADMIN_RULE }, mentioned: false,
    });
    assert.match(answer.body.embeds[0].description, /Peskov said/);
    assert.equal(answer.body.message_reference.message_id, question.id);
    const brief = fake.requests.find((r) => r.method === 'PATCH' && r.path.endsWith('/messages/@original') && Boolean(r.body?.embeds?.length));
    assert.match(brief!.body.embeds.at(-1).footer.text, /Follow-up questions: reply in the thread below, or use \/ask\.$/);
    // The bot's own messages come back over the gateway and are ignored.
    assert.ok(sink.messages.every((m) => m.user.id !== `discord:${fake.world.bot.id}`));
  });
});

test('without Message Content: un-mentioned thread messages are not read; a mention in a channel is answered', async () => {
  await withBot({ sink: { engineMs: 10 } }, async ({ fake, sink }) => {
    assert.equal(fake.identifies[0].intents & (1 << 15), 0, 'no privileged intent requested');
    fake.sendMessage({ channelId: fake.world.channels.existingThread, content: 'anyone there?' });
    // A mention from a moderator in the main channel: answered, mention stripped, admin recognised from roles.
    const mention = fake.sendMessage({ channelId: fake.world.channels.general, content: `<@${fake.world.bot.id}> where is the next round of talks?`, user: fake.world.users.morgan });
    const answer = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${fake.world.channels.general}/messages`);
    assert.equal(sink.messages.length, 1, 'the un-mentioned thread message (empty content) was not forwarded');
    assert.deepEqual(sink.messages[0], {
      platform: 'discord', conversationId: `discord:${fake.world.channels.general}`, text: 'where is the next round of talks?',
      user: { id: `discord:${fake.world.users.morgan.id}`, name: 'Morgan', isAdmin: true, adminRule: DISCORD_ADMIN_RULE }, mentioned: true,
    });
    assert.equal(answer.body.message_reference.message_id, mention.id);
    assert.equal(answer.body.allowed_mentions.replied_user, false);
    // Other bots are ignored even when they mention us.
    fake.sendMessage({ channelId: fake.world.channels.general, content: `<@${fake.world.bot.id}> hello`, user: fake.world.users.otherBot });
    fake.sendMessage({ channelId: fake.world.channels.general, content: `<@${fake.world.bot.id}> last`, user: fake.world.users.alice });
    await sink.waitFor(() => sink.messages.length === 2);
    assert.equal(sink.messages[1].text, 'last');
  });
});

test('a digest through outbox() lands in the channel as embeds; failures are PostErrors that say whether a retry can help', async () => {
  await withBot({}, async ({ fake, platform }) => {
    const general = `discord:${fake.world.channels.general}`;
    const posted = await platform.outbox(general).post({ kind: 'brief', brief: sampleBrief() }, { followUps: true });
    const sent = fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${fake.world.channels.general}/messages`);
    assert.equal(sent.length, 1);
    assert.equal(fake.messages.get(posted.messageId)?.channel_id, fake.world.channels.general);
    assert.equal(sent[0].body.embeds[0].title, 'US and Russian envoys agree to keep talking');
    // A digest is a brief like any other: its follow-ups go to a thread on it.
    const thread = fake.requests.find((r) => r.method === 'POST' && r.path === `/channels/${fake.world.channels.general}/messages/${posted.messageId}/threads`);
    assert.ok(thread && thread.status < 300, 'a thread started on the digest');
    assert.notEqual(posted.conversationId, general);
    assert.match(posted.conversationId ?? '', /^discord:\d+$/);
    // Text that takes no follow-ups (a notice) opens none.
    await platform.outbox(general).post({ kind: 'text', text: 'Nothing new.' }, noFollowUps);
    assert.equal(fake.requests.filter((r) => r.path.endsWith('/threads')).length, 1);

    const permanent = (code: string) => (e: unknown) => e instanceof PostError && e.code === code && e.retryable === false;
    // A channel where the bot may not post: a clear error, no request that Discord would refuse.
    await assert.rejects(platform.outbox(`discord:${fake.world.channels.readonly}`).post({ kind: 'text', text: 'x' }, noFollowUps), permanent('discord_missing_permissions'));
    // Discord refusing anyway (permissions changed): mapped to the same code.
    fake.failNext({ method: 'POST', path: `/channels/${fake.world.channels.news}/messages`, status: 403, body: { code: 50013, message: 'Missing Permissions' } });
    await assert.rejects(platform.outbox(`discord:${fake.world.channels.news}`).post({ kind: 'text', text: 'x' }, noFollowUps), permanent('discord_missing_permissions'));
    await assert.rejects(platform.outbox('slack:C1').post({ kind: 'text', text: 'x' }, noFollowUps), (e: unknown) => permanent('discord_bad_conversation')(e) && e instanceof BriefbotError);
    // Discord down (5xx after discord.js's own retries): worth trying again later.
    fake.failNext({ method: 'POST', path: `/channels/${fake.world.channels.news}/messages`, status: 503, body: { code: 0, message: 'Service Unavailable' }, times: 10 });
    await assert.rejects(platform.outbox(`discord:${fake.world.channels.news}`).post({ kind: 'text', text: 'x' }, noFollowUps), (e: unknown) => e instanceof PostError && e.code === 'discord_post_failed' && e.retryable === true);

    // Where the bot may not embed links, the brief goes out as plain text (Discord would drop embeds).
    await platform.outbox(`discord:${fake.world.channels.noEmbeds}`).post({ kind: 'brief', brief: sampleBrief() }, { followUps: true });
    const plain = fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${fake.world.channels.noEmbeds}/messages`);
    assert.ok(plain.length >= 1);
    for (const r of plain) {
      assert.deepEqual(r.body.embeds, []);
      assert.ok(r.body.content.length <= 2000);
    }
    assert.match(plain[0].body.content, /^\*\*US and Russian envoys agree to keep talking\*\*\n• Delegations met/);
  });
});

test('a brief containing @everyone, @here, role and user mentions pings nobody', async () => {
  const hostile = sampleBrief('us-russia', {
    headline: '@everyone the talks collapsed',
    bullets: [{ text: 'Tell <@&111111111111111111> and <@222222222222222222> and @here now.', citations: [sampleBrief().quotes[0].citation] }],
    quotes: [{ text: '@everyone must read this', speaker: '@here', role: null, citation: sampleBrief().quotes[0].citation }],
  });
  await withBot({ sink: { engineMs: 10, briefFor: () => hostile } }, async ({ fake, sink, platform }) => {
    const i = fake.sendCommand({ name: 'brief', options: { topic: 'us-russia' } });
    await sink.waitFor(() => sink.postedReplies.length > 0);
    const digests = platform.outbox(`discord:${fake.world.channels.general}`);
    await digests.post({ kind: 'brief', brief: hostile }, { followUps: true });
    await digests.post({ kind: 'text', text: '@everyone plain text too' }, noFollowUps);
    const bodies = fake.messageBodies();
    assert.ok(bodies.length >= 4);
    assertNoMentions(bodies);
    for (const r of bodies) assert.ok(!/@everyone|@here/.test(JSON.stringify(r.body)), 'no literal @everyone/@here left in the text');
    assert.ok(fake.requests.some(originalOf(fake, i)));
  });
});

test('a refusal from the command (no Manage Channels) is an ephemeral follow-up; the placeholder is deleted', async () => {
  await withBot({}, async ({ fake, sink }) => {
    const i = fake.sendCommand({ name: 'digest', subcommand: 'subscribe', options: { topic: 'us-russia', when: 'daily at 08:00' } });
    const followUp = await fake.waitForRequest(followUpsOf(fake, i));
    await fake.waitForRequest((r) => r.method === 'DELETE' && r.path === `/webhooks/${fake.world.applicationId}/${i.token}/messages/@original`);
    assert.equal(sink.commands[0].subcommand, 'subscribe');
    assert.deepEqual(sink.commands[0].options, { topic: 'us-russia', when: 'daily at 08:00' });
    assert.equal(sink.commands[0].user.isAdmin, false);
    assert.equal(followUp.body.flags & 64, 64, 'ephemeral');
    assert.match(followUp.body.content, /Manage Channels/);
    assert.ok(!fake.requests.some(originalOf(fake, i)), 'the refusal never appears publicly');

    // A member with Manage Channels gets the public confirmation.
    const ok = fake.sendCommand({ name: 'digest', subcommand: 'subscribe', options: { topic: 'us-russia' }, user: fake.world.users.morgan });
    const edit = await fake.waitForRequest(originalOf(fake, ok));
    assert.equal(sink.commands[1].user.isAdmin, true);
    assert.match(edit.body.content, /Subscribed this channel/);
    // Manage Server alone also counts.
    fake.sendCommand({ name: 'digest', subcommand: 'subscribe', options: { topic: 'x' }, permissions: EVERYONE_PERMS | PERM.ManageGuild });
    await sink.waitFor(() => sink.commands.length === 3);
    assert.equal(sink.commands[2].user.isAdmin, true);
  });
});

test('REST 429 with retry-after is waited out and retried', async () => {
  await withBot({ sink: { engineMs: 10 } }, async ({ fake, platform, logger }) => {
    const path = `/channels/${fake.world.channels.general}/messages`;
    fake.rateLimitNext(path, { method: 'POST', retryAfterSeconds: 0.2 });
    const { messageId } = await platform.outbox(`discord:${fake.world.channels.general}`).post({ kind: 'text', text: 'digest' }, noFollowUps);
    const attempts = fake.requests.filter((r) => r.method === 'POST' && r.path === path);
    assert.deepEqual(attempts.map((r) => r.status), [429, 200]);
    assert.ok(fake.messages.has(messageId));
    assert.ok(logger.lines.some((l) => l.level === 'warn' && /429|rate limited/.test(l.msg ?? '')), 'the rate limit is logged');

    // On the interaction edit too: the brief still arrives.
    const i = fake.sendCommand({ name: 'brief', options: { topic: 'us-russia' } });
    fake.rateLimitNext(/^\/webhooks\/\d+\/[^/]+\/messages\/@original$/, { method: 'PATCH', retryAfterSeconds: 0.1, times: 1 });
    await fake.waitForRequest((r) => originalOf(fake, i)(r) && r.status === 200 && Boolean(r.body?.embeds?.length));
    assert.ok(fake.requests.some((r) => originalOf(fake, i)(r) && r.status === 429));
    assert.ok(logger.lines.filter((l) => l.level === 'warn' && /429/.test(l.msg ?? '')).length >= 2, 'both 429s logged');
    assert.ok(logger.lines.every((l) => !JSON.stringify(l).includes(i.token)), 'without the interaction token');
  });
});

test('an interaction Discord no longer knows (10062) is dropped without running the command or crashing', async () => {
  await withBot({}, async ({ fake, sink, logger }) => {
    fake.failNext({ method: 'POST', path: /^\/interactions\/\d+\/[^/]+\/callback$/, status: 404, body: { code: 10062, message: 'Unknown interaction' } });
    fake.sendCommand({ name: 'brief', options: { topic: 'us-russia' } });
    await sink.waitFor(() => logger.lines.some((l) => /could not acknowledge/.test(l.msg ?? '')));
    assert.equal(sink.commands.length, 0);
    // The bot keeps working.
    const i = fake.sendAutocomplete({ name: 'brief', options: { topic: 'us' }, focused: 'topic' });
    await fake.waitForRequest(callbackOf(fake, i));
  });
});

test('when Discord keeps failing the edit (5xx), the user gets a private apology with an incident id', async () => {
  await withBot({ sink: { engineMs: 10 } }, async ({ fake, logger }) => {
    const i = fake.sendCommand({ name: 'topics' });
    fake.failNext({ method: 'PATCH', path: /@original$/, status: 503, body: { message: 'Service Unavailable', code: 0 }, times: 10 });
    // `topics` in the fake sink is an ephemeral help text; use /ask (public answer) to exercise the edit.
    const ask = fake.sendCommand({ name: 'ask', options: { question: 'what happened?' } });
    const explanation = await fake.waitForRequest((r) => followUpsOf(fake, ask)(r) && r.body?.flags === 64);
    assert.match(explanation.body.content, /^Sorry, I couldn't post my reply here \(incident \w+\)/);
    assert.ok(logger.lines.some((l) => l.level === 'error' && /could not post a reply/.test(l.msg ?? '') && l.code === 'discord_post_failed'));
    // The public placeholder does not stay behind.
    await fake.waitForRequest((r) => r.method === 'DELETE' && r.path === `/webhooks/${fake.world.applicationId}/${ask.token}/messages/@original`);
    await fake.waitForRequest(followUpsOf(fake, i));
  });
});

test('an expired interaction token at the final edit: the brief is posted in the channel instead', async () => {
  await withBot({ sink: { engineMs: 10 } }, async ({ fake, sink }) => {
    fake.failNext({ method: 'PATCH', path: /@original$/, status: 404, body: { code: 10015, message: 'Unknown Webhook' }, times: 5 });
    fake.sendCommand({ name: 'ask', options: { question: 'late?' } });
    const post = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${fake.world.channels.general}/messages`);
    assert.match(post.body.embeds[0].description, /Peskov said/);
    assert.equal(sink.commands.length, 1);
    // A brief too; follow-ups to it then go to a thread on the message it landed in.
    fake.sendCommand({ name: 'brief', options: { topic: 'us-russia' } });
    const posted = await sink.waitFor(() => sink.postedReplies[0]);
    const briefPost = fake.requests.find((r) => channelPostsTo(fake.world.channels.general)(r) && r.body?.embeds?.[0]?.title === 'US and Russian envoys agree to keep talking');
    assert.ok(briefPost && briefPost.status === 200, 'the brief went to the channel');
    assert.ok(fake.requests.some((r) => r.method === 'POST' && r.path.startsWith(`/channels/${fake.world.channels.general}/messages/`) && r.path.endsWith('/threads')));
    assert.notEqual(posted.conversationId, `discord:${fake.world.channels.general}`);
  });
});

test('no thread where the bot may not create one, or when threads are off: follow-ups stay in the channel', async () => {
  await withBot({ sink: { engineMs: 10 } }, async ({ fake, sink }) => {
    fake.sendCommand({ name: 'brief', options: { topic: 'us-russia' }, channelId: fake.world.channels.noThreads });
    const posted = await sink.waitFor(() => sink.postedReplies[0]);
    assert.equal(posted.conversationId, `discord:${fake.world.channels.noThreads}`);
    assert.ok(!fake.requests.some((r) => r.path.endsWith('/threads')));
  });
  await withBot({ platform: { createThreads: false }, sink: { engineMs: 10 } }, async ({ fake, sink, platform }) => {
    fake.sendCommand({ name: 'brief', options: { topic: 'us-russia' } });
    const posted = await sink.waitFor(() => sink.postedReplies[0]);
    assert.equal(posted.conversationId, `discord:${fake.world.channels.general}`);
    const digest = await platform.outbox(`discord:${fake.world.channels.general}`).post({ kind: 'brief', brief: sampleBrief() }, { followUps: true });
    assert.equal(digest.conversationId, `discord:${fake.world.channels.general}`, 'threads off: a digest\'s follow-ups are mentions in the channel');
    assert.ok(!fake.requests.some((r) => r.path.endsWith('/threads')));
  });
});

test('a wrong token fails start() with a clear error that does not contain the token', async () => {
  const fake = await startFakeDiscord();
  const logger = createMemoryLogger();
  const platform = createDiscordPlatform({ token: 'wrong-token-value-123', apiUrl: fake.apiUrl, logger, readyTimeoutMs: 5000 });
  try {
    await assert.rejects(platform.start(createFakeSink()), (e: unknown) => e instanceof BriefbotError && e.code === 'discord_login_failed' && !e.message.includes('wrong-token-value-123'));
    assert.equal(platform.isReady!(), false);
  } finally {
    await platform.stop();
    await fake.close();
  }
});

test('the invite link uses the application id from READY', async () => {
  await withBot({}, async ({ fake, platform }) => {
    assert.ok(!fake.requests.some((r) => r.path === '/applications/@me'), 'application id taken from READY');
    assert.match(platform.inviteUrl()!, /scope=bot\+applications\.commands/);
  });
});

test('stop() lets a brief in flight finish before disconnecting', async () => {
  const fake = await startFakeDiscord();
  const sink = createFakeSink({ engineMs: 300 });
  const platform = createDiscordPlatform({ token: fake.token, apiUrl: fake.apiUrl, logger: createMemoryLogger(), createThreads: false });
  try {
    await platform.start(sink);
    const i = fake.sendCommand({ name: 'brief', options: { topic: 'us-russia' } });
    await fake.waitForRequest(callbackOf(fake, i));
    await platform.stop();
    assert.ok(fake.requests.some((r) => originalOf(fake, i)(r) && r.status === 200 && Boolean(r.body?.embeds?.length)), 'the final edit went out before stop() returned');
    assert.equal(platform.isReady!(), false);
    // Events after stop are ignored.
    fake.sendCommand({ name: 'brief', options: { topic: 'late' } });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(sink.commands.length, 1);
  } finally {
    await platform.stop();
    await fake.close();
  }
});

test('firstSeen: an interaction claimed by another replica is left alone; a failing store does not block answers', async () => {
  const claims = createSharedClaims();
  const { seen, firstSeen } = claims;
  await withBot({ platform: { firstSeen }, sink: { engineMs: 10 } }, async ({ fake, sink, logger }) => {
    const claimedElsewhere = fake.sendCommand({ name: 'topics' });
    seen.add(`discord:interaction:${claimedElsewhere.id}`);
    const mine = fake.sendCommand({ name: 'ask', options: { question: 'q1' } });
    await fake.waitForRequest(originalOf(fake, mine));
    assert.ok(!fake.requests.some(callbackOf(fake, claimedElsewhere)), 'the other replica answers that one');
    assert.deepEqual(sink.commands.map((c) => c.command), ['ask']);
    assert.ok(seen.has(`discord:interaction:${mine.id}`));

    claims.broken = true;
    const during = fake.sendCommand({ name: 'ask', options: { question: 'q2' } });
    await fake.waitForRequest(originalOf(fake, during));
    assert.ok(logger.lines.some((l) => /could not claim/.test(l.msg ?? '')));
  });
});
