// Shared pieces of the Slack platform tests: the reply path over a scripted router (a slow engine
// on demand), a realistic Brief, and starting the real Bolt-backed platform against the fake Slack.
import type { Reply } from '../../../commands/command-types.ts';
import { createMemoryLogger } from '../../../src/core/logger.ts';
import { createReplyPath } from '../../../src/core/reply-path.ts';
import type { Router, RouterCommand } from '../../../src/core/router.ts';
import type { Answer, Brief } from '../../../src/engines/engine-types.ts';
import type { EventSink, MessageEvent } from '../../../src/platforms/platform-types.ts';
import { createSlackPlatform, type SlackPlatform, type SlackPlatformOptions } from '../../../src/platforms/slack/slack-platform.ts';
import { createFakeSlack, type FakeSlack } from '../../fakes/slack/fake-slack.ts';
import { createSignedClient, type SignedClient } from '../../fakes/slack/signed-client.ts';

export const BOT_TOKEN = 'xoxb-test-bot-token-1234567890';
export const APP_TOKEN = 'xapp-1-test-app-token-1234567890';
export const SIGNING_SECRET = 'test-signing-secret-8f14e45fceea167a';

/** Fast retries for tests; 429s still wait for Retry-After (the WebClient does that itself). */
export const TEST_RETRY = { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 20, randomize: false };

export function realisticBrief(overrides: Partial<Brief> = {}): Brief {
  const a = { docId: 'a1b2c3', passageId: 'a1b2c3.0', title: 'US and Russia agree to new round of talks', path: 'seeds/us-russia-talks.md' };
  const b = { docId: 'd4e5f6', passageId: 'd4e5f6.2', title: 'Kremlin: prisoner swap "not on the agenda"', path: 'seeds/kremlin-briefing.md' };
  return {
    query: 'us-russia',
    topic: { slug: 'us-russia', title: 'US–Russia relations' },
    headline: 'US and Russia agree to resume talks in Istanbul next week',
    bullets: [
      { text: 'Delegations will meet in Istanbul on Thursday to discuss embassy staffing.', citations: [a] },
      { text: 'The Kremlin said a prisoner exchange is not on the agenda.', citations: [b] },
      { text: 'Both sides called the previous round "constructive" & businesslike.', citations: [a, b] },
    ],
    quotes: [
      { text: 'We are not discussing any exchanges at this stage', speaker: 'Dmitry Peskov', role: 'Kremlin spokesman', citation: b },
      { text: 'This is a first step, not a breakthrough', speaker: 'Marco Rubio', role: 'US Secretary of State', citation: a },
    ],
    entities: { people: ['Dmitry Peskov', 'Marco Rubio'], organizations: ['Kremlin'], places: ['Istanbul'] },
    sources: [
      { docId: a.docId, title: a.title, path: a.path, date: '2025-03-01' },
      { docId: b.docId, title: b.title, path: b.path, date: '2025-03-02' },
    ],
    engine: 'offline',
    notes: [],
    generatedAt: '2025-03-02T09:30:00.000Z',
    ...overrides,
  };
}

export interface FakeSink extends EventSink {
  /** What the core received (as the router sees it). */
  commands: RouterCommand[];
  messages: MessageEvent[];
  /** Briefs the core remembered, under the conversation their post said follow-ups arrive in. */
  remembered: Array<{ conversationId: string; brief: Brief }>;
  /** The reply path's log (apologies carry an incident logged here). */
  logger: ReturnType<typeof createMemoryLogger>;
}

export interface FakeSinkOptions {
  /** Marks `engine:start:<n>` / `engine:done:<n>` in this timeline. */
  fake?: FakeSlack;
  /** How long command() takes (a slow engine). */
  engineMs?: number;
  /** Progress texts to report while "generating" (spread over engineMs). */
  progress?: string[];
  command?: (event: RouterCommand) => Reply;
  message?: (event: MessageEvent) => Reply | null;
}

/**
 * The real reply path (reply-path.ts) over a scripted router: replies are posted through the
 * platform's outboxes exactly as in production, with a slow engine and progress on demand.
 */
