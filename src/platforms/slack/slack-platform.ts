// The Slack platform: the real Bolt App behind the ChatPlatform seam. One slash command
// (`/brief …`, sent to the core as its root command), @mentions anywhere and replies in threads
// the bot owns. Slack gives 3 s to acknowledge; every handler acks first and only then does the
// slow work (user lookup, the core, posting), so the ack never waits on an engine. In HTTP mode
// the receiver acks even earlier, before Bolt dispatches anything (http-receiver.ts). The core
// posts through the outboxes given with each event; nothing is reported back to it afterwards.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BriefbotError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import type { ChatPlatform, EventSink } from '../platform-types.ts';
import { createDedupe, createDeliveryGate } from './dedupe.ts';
import { EVENTS_PATH, type ReceiverSetup, type SlackMode } from './receivers.ts';
import { createSlackApp, DEFAULT_RETRY, type RetryOptions, type SlackAppOptions } from './slack-app.ts';
import { registerSlashCommand, WORKING_ACK, WORKING_TEXT } from './slack-commands.ts';
import { registerMessageHandlers } from './slack-messages.ts';
import { createConversationOutbox } from './slack-outbox.ts';
import { createSlackPoster } from './slack-posting.ts';
import { createUserDirectory } from './users.ts';
import { describeSlackError } from './web.ts';

export { DEFAULT_RETRY, EVENTS_PATH, WORKING_TEXT, type RetryOptions };

export interface SlackPlatformOptions extends SlackAppOptions {
  /** The registered slash command (`slack.command`, default `/brief`); the core knows it as its root command (`brief`). */
  command?: string;
  /** Slack user ids (`U123` or `slack:U123`) treated as admins besides workspace admins/owners. */
  adminUserIds?: readonly string[];
  /** Event dedupe shared across replicas (store-backed); in-memory LRU when absent. */
  firstSeen?: (key: string) => Promise<boolean>;
  /** Minimum time between placeholder updates while a brief is generated (ms, default 1000). */
  progressIntervalMs?: number;
}

export interface SlackPlatform extends ChatPlatform {
  readonly name: 'slack';
  readonly mode: SlackMode;
  /** HTTP mode mounted on a shared server: true when the request was Slack's (and is handled). */
  handleHttp(req: IncomingMessage, res: ServerResponse): boolean;
  /** HTTP mode with its own listener: the bound port (after start). */
  address(): { port: number } | null;
}

/** Work still running (replies being generated and posted), so stop() can let it finish. */
function createTracker() {
  const inflight = new Set<Promise<unknown>>();
  return {
    track<T>(work: Promise<T>): Promise<T> {
      inflight.add(work);
      void work.finally(() => inflight.delete(work)).catch(() => {});
      return work;
    },
    running: () => [...inflight],
  };
}

export function createSlackPlatform(options: SlackPlatformOptions): SlackPlatform {
  const logger = options.logger;
  const command = `/${(options.command ?? '/brief').replace(/^\//, '')}`;
  const { app, setup } = createSlackApp(options, (body) => (body.command === command ? WORKING_ACK : null));
  const client = app.client;
  const poster = createSlackPoster({ client, logger });
  const users = createUserDirectory({ client, adminUserIds: options.adminUserIds, logger });
  const gate = createDeliveryGate({ dedupe: createDedupe({ firstSeen: options.firstSeen }), logger });
  const tracker = createTracker();
  let sink: EventSink | null = null;
  let started = false;
  const shared = { client, poster, logger, users, gate, sink: () => sink, track: tracker.track };

  registerSlashCommand(app, { ...shared, command, mode: setup.mode, progressIntervalMs: options.progressIntervalMs, onAck: options.onAck });
  registerMessageHandlers(app, shared);
  app.error(async (error) => {
    // Listener errors end here; logged, never rethrown (a bad payload must not crash anything).
    logger.error({ ...describeSlackError(error) }, 'slack listener error');
  });

  return {
    name: 'slack',
    mode: setup.mode,
    async start(eventSink) {
      sink = eventSink;
      await startApp(() => app.init(), setup, (...args) => app.start(...(args as [])));
      started = true;
      logger.info({ mode: setup.mode, command, ...(setup.address() ?? {}) }, 'slack platform started');
    },
    async stop() {
      if (started) await setup.stop();
      started = false;
      await drain(tracker.running(), setup);
    },
    outbox: (conversationId) => createConversationOutbox({ client, poster, logger }, conversationId),
    isReady: () => started && setup.isConnected(),
    handleHttp: (req, res) => setup.handleHttp(req, res),
    address: () => setup.address(),
  };
}

/** auth.test, then connecting or listening; each failure says which it was. */
async function startApp(init: () => Promise<unknown>, setup: ReceiverSetup, start: (...args: unknown[]) => Promise<unknown>): Promise<void> {
  try {
    await init();
  } catch (error) {
    const info = describeSlackError(error);
    throw new BriefbotError('slack_auth_failed', `Slack rejected the bot token or could not be reached (${info.slackError ?? info.message})`, { cause: error });
  }
  try {
    await setup.start(start);
  } catch (error) {
    const info = describeSlackError(error);
    throw new BriefbotError('slack_connect_failed', setup.mode === 'socket'
      ? `Slack Socket Mode could not connect; check SLACK_APP_TOKEN (${info.slackError ?? info.message})`
      : `Slack HTTP mode could not listen (${info.message})`, { cause: error });
  }
}

/**
 * Lets replies already being generated finish posting (bounded). HTTP mode: events acked just
 * before the stop are still being dispatched; the receiver's drain covers those too.
 */
async function drain(running: Promise<unknown>[], setup: ReceiverSetup): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    Promise.allSettled([...running, setup.drain()]),
    new Promise<void>((resolve) => { timer = setTimeout(resolve, 10_000); }),
  ]);
  clearTimeout(timer);
}
