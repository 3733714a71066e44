// The behaviour every chat platform must have, whatever its SDK. Each platform's test file calls
// platformContract() with a harness factory: the harness starts the real platform (its real SDK
// or transport against that platform's protocol fake) on the real core, and translates the
// neutral operations below into that platform's events and payloads.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Reply } from '../../commands/command-types.ts';
import type { Brief } from '../../src/engines/engine-types.ts';
import type { ChatPlatform } from '../../src/platforms/platform-types.ts';
import { createContractCore, type ContractCore } from './platform-core.ts';
import { FOLLOW_UP_QUESTION, MENTION_TOKENS, MENTIONS_MARKER, MENTIONS_QUERY } from './platform-seeds.ts';
import type { HandledEvent } from './recording-sink.ts';

/** One message as the platform posted it. */
export interface PostedPayload {
  /** What a reader sees, as plain text (markup and escapes as the platform sent them are fine). */
  text: string;
  /** The platform's own payload: API parameters, request body, terminal output. */
  raw: unknown;
  /** Shown to one user only (ephemeral). */
  private: boolean;
}

export interface PlatformHarness {
  readonly platform: ChatPlatform;
  /** A channel digests are delivered to, as the platform's conversation id. */
  readonly digestConversation: string;
  /** The platform can show a reply to one user only; usage errors must then go there. */
  readonly privateReplies: boolean;
  /** A conversation the bot never posted in, where plain messages reach the bot (null: every message is addressed to it). */
  readonly strangerConversation: string | null;
  /** `/brief <topic or query>` (with `--length`/`length:` when given) typed by a user in a channel. */
  brief(query: string, options?: { length?: string }): Promise<void>;
  /** A command the platform lets users type although the bot has none by that name (absent: it cannot be typed). */
  unknownCommand?(name: string): Promise<void>;
  /** A plain message (no mention of the bot) in a conversation, by its id. */
  followUp(conversationId: string, text: string): Promise<void>;
  /** Everything the platform has posted so far, oldest first. */
  posts(): PostedPayload[];
  /** Throws when a payload breaks the platform's limits (sizes, counts). */
  checkLimits(payloads: readonly PostedPayload[]): void;
  /** Throws when a payload could ping someone. */
  assertCannotPing(payloads: readonly PostedPayload[]): void;
  /** A payload that would ping (proves assertCannotPing bites). */
  readonly pingingPayload: PostedPayload;
  close(): Promise<void>;
}

/** Starts the core (with the platform's part of the configuration) and the platform on it. */
export type HarnessFactory = () => Promise<{ core: ContractCore; harness: PlatformHarness }>;

/** A harness factory for a platform the default configuration can hold. */
export function onDefaultCore(start: (core: ContractCore) => Promise<PlatformHarness>): HarnessFactory {
  return async () => {
    const core = await createContractCore();
    try {
      return { core, harness: await start(core) };
    } catch (error) {
      await core.close();
      throw error;
    }
  };
}

