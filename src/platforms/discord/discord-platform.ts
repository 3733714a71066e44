// The Discord platform: the real discord.js 14 Client on the gateway, translating interactions and
// messages into EventSink calls with an outbox each. Conversation ids are `discord:<channelId>`
// for channels and threads alike (a thread is a channel); users are `discord:<userId>`.
// Slash commands live in interactions.ts, messages in message-handler.ts, channel posts (digests)
// in channel-outbox.ts; this file wires the client and runs its lifecycle.
import { setTimeout as sleep } from 'node:timers/promises';
import { Events, type Client } from 'discord.js';
import type { Logger } from '../../core/logger.ts';
import type { ChatPlatform, EventSink } from '../platform-types.ts';
import { createChannelPoster } from './channel-outbox.ts';
import { createClaim } from './claim.ts';
import { createDiscordClient, loginAndWait } from './discord-client.ts';
import { describeDiscordError } from './discord-errors.ts';
import { createInteractionWebhooks } from './interaction-webhook.ts';
import { createInteractionHandler } from './interactions.ts';
import { createMessageHandler } from './message-handler.ts';
import { inviteUrl } from './permissions.ts';

export { buildCommandPayload, registerDiscordCommands } from './command-registration.ts';
export { NO_MENTIONS } from './payload.ts';
export { inviteUrl } from './permissions.ts';
export { channelIdOf } from './channel-outbox.ts';
export { stripBotMention } from './message-handler.ts';

export interface DiscordPlatformOptions {
  token: string;
  /** REST base passed to discord.js `rest.api` (proxy or test fake); the gateway URL then comes from `GET /gateway/bot`. */
  apiUrl?: string | null;
  logger: Logger;
  /** Start a follow-up thread under each brief when the bot may (default true). */
  createThreads?: boolean;
  /** Request the privileged Message Content intent: plain (un-mentioned) thread replies are then answered. */
  messageContent?: boolean;
  /** True the first time a key is seen (store-backed); de-duplicates interactions and messages across replicas on one shard. */
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

export function createDiscordPlatform(options: DiscordPlatformOptions): DiscordPlatform {
  // The caller scopes the logger (`platform: 'discord'`); messages say `discord:` themselves.
  const log = options.logger;
  const client = createDiscordClient(options, log);

  let sink: EventSink | null = null;
  let stopping = false;
  const inFlight = new Set<Promise<unknown>>();

  const track = (label: string, work: () => Promise<unknown>) => {
    const promise = work()
      .catch((error: unknown) => log.error({ err: describeDiscordError(error), label }, 'discord: handler failed'))
      .finally(() => inFlight.delete(promise));
    inFlight.add(promise);
  };

  const poster = createChannelPoster(client, { createThreads: options.createThreads ?? true, log });
  const claim = createClaim({ firstSeen: options.firstSeen, timeoutMs: options.claimTimeoutMs, log });
  const handleInteraction = createInteractionHandler({
    client,
    log,
    sink: () => sink!,
    poster,
    webhooks: createInteractionWebhooks({ apiUrl: options.apiUrl, log }),
    claim,
    createThreads: options.createThreads ?? true,
    messageContent: Boolean(options.messageContent),
    autocompleteTimeoutMs: options.autocompleteTimeoutMs,
    progressIntervalMs: options.progressIntervalMs,
    onAck: options.onAck,
  });
  const handleMessage = createMessageHandler({ client, sink: () => sink!, poster, claim });
  client.on(Events.InteractionCreate, (interaction) => {
    if (stopping || !sink) return;
    track('interaction', () => handleInteraction(interaction));
  });
  client.on(Events.MessageCreate, (message) => {
    if (stopping || !sink) return;
    track('message', () => handleMessage(message));
  });

  // ─── Lifecycle ─────────────────────────────────────────────────────────────────────────

  return {
    name: 'discord',
    client,

    async start(eventSink) {
      sink = eventSink;
      stopping = false;
      await loginAndWait(client, options.token, options.readyTimeoutMs ?? 60_000, log);
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

    outbox: (conversationId) => poster.outbox(conversationId),

    isReady: () => client.isReady() && !stopping,

    inviteUrl: () => (client.application?.id ? inviteUrl(client.application.id) : null),
  };
}
