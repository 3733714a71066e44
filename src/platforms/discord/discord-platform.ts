// The Discord platform: the real discord.js 14 Client on the gateway, translating interactions and
// messages into EventSink calls and Replies into embeds. Conversation ids are `discord:<channelId>`
// for channels and threads alike (a thread is a channel); users are `discord:<userId>`.
// Slash commands and autocomplete live in interactions.ts; this file wires the client, answers
// thread follow-ups and mentions, and posts digests.
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Events, GatewayIntentBits, Options, PermissionFlagsBits, Routes, type Message, type SendableChannels } from 'discord.js';
import { BriefbotError } from '../../core/errors.ts';
import { PostError } from '../post-error.ts';
import type { ChatUser, Reply } from '../../../commands/command-types.ts';
import type { Logger } from '../../core/logger.ts';
import type { ChatPlatform, EventSink } from '../platform-types.ts';
import { describeDiscordError, isMissingPermissions, isPermanentDiscordError, logRateLimits } from './discord-errors.ts';
import { createInteractionWebhooks } from './interaction-webhook.ts';
import { createInteractionHandler } from './interactions.ts';
import { apiBody, NO_MENTIONS, withPayload } from './payload.ts';
import { inviteUrl, isAdminPermissions } from './permissions.ts';
import { renderReply, toContentOnly, type DiscordMessage } from './render.ts';

export { buildCommandPayload, registerDiscordCommands } from './command-registration.ts';
export { NO_MENTIONS } from './payload.ts';
export { inviteUrl } from './permissions.ts';

export interface DiscordPlatformOptions {
  token: string;
  /** REST base passed to discord.js `rest.api` (proxy or test fake); the gateway URL then comes from `GET /gateway/bot`. */
  apiUrl?: string | null;
  logger: Logger;
  /** Start a follow-up thread under each brief when the bot may (default true). */
  createThreads?: boolean;
  /** Request the privileged Message Content intent: plain (un-mentioned) thread replies are then answered. */
  messageContent?: boolean;
  /** True the first time a key is seen (store-backed); de-duplicates interactions across replicas on one shard. */
  firstSeen?: (key: string) => Promise<boolean>;
  /** Shards this process runs; under discord.js's ShardingManager leave unset (it passes them via env). */
  shards?: number | number[] | 'auto';
  shardCount?: number;
  readyTimeoutMs?: number;
  autocompleteTimeoutMs?: number;
  /** Longest wait for `firstSeen` before answering anyway (default 1 s). */
  claimTimeoutMs?: number;
  progressIntervalMs?: number;
  /** Bounded wait for in-flight replies on stop (graceful shutdown). */
  stopTimeoutMs?: number;
  /** Observes acknowledgement latency (metrics). */
  onAck?: (info: { kind: 'command' | 'autocomplete'; ms: number }) => void;
}

export interface DiscordPlatform extends ChatPlatform {
  readonly client: Client;
  /** The invite URL once connected (the application id comes from READY). */
  inviteUrl(): string | null;
}

const SNOWFLAKE = /^\d{17,20}$/;

/** `discord:<channelId>`; also accepts longer forms that end with the channel/thread id. */
export function channelIdOf(conversationId: string): string {
  const parts = conversationId.split(':');
  const id = parts.at(-1) ?? '';
  if (parts[0] !== 'discord' || parts.length < 2 || !SNOWFLAKE.test(id)) {
    throw new BriefbotError('discord_bad_conversation', `Not a Discord conversation id: ${conversationId}`);
  }
  return id;
}

export function stripBotMention(text: string, botId: string): string {
  return text.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
}

