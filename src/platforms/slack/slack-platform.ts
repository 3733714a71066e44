// The Slack platform: the real Bolt App behind the ChatPlatform seam. One slash command
// (`/brief …`, parsed by the router), @mentions anywhere and replies in threads the bot owns.
// Slack gives 3 s to acknowledge; every handler acks first and only then does the slow work
// (user lookup, the engine, posting), so the ack never waits on an engine. In HTTP mode the
// receiver acks even earlier, before Bolt dispatches anything (http-receiver.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, LogLevel, type webApi } from '@slack/bolt';
import { BriefbotError, incidentId } from '../../core/errors.ts';
import type { Reply } from '../../../commands/command-types.ts';
import type { Logger } from '../../core/logger.ts';
import type { ChatPlatform, EventSink } from '../platform-types.ts';
import { commandReplayKey } from './command-replay.ts';
import { createDedupe } from './dedupe.ts';
import { conversationIdFor, mentions, parseConversationId, plainTextFromSlack, readMessageEvent } from './parse.ts';
import { createProgressMessage } from './progress.ts';
import { createReceiver, EVENTS_PATH, toSlackLogger, type SlackMode } from './receivers.ts';
import { renderReply, renderText, type SlackMessage } from './render.ts';
import { createSlackPoster } from './slack-posting.ts';
import { createUserDirectory } from './users.ts';
import { describeSlackError, toPostError } from './web.ts';

export type RetryOptions = webApi.RetryOptions;

export interface SlackPlatformOptions {
  /** Bot token (`xoxb-…`). */
  botToken: string;
  /** App-level token (`xapp-…`): Socket Mode. */
  appToken?: string | null;
  /** Without an app token: HTTP mode, requests verified with this secret. */
  signingSecret?: string | null;
  /** Web API base (GovSlack, an egress proxy, or a fake in tests); default https://slack.com/api/. */
  slackApiUrl?: string | null;
  /** HTTP mode port (default 3000; 0 = any free port). */
  port?: number;
  /** HTTP mode listen host (default: all interfaces). */
  host?: string;
  /**
   * HTTP mode: false = don't listen; mount `handleHttp(req, res)` on a server you own (it
   * answers POST /slack/events and returns false for anything else).
   */
  listen?: boolean;
  /** The registered slash command (`slack.command`, default `/brief`); sent to the router as Slack reports it, and the router knows it by the same setting. */
  command?: string;
  /** Slack user ids (`U123` or `slack:U123`) treated as admins besides workspace admins/owners. */
  adminUserIds?: readonly string[];
  logger: Logger;
  /** Event dedupe shared across replicas (store-backed); in-memory LRU when absent. */
  firstSeen?: (key: string) => Promise<boolean>;
  /** Web API retries (429s wait for Retry-After, then retry). Always explicit: Socket Mode would default to 100. */
  retryConfig?: RetryOptions;
  /** Web API request timeout (ms). */
  requestTimeoutMs?: number;
  /** Minimum time between placeholder updates while a brief is generated (ms, default 1000). */
  progressIntervalMs?: number;
  /** Socket Mode pong timeout, also the base reconnect delay (ms, default 5000). */
  socketPingTimeoutMs?: number;
  /** Level for Bolt's and the SDK's own log lines (default info). */
  sdkLogLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Observes how long acknowledging a slash command took, from the listener to the ack sent (metrics). */
  onAck?: (info: { kind: 'command'; ms: number }) => void;
}

export interface SlackPlatform extends ChatPlatform {
  readonly name: 'slack';
  readonly mode: SlackMode;
  /** HTTP mode mounted on a shared server: true when the request was Slack's (and is handled). */
  handleHttp(req: IncomingMessage, res: ServerResponse): boolean;
  /** HTTP mode with its own listener: the bound port (after start). */
  address(): { port: number } | null;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 3, factor: 2, minTimeout: 1000, maxTimeout: 10_000, randomize: true };
export const WORKING_TEXT = 'Working on it…';
const WORKING_ACK = { response_type: 'ephemeral', text: WORKING_TEXT } as const;
export { EVENTS_PATH };

// Slack answers these when the bot may not post in a channel; the brief then goes out through
// the command's response_url instead (visible to the channel, but no thread we can follow).
const NOT_A_MEMBER = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