export function createFakeSink(options: FakeSinkOptions = {}): FakeSink {
  const commands: RouterCommand[] = [];
  const messages: MessageEvent[] = [];
  const remembered: FakeSink['remembered'] = [];
  const logger = createMemoryLogger();
  const router: Router = {
    async command(event) {
      const n = commands.push(event);
      options.fake?.mark(`engine:start:${n}`);
      const steps = options.progress ?? [];
      const ms = options.engineMs ?? 0;
      for (const [i, text] of steps.entries()) {
        event.progress?.(text);
        await sleep(ms / (steps.length + 1));
        if (i === steps.length - 1) await sleep(ms / (steps.length + 1));
      }
      if (!steps.length && ms) await sleep(ms);
      options.fake?.mark(`engine:done:${n}`);
      return options.command ? options.command(event) : { kind: 'brief', brief: realisticBrief() };
    },
    async message(event) {
      messages.push(event);
      return options.message ? options.message(event) : { kind: 'answer', answer: peskovAnswer(event.text) };
    },
    async autocomplete() {
      return [];
    },
  };
  const memory = { async rememberBrief(conversationId: string, brief: Brief) { remembered.push({ conversationId, brief }); } };
  return Object.assign(createReplyPath({ router, memory, logger }), { commands, messages, remembered, logger });
}

function peskovAnswer(question: string): Answer {
  return {
    question,
    answer: 'Peskov said no exchanges are being discussed at this stage.',
    found: true,
    citations: [{ docId: 'd4e5f6', passageId: 'd4e5f6.2', title: 'Kremlin briefing', path: 'seeds/kremlin-briefing.md' }],
    engine: 'offline',
    notes: [],
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export type TestPlatform = SlackPlatform & { logger: ReturnType<typeof createMemoryLogger> };

export async function startPlatform(fake: FakeSlack, sink: EventSink, mode: 'http' | 'socket', extra: Partial<SlackPlatformOptions> = {}): Promise<TestPlatform> {
  const logger = createMemoryLogger();
  const platform = createSlackPlatform({
    botToken: BOT_TOKEN,
    ...(mode === 'socket' ? { appToken: APP_TOKEN } : { signingSecret: SIGNING_SECRET, port: 0, host: '127.0.0.1' }),
    slackApiUrl: fake.apiUrl,
    logger,
    retryConfig: TEST_RETRY,
    requestTimeoutMs: 5000,
    socketPingTimeoutMs: 300,
    ...extra,
  });
  await platform.start(sink);
  return Object.assign(platform, { logger });
}

export interface HttpRig<S extends EventSink> {
  fake: FakeSlack;
  sink: S;
  platform: TestPlatform;
  /** Signs requests the way Slack does, to the platform's own port. */
  client: SignedClient;
  close(): Promise<void>;
}

/** The fake Slack (users ada and the workspace admin root) and the platform in HTTP mode. */
export async function startHttpRig<S extends EventSink>(makeSink: (fake: FakeSlack) => S, platformOptions: Partial<SlackPlatformOptions> = {}): Promise<HttpRig<S>> {
  const fake = await createFakeSlack({ botToken: BOT_TOKEN, users: [{ id: 'U1', name: 'ada' }, { id: 'UADMIN', name: 'root', is_admin: true }] });
  const sink = makeSink(fake);
  const platform = await startPlatform(fake, sink, 'http', platformOptions);
  const port = platform.address()?.port;
  if (!port) throw new Error('HTTP mode did not listen on a port');
  const client = createSignedClient({ url: `http://127.0.0.1:${port}/slack/events`, signingSecret: SIGNING_SECRET });
  return {
    fake, sink, platform, client,
    async close() {
      client.close();
      await platform.stop();
      await fake.close();
    },
  };
}

/** Every string Slack received from the app: Web API parameters and response_url bodies. */
export function everythingSent(fake: FakeSlack): string[] {
  return [...fake.calls.map((c) => c.text), ...fake.responses.map((r) => r.text)];
}
