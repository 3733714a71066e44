// A real briefbot in-process for fault and scale tests: the bundled seeds, the real router,
// engines and services (createBriefbot), the real Bolt and discord.js platforms against the
// fakes, and — when asked — the real digest scheduler on a manual clock. Wired the way
// `briefbot start` wires them, with the split the degraded store needs: the command path
// (services, engines, router, platform dedupe) gets `store`, the scheduler gets `schedulerStore`.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import { createManualClock } from '../../src/core/clock.ts';
import { createMemoryLogger } from '../../src/core/logger.ts';
import type { ChatPlatform } from '../../src/platforms/platform-types.ts';
import { createBriefbot, type Briefbot } from '../../src/main.ts';
import { PLATFORMS } from '../../src/platforms/registry.ts';
import { createDiscordPlatform, type DiscordPlatform } from '../../src/platforms/discord/discord-platform.ts';
import { createSlackPlatform, type SlackPlatform } from '../../src/platforms/slack/slack-platform.ts';
import { createDigestScheduler, type DigestScheduler } from '../../src/scheduler/digest-scheduler.ts';
import type { Store } from '../../src/store/store.ts';
import type { FakeDiscord } from '../fakes/discord/fake-discord.ts';
import type { FakeSlack } from '../fakes/slack/fake-slack.ts';

export const BOT_TOKEN = 'xoxb-fault-test-bot-token-0123456789';
export const APP_TOKEN = 'xapp-1-fault-test-app-token-0123456789';
export const SIGNING_SECRET = 'fault-test-signing-secret-5d41402abc4b';
export const OPENAI_KEY = 'sk-fault-test-key-0123456789abcdef';

export type ManualClock = ReturnType<typeof createManualClock>;

export interface RigOptions {
  /** The command path's store (the degraded one, in production wiring). */
  store: Store;
  /** The scheduler's store (the raw one); no scheduler when absent. */
  schedulerStore?: Store;
  /** Extra environment for loadConfig (OPENAI_BASE_URL, BRIEFBOT_ENGINE, …). */
  env?: Record<string, string>;
  /** Adjust the loaded config (short timeouts, digests). */
  configure?: (config: Config) => void;
  clock?: ManualClock;
  slack?: { fake: FakeSlack; mode: 'http' | 'socket' };
  /** `apiUrl` overrides the fake's (a proxy in front of it). */
  discord?: { fake: FakeDiscord; apiUrl?: string; claimTimeoutMs?: number };
  /** Replica id (claims, logs). */
  owner?: string;
  logger?: ReturnType<typeof createMemoryLogger>;
}

export interface Rig {
  app: Briefbot;
  logger: ReturnType<typeof createMemoryLogger>;
  clock: ManualClock;
  slack: SlackPlatform | null;
  discord: DiscordPlatform | null;
  scheduler: DigestScheduler | null;
  /** Slack HTTP mode: where to send signed requests. */
  slackUrl: string | null;
  close(): Promise<void>;
}