export function createSlackPlatform(options: SlackPlatformOptions): SlackPlatform {
  const logger = options.logger;
  const command = `/${(options.command ?? '/brief').replace(/^\//, '')}`;
  const clientOptions: Record<string, unknown> = {
    retryConfig: options.retryConfig ?? DEFAULT_RETRY,
    rejectRateLimitedCalls: false,
    // The token must only ever go to slackApiUrl.
    allowAbsoluteUrls: false,
    timeout: options.requestTimeoutMs ?? 30_000,
  };
  if (options.slackApiUrl) clientOptions.slackApiUrl = options.slackApiUrl.endsWith('/') ? options.slackApiUrl : `${options.slackApiUrl}/`;

  const sdkLevel = (options.sdkLogLevel ?? 'info') as LogLevel;
  const slackLogger = toSlackLogger(logger.child({ component: 'slack-sdk' }), sdkLevel);
  const setup = createReceiver({
    appToken: options.appToken,
    signingSecret: options.signingSecret,
    port: options.port ?? 3000,
    host: options.host,
    listen: options.listen ?? true,
    logger: slackLogger,
    clientOptions,
    clientPingTimeoutMs: options.socketPingTimeoutMs,
    httpLogger: logger.child({ component: 'slack-http' }),
    // HTTP mode acks in the receiver, before any Bolt work: the listener's ack() is a no-op there.
    commandAck: (body) => (body.command === command ? WORKING_ACK : null),
    onAck: options.onAck,
  });
  const app = new App({
    token: options.botToken,
    receiver: setup.receiver,
    logger: slackLogger,
    // Bolt resets its logger's level to this (default info).
    logLevel: sdkLevel,
    clientOptions,
    // auth.test runs in start(), so a bad token or an unreachable API fails start() instead of
    // surfacing as an unhandled rejection from the constructor.
    deferInitialization: true,
    convoStore: false,
    ignoreSelf: true,
  });
  const client = app.client;
  const users = createUserDirectory({ client, adminUserIds: options.adminUserIds, logger });
  const dedupe = createDedupe({ firstSeen: options.firstSeen });
  const inflight = new Set<Promise<unknown>>();
  let sink: EventSink | null = null;
  let started = false;

  function track<T>(work: Promise<T>): Promise<T> {
    inflight.add(work);
    void work.finally(() => inflight.delete(work)).catch(() => {});
    return work;
  }

  // ─── posting ───────────────────────────────────────────────────────────────────────────

  const { postOne, postMessages, quietly } = createSlackPoster({ client, logger });

  async function notifyPosted(conversationId: string, reply: Reply): Promise<void> {
    try {
      await sink?.posted(conversationId, reply);
    } catch (error) {
      logger.error({ err: error, conversationId }, 'sink.posted failed');
    }
  }

  // ─── slash command ─────────────────────────────────────────────────────────────────────

  type Respond = (message: Record<string, unknown>) => Promise<unknown>;

  async function respondMessages(respond: Respond, messages: SlackMessage[], responseType: 'ephemeral' | 'in_channel'): Promise<void> {
    for (const m of messages) await respond({ response_type: responseType, text: m.text, blocks: m.blocks });
  }

  async function runCommand(cmd: { command?: string; text?: string; channel_id: string; user_id: string; user_name?: string }, respond: Respond, botUserId: string | undefined): Promise<void> {
    const channel = cmd.channel_id;
    const conversationId = conversationIdFor(channel);
    const progress = createProgressMessage({
      logger,
      intervalMs: options.progressIntervalMs,
      messenger: {
        post: (m) => postOne(channel, null, m),
        update: async (ts, m) => { await client.chat.update({ channel, ts, text: m.text, blocks: m.blocks, link_names: false }); },
      },
    });

    let reply: Reply;
    try {
      if (!sink) throw new BriefbotError('not_started', 'Slack platform received a command before start()');
      const user = await users.get(cmd.user_id, cmd.user_name);
      reply = await sink.command({
        platform: 'slack',
        command: (cmd.command || command).replace(/^\//, ''),
        text: plainTextFromSlack(cmd.text ?? '', botUserId),
        user,
        conversationId,
        progress: (partial) => progress.update(partial),
      });
    } catch (error) {
      // The router turns failures into replies; this is the last line if a sink throws anyway.
      const incident = incidentId();
      logger.error({ err: error, incident }, 'slack command failed');
      reply = { kind: 'text', text: `Sorry, something went wrong (incident ${incident}). Please try again.`, ephemeral: true };
    }
    const placeholderTs = await progress.finish();

    if (reply.ephemeral) {
      if (placeholderTs) await quietly('chat.delete', () => client.chat.delete({ channel, ts: placeholderTs }));
      await quietly('respond', () => respondMessages(respond, renderReply(reply), 'ephemeral'));
      return;
    }

    try {
      const ts = await postMessages(channel, null, renderReply(reply, { threadHint: reply.kind === 'brief' }), placeholderTs);
      await notifyPosted(conversationIdFor(channel, ts), reply);
    } catch (error) {
      const info = describeSlackError(error);
      if (info.slackError && NOT_A_MEMBER.has(info.slackError)) {
        // The bot can't post here (not a member, or someone else's DM): answer through the
        // response_url, which can post visibly in the channel, and say how to get threads.
        logger.info({ ...info, channel }, 'slack bot cannot post in channel; replying via response_url');
        if (placeholderTs) await quietly('chat.delete', () => client.chat.delete({ channel, ts: placeholderTs }));
        await quietly('respond', async () => {
          await respondMessages(respond, renderReply(reply, { threadHint: false }), 'in_channel');
          await respondMessages(respond, renderText('Invite me to this channel (type `/invite` and pick this app) and I can answer follow-up questions in a thread.'), 'ephemeral');
        });
        return;
      }
      const incident = incidentId();
      logger.error({ ...info, method: 'chat.postMessage', incident, channel }, 'slack could not post reply');
      await quietly('respond', () => respondMessages(respond, renderText(`Sorry, I couldn't post that here (Slack said \`${info.slackError ?? info.code}\`, incident ${incident}).`), 'ephemeral'));
    }
  }

  app.command(command, async ({ command: cmd, ack, respond, context }) => {
    // Socket Mode: first thing, before any await on our side, since Slack's 3 s clock is running.
    // HTTP mode: the receiver has already acked (with the same body) and reported onAck; this
    // ack() does nothing there.
    const received = performance.now();
    try {
      await ack({ ...WORKING_ACK });
    } catch (error) {
      logger.warn({ ...describeSlackError(error) }, 'slack ack failed');
      return;
    }
    if (setup.mode === 'socket') options.onAck?.({ kind: 'command', ms: performance.now() - received });
    if (typeof cmd.channel_id !== 'string' || typeof cmd.user_id !== 'string') {
      logger.warn({ command: cmd.command }, 'slack command without channel or user ignored');
      return;
    }
    if (!(await firstDelivery(commandReplayKey(cmd as unknown as Record<string, unknown>), 'command'))) {
      logger.warn({ channel: cmd.channel_id, user: cmd.user_id }, 'slack command already answered (a replay); ignored');
      return;
    }
    // Yield once: requests already waiting on other sockets get their acks before this one's
    // follow-up work (user lookup, engine call) takes the event loop. Matters under bursts.
    await new Promise<void>((resolve) => setImmediate(resolve));
    await track(runCommand(cmd, respond as unknown as Respond, context.botUserId));
  });

  // ─── mentions and thread replies ───────────────────────────────────────────────────────

  async function firstDelivery(eventId: string, kind: 'event' | 'command' = 'event'): Promise<boolean> {
    try {
      return await dedupe.firstSeen(kind === 'event' ? `slack:event:${eventId}` : eventId);
    } catch (error) {
      // Fail open: a store hiccup may cost a duplicate answer, never a missing one.
      logger.warn({ err: error, eventId }, 'slack event dedupe failed; processing anyway');
      return true;
    }
  }

  async function handleMessage(event: unknown, body: { event_id?: unknown }, context: { botUserId?: string; botId?: string }, mentioned: boolean): Promise<void> {
    const verdict = readMessageEvent(event, { botUserId: context.botUserId, botId: context.botId });
    if (!verdict.ok) {
      logger.debug({ reason: verdict.reason }, 'slack message ignored');
      return;
    }
    const msg = verdict.message;
    if (!mentioned) {
      // Only replies in threads; a reply that @mentions us also arrives as app_mention (answered there).
      if (!msg.threadTs || msg.threadTs === msg.ts) return;
      if (mentions(msg.text, context.botUserId)) return;
    }
    const eventId = typeof body.event_id === 'string' ? body.event_id : undefined;
    if (eventId && !(await firstDelivery(eventId))) {
      logger.info({ eventId }, 'slack duplicate event delivery ignored');
      return;
    }
    if (!sink) return;
    const threadTs = msg.threadTs ?? msg.ts;
    const conversationId = conversationIdFor(msg.channel, threadTs);
    const user = await users.get(msg.user);
    let reply: Reply | null;
    try {
      reply = await sink.message({
        platform: 'slack',
        conversationId,
        text: plainTextFromSlack(msg.text, context.botUserId),
        user,
        mentioned,
        eventId,
      });
    } catch (error) {
      const incident = incidentId();
      logger.error({ err: error, incident, conversationId }, 'slack message handling failed');
      reply = { kind: 'text', text: `Sorry, something went wrong (incident ${incident}). Please try again.`, ephemeral: true };
    }
    if (!reply) return;
    const messages = renderReply(reply);
    if (reply.ephemeral) {
      await quietly('chat.postEphemeral', async () => {
        for (const m of messages) await client.chat.postEphemeral({ channel: msg.channel, user: msg.user, thread_ts: threadTs, text: m.text, blocks: m.blocks });
      });
      return;
    }
    try {
      await postMessages(msg.channel, threadTs, messages, null);
      await notifyPosted(conversationId, reply);
    } catch (error) {
      const incident = incidentId();
      logger.error({ ...describeSlackError(error), method: 'chat.postMessage', incident, conversationId }, 'slack could not post answer');
      await quietly('chat.postEphemeral', () => client.chat.postEphemeral({
        channel: msg.channel,
        user: msg.user,
        thread_ts: threadTs,
        text: `Sorry, I couldn't post my answer here (incident ${incident}).`,
      }));
    }
  }

  app.event('app_mention', async ({ event, body, context }) => {
    await track(handleMessage(event, body, context, true));
  });
  app.event('message', async ({ event, body, context }) => {
    await track(handleMessage(event, body, context, false));
  });

  app.error(async (error) => {
    // Listener errors end here; logged, never rethrown (a bad payload must not crash anything).
    logger.error({ ...describeSlackError(error) }, 'slack listener error');
  });

  // ─── ChatPlatform ──────────────────────────────────────────────────────────────────────

  return {
    name: 'slack',
    mode: setup.mode,

    async start(eventSink) {
      sink = eventSink;
      try {
        await app.init();
      } catch (error) {
        const info = describeSlackError(error);
        throw new BriefbotError('slack_auth_failed', `Slack rejected the bot token or could not be reached (${info.slackError ?? info.message})`, { cause: error });
      }
      try {
        await setup.start((...args) => app.start(...(args as [])));
      } catch (error) {
        const info = describeSlackError(error);
        throw new BriefbotError('slack_connect_failed', setup.mode === 'socket'
          ? `Slack Socket Mode could not connect; check SLACK_APP_TOKEN (${info.slackError ?? info.message})`
          : `Slack HTTP mode could not listen (${info.message})`, { cause: error });
      }
      started = true;
      logger.info({ mode: setup.mode, command, ...(setup.address() ?? {}) }, 'slack platform started');
    },

    async stop() {
      if (started) await setup.stop();
      started = false;
      // Let replies already being generated finish posting (bounded). HTTP mode: events acked
      // just before the stop are still being dispatched; drain() covers those too.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        Promise.allSettled([...inflight, setup.drain()]),
        new Promise<void>((resolve) => { timer = setTimeout(resolve, 10_000); }),
      ]);
      clearTimeout(timer);
    },

    async post(conversationId, reply) {
      const { channel, threadTs } = parseConversationId(conversationId);
      try {
        const ts = await postMessages(channel, threadTs, renderReply(reply, { threadHint: reply.kind === 'brief' }), null);
        return { messageId: ts };
      } catch (error) {
        logger.error({ ...describeSlackError(error), method: 'chat.postMessage', conversationId }, 'slack post failed');
        throw error instanceof BriefbotError ? error : toPostError('chat.postMessage', error);
      }
    },

    isReady: () => started && setup.isConnected(),
    handleHttp: (req, res) => setup.handleHttp(req, res),
    address: () => setup.address(),
  };
}

