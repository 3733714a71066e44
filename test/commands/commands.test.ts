// Each command through the router, as a platform would drive it (raw text and typed options).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createManualClock } from '../../src/core/clock.ts';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { createRateLimiter } from '../../src/core/rate-limit.ts';
import { createRouter } from '../../src/core/router.ts';
import type { ChatUser, Reply } from '../../commands/command-types.ts';
import type { CommandEvent } from '../../src/platforms/platform-types.ts';
import { makeBot } from '../helpers/bot.ts';
import { createRecordingOutbox } from '../helpers/outbox.ts';
import { makeDocument, RUSSIA_DOC, WEATHER_DOC } from '../helpers/documents.ts';

const user: ChatUser = { id: 'test:u1', name: 'Ada', isAdmin: false };
const docs = [makeDocument(RUSSIA_DOC), makeDocument(WEATHER_DOC)];
const cmd = (command: string, text?: string, extra: Partial<CommandEvent> = {}): CommandEvent => ({ platform: 'test', command, text, user, conversationId: 'test:c1', ...extra });
const textOf = (reply: Reply) => (reply.kind === 'text' ? reply.text : assert.fail(`expected text, got ${reply.kind}`));

describe('commands through the router', () => {
  it('/brief returns a brief, from text or typed options', async () => {
    const { router } = makeBot(docs);
    const a = await router.command(cmd('brief', 'us-russia --length short'));
    assert.equal(a.kind, 'brief');
    const b = await router.command(cmd('brief', undefined, { options: { topic: 'us-russia', length: 'short' } }));
    assert.deepEqual(a.kind === 'brief' && a.brief.bullets, b.kind === 'brief' && b.brief.bullets);
  });

  it('/brief help, /brief topics route to the other commands (one Slack command, many verbs)', async () => {
    const { router } = makeBot(docs);
    assert.match(textOf(await router.command(cmd('brief', 'help'))), /\/brief <topic…>/);
    assert.match(textOf(await router.command(cmd('brief', 'topics'))), /`us-russia` — US–Russia relations \(1 document\)/);
  });

  it('/ask answers with citations; /sources and /topics list', async () => {
    const { router } = makeBot(docs);
    const answer = await router.command(cmd('ask', 'where is the next round of talks?'));
    assert.ok(answer.kind === 'answer' && answer.answer.found && answer.answer.citations.length === 1);
    assert.match(textOf(await router.command(cmd('sources', 'weather'))), /Storm season arrives early/);
    assert.match(textOf(await router.command(cmd('sources', 'wether'))), /Did you mean `weather`/);
    assert.match(textOf(await router.command(cmd('topics'))), /weather/);
  });

  it('a wrong argument gets an ephemeral reply with an example', async () => {
    const { router } = makeBot(docs);
    const reply = await router.command(cmd('brief', 'us-russia --length huge'));
    assert.equal(reply.kind === 'text' && reply.ephemeral, true);
    assert.match(textOf(reply), /Example: `\/brief us-russia`/);
    assert.match(textOf(await router.command(cmd('brief', 'us-rusia'))), /Did you mean `us-russia`/);
    assert.match(textOf(await router.command(cmd('frobnicate'))), /Unknown command `\/frobnicate`/);
  });

  it('an internal failure is logged with its code; the user sees an apology with an incident id, not the error', async () => {
    const bot = makeBot(docs);
    const logger = createMemoryLogger();
    bot.services.briefing.brief = async () => { throw Object.assign(new Error('db password=hunter2 exploded'), { code: 'ECONNRESET' }); };
    const router = createRouter({ commands: bot.commands, services: bot.services, logger });
    const text = textOf(await router.command(cmd('brief', 'us-russia')));
    assert.match(text, /^Sorry, something went wrong while running `\/brief` \(incident (\w+)\)/);
    assert.doesNotMatch(text, /hunter2/);
    const incident = /incident (\w+)/.exec(text)![1];
    assert.ok(logger.lines.some((l) => l.level === 'error' && l.incident === incident && l.code === 'ECONNRESET'));
  });

  it('rate-limits a user with a friendly reply', async () => {
    const bot = makeBot(docs);
    const clock = createManualClock('2026-01-01T00:00:00Z');
    const router = createRouter({ commands: bot.commands, services: bot.services, logger: createMemoryLogger(), rateLimiter: createRateLimiter({ limit: 2, windowMs: 60_000, clock }) });
    await router.command(cmd('topics'));
    await router.command(cmd('topics'));
    assert.match(textOf(await router.command(cmd('topics'))), /Please wait 60s/);
    clock.advance(61_000);
    assert.doesNotMatch(textOf(await router.command(cmd('topics'))), /wait/);
  });

  it('follow-ups: silent outside owned threads, answered after a brief is posted there', async () => {
    const { replies } = makeBot(docs);
    const msg = { platform: 'test', conversationId: 'test:c1:t1', text: 'what did Peskov say?', user, mentioned: false };
    const before = createRecordingOutbox();
    await replies.message(msg, before);
    assert.equal(before.all.length, 0, 'not the bot\'s thread: silent');
    const channel = createRecordingOutbox({ conversationId: 'test:c1:t1' });
    await replies.command(cmd('brief', 'us-russia'), channel);
    assert.equal(channel.posted[0]?.reply.kind, 'brief');
    assert.equal(channel.posted[0]?.options.followUps, true, 'a brief asks for a thread');
    const inThread = createRecordingOutbox();
    await replies.message(msg, inThread);
    const reply = inThread.posted[0]?.reply;
    assert.ok(reply?.kind === 'answer' && reply.answer.found, 'the brief was remembered where the outbox said it landed');
    const mention = createRecordingOutbox();
    await replies.message({ ...msg, conversationId: 'test:other', mentioned: true }, mention);
    assert.equal(mention.posted[0]?.reply.kind, 'answer');
  });

  it('reply path: private replies stay private, a failed post becomes a private apology, a brief without a thread is not remembered', async () => {
    const { replies, services } = makeBot(docs);
    const usage = createRecordingOutbox();
    await replies.command(cmd('brief', '--length=huge us-russia'), usage);
    assert.equal(usage.posted.length, 0);
    assert.equal(usage.privately.length, 1);
    const broken = createRecordingOutbox({ fail: new Error('socket hang up') });
    await replies.command(cmd('brief', 'us-russia'), broken);
    assert.match(textOf(broken.privately[0]!), /couldn't post my reply here \(incident [0-9a-z]+\)/);
    assert.doesNotMatch(textOf(broken.privately[0]!), /socket hang up/, 'internal errors are logged, not shown');
    const unthreaded = createRecordingOutbox({ conversationId: null });
    await replies.command(cmd('brief', 'us-russia'), unthreaded);
    assert.equal(unthreaded.posted.length, 1);
    assert.ok(!(await services.memory.get('test:thread')), 'nothing remembered for a brief no one can follow up');
  });

  it('autocompletes topics', async () => {
    const { router } = makeBot(docs);
    assert.deepEqual(await router.autocomplete('brief', 'topic', 'us'), ['us-russia']);
    assert.deepEqual(await router.autocomplete('help', 'x', ''), []);
  });
});