export async function startRig(options: RigOptions): Promise<Rig> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'briefbot-fault-'));
  const loaded = loadConfig({ platforms: PLATFORMS, env: { BRIEFBOT_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...options.env } });
  if (!loaded.ok) throw new Error(`config: ${loaded.issues.join('; ')}`);
  const config = loaded.config;
  config.seeds.watch = false;
  // Many commands from one test user must not hit the per-user limit.
  config.limits.commandsPerUserPerMinute = 10_000;
  options.configure?.(config);

  const logger = options.logger ?? createMemoryLogger();
  const clock = options.clock ?? createManualClock('2026-11-26T07:00:00Z');
  const app = await createBriefbot({ config, logger, clock, store: options.store, watch: false });
  const firstSeen = (key: string) => app.store.claim(key, randomUUID(), 24 * 60 * 60 * 1000);
  const platforms: ChatPlatform[] = [];

  let slack: SlackPlatform | null = null;
  if (options.slack) {
    const http = options.slack.mode === 'http';
    slack = createSlackPlatform({
      botToken: BOT_TOKEN,
      ...(http ? { signingSecret: SIGNING_SECRET, port: 0, host: '127.0.0.1' } : { appToken: APP_TOKEN }),
      slackApiUrl: options.slack.fake.apiUrl,
      logger: logger.child({ platform: 'slack' }),
      firstSeen,
      retryConfig: { retries: 1, factor: 1, minTimeout: 10, maxTimeout: 20, randomize: false },
      requestTimeoutMs: 5000,
      socketPingTimeoutMs: 300,
      progressIntervalMs: 50,
    });
    platforms.push(slack);
  }
  let discord: DiscordPlatform | null = null;
  if (options.discord) {
    discord = createDiscordPlatform({
      token: options.discord.fake.token,
      apiUrl: options.discord.apiUrl ?? options.discord.fake.apiUrl,
      logger: logger.child({ platform: 'discord' }),
      firstSeen,
      claimTimeoutMs: options.discord.claimTimeoutMs,
      progressIntervalMs: 50,
      stopTimeoutMs: 5000,
    });
    platforms.push(discord);
  }

  let scheduler: DigestScheduler | null = null;
  if (options.schedulerStore) {
    scheduler = createDigestScheduler({
      store: options.schedulerStore,
      services: app.services,
      hasPlatform: (name) => platforms.some((p) => p.name === name),
      deliver: async (name, conversationId, reply) => {
        const chat = platforms.find((p) => p.name === name);
        if (!chat) throw Object.assign(new Error(`platform ${name} is not connected`), { retryable: false });
        return app.replies.deliver(chat.outbox(conversationId), reply);
      },
      clock,
      logger: logger.child({ part: 'digests' }),
      config: { digests: config.digests, digest: config.digest },
      owner: options.owner ?? app.instanceId,
      // Tests drive fires with fireDue(); the node-cron tasks never get a chance.
      cron: { schedule: () => ({ stop() {}, destroy() {}, on() {} }) },
      timers: { setInterval: () => null, clearInterval() {}, sleep: async () => {} },
      stopTimeoutMs: 2000,
    });
    app.services.digests = scheduler.service;
  }

  const started: ChatPlatform[] = [];
  try {
    for (const platform of platforms) {
      await platform.start(app.replies);
      started.push(platform);
    }
  } catch (error) {
    await Promise.allSettled(started.map((p) => p.stop()));
    await app.close();
    throw error;
  }
  const port = slack?.address()?.port;

  return {
    app,
    logger,
    clock,
    slack,
    discord,
    scheduler,
    slackUrl: port ? `http://127.0.0.1:${port}/slack/events` : null,
    async close() {
      await scheduler?.stop();
      await Promise.allSettled(platforms.map((p) => p.stop()));
      await app.close().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns something truthy. */
export async function waitFor<T>(check: () => T | undefined | null | false | Promise<T | undefined | null | false>, label: string, timeoutMs = 10_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Lets in-flight work settle, for "and nothing else happened" assertions. */
export function settle(ms = 200): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Records unhandled rejections for the duration of a test. */
export function watchUnhandled(): { reasons: unknown[]; dispose(): void } {
  const reasons: unknown[] = [];
  const listener = (reason: unknown) => reasons.push(reason);
  process.on('unhandledRejection', listener);
  return { reasons, dispose: () => process.off('unhandledRejection', listener) };
}

/** Messages the bot has in a Slack channel now (placeholders replaced in place count once). */
export function slackMessages(fake: FakeSlack, channel: string): Array<{ ts: string; text: string; blocks: string; threadTs: string | null }> {
  return [...fake.messages.values()]
    .filter((m) => m.channel === channel && !m.deleted)
    .map((m) => ({ ts: m.ts, text: m.text, blocks: JSON.stringify(m.blocks ?? []), threadTs: m.threadTs }));
}

/** Final (non-placeholder) replies in a Slack channel. */
export function slackReplies(fake: FakeSlack, channel: string): Array<{ ts: string; text: string; blocks: string; threadTs: string | null }> {
  return slackMessages(fake, channel).filter((m) => !/Working on (it|your brief)/.test(`${m.text} ${m.blocks}`));
}