export function createDiscordPlatform(options: DiscordPlatformOptions): DiscordPlatform {
  // The caller scopes the logger (`platform: 'discord'`); messages say `discord:` themselves.
  const log = options.logger;
  const createThreads = options.createThreads ?? true;
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages];
  if (options.messageContent) intents.push(GatewayIntentBits.MessageContent);

  const client = new Client({
    intents,
    // The default for anything that forgets to pass its own (belt and braces: every send does).
    allowedMentions: NO_MENTIONS,
    rest: options.apiUrl ? { api: options.apiUrl } : {},
    ...(options.shards !== undefined ? { shards: options.shards } : {}),
    ...(options.shardCount !== undefined ? { shardCount: options.shardCount } : {}),
    // briefbot never reads history; a small per-channel message cache keeps memory flat.
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 25 }),
  });

  let sink: EventSink | null = null;
  let stopping = false;
  const inFlight = new Set<Promise<unknown>>();

  const track = (label: string, work: () => Promise<unknown>) => {
    const promise = work()
      .catch((error: unknown) => log.error({ err: describeDiscordError(error), label }, 'discord: handler failed'))
      .finally(() => inFlight.delete(promise));
    inFlight.add(promise);
  };

  // ─── Connection health: log, never crash ───────────────────────────────────────────────
  client.on(Events.Error, (error) => log.error({ err: describeDiscordError(error) }, 'discord: client error'));
  client.on(Events.ShardError, (error, shardId) => log.warn({ err: describeDiscordError(error), shardId }, 'discord: gateway connection error'));
  client.on(Events.ShardDisconnect, (event, shardId) => log.error({ code: event.code, shardId }, 'discord: gateway closed and will not reconnect'));
  client.on(Events.ShardReconnecting, (shardId) => log.warn({ shardId }, 'discord: gateway reconnecting'));
  client.on(Events.ShardResume, (shardId, replayed) => log.info({ shardId, replayed }, 'discord: gateway resumed'));
  client.on(Events.Warn, (message) => log.warn({ detail: message }, 'discord: warning'));
  logRateLimits(client.rest, log);

  const handleInteraction = createInteractionHandler({
    client,
    log,
    sink: () => sink!,
    post: (conversationId, reply) => post(conversationId, reply),
    webhooks: createInteractionWebhooks({ apiUrl: options.apiUrl, log }),
    createThreads,
    messageContent: Boolean(options.messageContent),
    firstSeen: options.firstSeen,
    claimTimeoutMs: options.claimTimeoutMs,
    autocompleteTimeoutMs: options.autocompleteTimeoutMs,
    progressIntervalMs: options.progressIntervalMs,
    onAck: options.onAck,
  });
  client.on(Events.InteractionCreate, (interaction) => {
    if (stopping || !sink) return;
    track('interaction', () => handleInteraction(interaction));
  });
  client.on(Events.MessageCreate, (message) => {
    if (stopping || !sink) return;
    track('message', () => handleMessage(message));
  });

  function userOfMessage(message: Message<true>): ChatUser {
    let isAdmin = false;
    try {
      isAdmin = message.member ? isAdminPermissions(message.channel.permissionsFor(message.member)) : false;
    } catch {
      isAdmin = false; // roles not cached: fail closed
    }
    return { id: `discord:${message.author.id}`, name: message.member?.displayName || message.author.globalName || message.author.username, isAdmin };
  }

  // ─── Messages (thread follow-ups and mentions) ─────────────────────────────────────────

  async function handleMessage(message: Message): Promise<void> {
    if (message.author.bot || message.webhookId || message.system || !message.inGuild() || !client.user) return;
    const botId = client.user.id;
    const mentioned = message.mentions.users.has(botId);
    if (!mentioned && !message.channel.isThread()) return;
    const text = stripBotMention(message.content, botId);
    // Without the Message Content intent, un-mentioned messages arrive with empty content.
    if (!mentioned && !text) return;
    if (mentioned) void message.channel.sendTyping().catch(() => undefined);

    const reply = await sink!.message({
      platform: 'discord',
      conversationId: `discord:${message.channelId}`,
      text,
      user: userOfMessage(message),
      mentioned,
      eventId: message.id,
    });
    if (!reply) return;
    try {
      await sendMessages(message.channel, renderReply(reply), message.id);
    } catch (error) {
      log.warn({ err: describeDiscordError(error), channelId: message.channelId }, 'discord: could not answer in the channel');
    }
  }

  /** Sends rendered messages to a channel, as plain text where the bot may not embed links. */
  async function sendMessages(channel: SendableChannels, rendered: DiscordMessage[], replyTo?: string): Promise<string> {
    let messages = rendered;
    let quoteReply = Boolean(replyTo);
    if ('guild' in channel && channel.guild && client.user) {
      const perms = channel.permissionsFor(client.user);
      if (perms && !perms.has(PermissionFlagsBits.EmbedLinks)) messages = toContentOnly(rendered);
      // Replying to a message needs Read Message History; without it just post.
      if (perms && !perms.has(PermissionFlagsBits.ReadMessageHistory)) quoteReply = false;
    }
    let firstId = '';
    for (const [i, message] of messages.entries()) {
      const sent = await channel.send({
        ...withPayload(message),
        ...(i === 0 && quoteReply && replyTo ? { reply: { messageReference: replyTo, failIfNotExists: false } } : {}),
      });
      if (i === 0) firstId = sent.id;
    }
    return firstId;
  }

  // ─── Posting (digests) ─────────────────────────────────────────────────────────────────

  async function post(conversationId: string, reply: Reply): Promise<{ messageId: string }> {
    const channelId = channelIdOf(conversationId);
    let channel;
    try {
      channel = client.channels.cache.get(channelId) ?? (await client.channels.fetch(channelId));
    } catch (error) {
      const safe = describeDiscordError(error);
      throw new PostError(isMissingPermissions(error) ? 'discord_missing_permissions' : 'discord_channel_unavailable', `Cannot reach Discord channel ${channelId}: ${safe.message}`, { cause: safe, ...(isPermanentDiscordError(error) ? { retryable: false } : {}) });
    }
    // Sharded: a channel whose guild is on another shard has no discord.js object here (fetch
    // gives null), but REST posts from any shard — and any shard may claim a digest fire.
    if (!channel && client.isReady()) return { messageId: await postOverRest(channelId, renderReply(reply)) };
    if (!channel || !channel.isSendable()) throw new BriefbotError('discord_channel_unavailable', `Discord channel ${channelId} does not accept messages`);
    if ('guild' in channel && channel.guild && client.user) {
      const perms = channel.permissionsFor(client.user);
      const needed = channel.isThread() ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
      if (perms && !perms.has([PermissionFlagsBits.ViewChannel, needed])) {
        throw new PostError('discord_missing_permissions', `briefbot lacks View Channel or ${channel.isThread() ? 'Send Messages in Threads' : 'Send Messages'} in channel ${channelId}`, { retryable: false });
      }
    }
    try {
      return { messageId: await sendMessages(channel, renderReply(reply)) };
    } catch (error) {
      throw postFailure(channelId, error);
    }
  }

  function postFailure(channelId: string, error: unknown): PostError {
    const safe = describeDiscordError(error);
    const code = isMissingPermissions(error) ? 'discord_missing_permissions' : 'discord_post_failed';
    return new PostError(code, `Posting to Discord channel ${channelId} failed: ${safe.message}`, { cause: safe, ...(isPermanentDiscordError(error) ? { retryable: false } : {}) });
  }

  async function postOverRest(channelId: string, rendered: DiscordMessage[]): Promise<string> {
    let firstId = '';
    for (const [i, message] of rendered.entries()) {
      try {
        const sent = (await client.rest.post(Routes.channelMessages(channelId), { body: apiBody(message) })) as { id: string };
        if (i === 0) firstId = sent.id;
      } catch (error) {
        throw postFailure(channelId, error);
      }
    }
    return firstId;
  }

  // ─── Lifecycle ─────────────────────────────────────────────────────────────────────────

  return {
    name: 'discord',
    client,

    async start(eventSink) {
      sink = eventSink;
      stopping = false;
      const timeoutMs = options.readyTimeoutMs ?? 60_000;
      const abort = new AbortController();
      const ready = once(client, Events.ClientReady, { signal: abort.signal });
      ready.catch(() => undefined); // awaited below only when login succeeded
      const timer = setTimeout(() => abort.abort(), timeoutMs);
      try {
        // Both, so a login that hangs is cut off by the timeout too (`ready` rejects on abort).
        await Promise.all([client.login(options.token), ready]);
      } catch (error) {
        // Bounded: @discordjs/ws 1.2 never settles destroy() when it lands while a shard waits for
        // HELLO/READY (the aborted wait re-connects the shard). The caller exits on a failed start.
        const settle = new AbortController();
        const closed = await Promise.race([
          client.destroy().then(() => true, () => true),
          sleep(5000, false, { signal: settle.signal }).catch(() => false),
        ]);
        settle.abort();
        if (!closed) log.warn({}, 'discord: the gateway connection did not close cleanly after the failed start');
        const safe = describeDiscordError(error);
        throw new BriefbotError('discord_login_failed', abort.signal.aborted ? `Discord did not become ready within ${timeoutMs} ms` : `Discord login failed: ${safe.message}`, { cause: safe });
      } finally {
        clearTimeout(timer);
        abort.abort();
      }
      log.info({ user: client.user?.tag, guilds: client.guilds.cache.size, messageContent: Boolean(options.messageContent) }, 'discord: connected');
    },

    async stop() {
      stopping = true;
      const timeout = options.stopTimeoutMs ?? 10_000;
      if (inFlight.size) {
        const abort = new AbortController();
        await Promise.race([Promise.allSettled([...inFlight]), sleep(timeout, undefined, { signal: abort.signal }).catch(() => undefined)]);
        abort.abort();
      }
      await client.destroy();
      sink = null;
    },

    post,

    isReady: () => client.isReady() && !stopping,

    inviteUrl: () => (client.application?.id ? inviteUrl(client.application.id) : null),
  };
}