/** Polls until `check` holds. */
export async function until(check: () => boolean, label: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

function briefOf(reply: Reply | undefined): Brief {
  assert.equal(reply?.kind, 'brief', `expected a brief, got ${JSON.stringify(reply)?.slice(0, 300)}`);
  return (reply as Extract<Reply, { kind: 'brief' }>).brief;
}

/** Platforms may shorten a long title; its start must still name the source. */
const TITLE_PREFIX = 40;

function assertBriefShown(brief: Brief, text: string): void {
  assert.match(text, /\[\d+\]/, 'citation marks');
  for (let n = 1; n <= brief.sources.length; n++) assert.ok(text.includes(`[${n}]`), `mark [${n}] shown`);
  for (const source of brief.sources) {
    assert.ok(text.includes(source.title.slice(0, TITLE_PREFIX)), `source "${source.title}" listed`);
  }
}

/** What each case works with: the core, the harness, and a way to act and see what came of it. */
interface CaseContext {
  core: ContractCore;
  h: PlatformHarness;
  /** Does `act`, waits until the core has handled one more event, and returns it with the payloads posted meanwhile. */
  handle(label: string, act: () => Promise<void>): Promise<{ handled: HandledEvent; payloads: PostedPayload[] }>;
}

async function briefWithinLimits({ h, handle }: CaseContext): Promise<void> {
  const { handled, payloads } = await handle('/brief us-russia --length detailed', () => h.brief('us-russia', { length: 'detailed' }));
  assert.deepEqual(handled.failures, []);
  assert.equal(handled.posted.length, 1, 'one post of the brief');
  assert.deepEqual(handled.privately, []);
  const brief = briefOf(handled.posted[0].reply);
  assert.ok(brief.sources.length >= 8, 'a brief long enough to need packing');
  const shown = payloads.filter((p) => !p.private);
  assert.ok(shown.length >= 1, 'the brief is visible in the channel');
  h.checkLimits(payloads);
  assertBriefShown(brief, shown.map((p) => p.text).join('\n'));
  assert.ok(handled.posted[0].ref.messageId, 'the post names its message');
}

async function threadFollowUp({ core, h, handle }: CaseContext): Promise<void> {
  const { handled } = await handle('/brief us-russia', () => h.brief('us-russia'));
  const brief = briefOf(handled.posted[0]?.reply);
  const conversation = handled.posted[0].ref.conversationId;
  assert.ok(conversation, 'the brief opened a conversation for follow-ups');
  const remembered = await core.app.services.memory.get(conversation);
  assert.deepEqual(remembered?.sourceDocIds, brief.sources.map((s) => s.docId), 'remembered under the conversation the platform named');

  const { handled: asked, payloads } = await handle(`a follow-up in ${conversation}`, () => h.followUp(conversation, FOLLOW_UP_QUESTION));
  assert.equal(asked.posted.length, 1, 'the follow-up is answered');
  const reply = asked.posted[0].reply;
  assert.equal(reply.kind, 'answer');
  const answer = (reply as Extract<Reply, { kind: 'answer' }>).answer;
  assert.equal(answer.found, true);
  const briefDocs = new Set(brief.sources.map((s) => s.docId));
  assert.ok(answer.citations.length && answer.citations.every((c) => briefDocs.has(c.docId)), 'cites the brief\'s documents');
  assert.equal(asked.posted[0].ref.conversationId, conversation, 'the answer stays in the conversation');
  assert.match(payloads.filter((p) => !p.private).map((p) => p.text).join('\n'), /Peskov/);

  if (h.strangerConversation) {
    const before = h.posts().length;
    await h.followUp(h.strangerConversation, FOLLOW_UP_QUESTION);
    await settle();
    assert.equal(h.posts().length, before, 'silent where no brief was posted');
  }
}

async function digestDelivered({ core, h, handle }: CaseContext): Promise<void> {
  const brief = await core.app.services.briefing.brief('us-russia', { length: 'standard' });
  const digest: Reply = { kind: 'brief', brief, title: 'Daily digest: US–Russia relations' };
  const before = h.posts().length;
  const ref = await core.app.replies.deliver(h.platform.outbox(h.digestConversation), digest);
  assert.ok(ref.messageId);
  await until(() => h.posts().length > before, 'the digest posted');
  const payloads = h.posts().slice(before);
  assert.ok(payloads.every((p) => !p.private), 'a digest is public');
  h.checkLimits(payloads);
  const text = payloads.map((p) => p.text).join('\n');
  assert.match(text, /Daily digest: US–Russia relations/);
  assertBriefShown(brief, text);

  assert.ok(ref.conversationId, 'the digest takes follow-ups');
  const { handled } = await handle(`a follow-up in ${ref.conversationId}`, () => h.followUp(ref.conversationId!, FOLLOW_UP_QUESTION));
  assert.equal(handled.posted.length, 1, 'the follow-up is answered');
  assert.equal(handled.posted[0].reply.kind, 'answer');
}

async function mentionsInert({ h, handle }: CaseContext): Promise<void> {
  assert.throws(() => h.assertCannotPing([h.pingingPayload]), 'the harness check detects a payload that pings');
  const { handled, payloads } = await handle(`/brief ${MENTIONS_QUERY}`, () => h.brief(MENTIONS_QUERY));
  const brief = briefOf(handled.posted[0]?.reply);
  const briefed = JSON.stringify(brief);
  for (const token of MENTION_TOKENS) assert.ok(briefed.includes(token), `the brief carries ${token}`);
  const shown = payloads.filter((p) => !p.private);
  assert.match(shown.map((p) => p.text).join('\n'), new RegExp(MENTIONS_MARKER));
  h.assertCannotPing(payloads);
}

async function usageErrorPrivate({ h, handle }: CaseContext): Promise<void> {
  const { handled, payloads } = await handle('/brief us-russia --length enormous', () => h.brief('us-russia', { length: 'enormous' }));
  assert.deepEqual(handled.posted, [], 'nothing posted in the channel');
  assert.equal(handled.privately.length, 1);
  assert.ok(payloads.length >= 1, 'the user sees it');
  if (h.privateReplies) assert.ok(payloads.every((p) => p.private), 'only the user sees it');
  assert.match(payloads.map((p) => p.text).join('\n'), /length/);

  if (h.unknownCommand) {
    const unknown = await handle('/frobnicate', () => h.unknownCommand!('frobnicate'));
    assert.deepEqual(unknown.handled.posted, []);
    assert.match(unknown.payloads.map((p) => p.text).join('\n'), /Unknown command/);
    if (h.privateReplies) assert.ok(unknown.payloads.every((p) => p.private));
  }

  const again = await handle('/brief us-russia', () => h.brief('us-russia'));
  assert.equal(again.handled.posted.length, 1, 'the next brief is posted');
  assert.equal(h.platform.isReady?.() ?? true, true);
}

export function platformContract(name: string, makeHarness: HarnessFactory): void {
  describe(`Platform contract: ${name}`, () => {
    let c: CaseContext;
    let unhandled: unknown[];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);

    beforeEach(async () => {
      unhandled = [];
      process.on('unhandledRejection', onUnhandled);
      const { core, harness: h } = await makeHarness();
      c = {
        core,
        h,
        async handle(label, act) {
          const before = h.posts().length;
          const n = core.sink.handled.length + 1;
          await act();
          const handled = await core.sink.waitForHandled(n).catch((error: Error) => {
            throw new Error(`the platform did not hand ${label} to the core, or the core did not finish it: ${error.message}`);
          });
          return { handled, payloads: h.posts().slice(before) };
        },
      };
    });
    afterEach(async () => {
      await c?.h.close();
      await c?.core.close();
      process.off('unhandledRejection', onUnhandled);
      assert.deepEqual(unhandled, [], 'no unhandled rejections');
    });

    it('posts a long brief within its limits, with [n] marks and its sources', () => briefWithinLimits(c));
    it('answers a plain follow-up in the conversation the brief landed in, from the brief\'s documents', () => threadFollowUp(c));
    it('delivers a digest through outbox(conversationId); a follow-up in its conversation is answered', () => digestDelivered(c));
    it('keeps mentions in documents inert', () => mentionsInert(c));
    it('sends a usage error to the user privately, and keeps working', () => usageErrorPrivate(c));
  });
}
