// The discord.js client as briefbot runs it: the intents it needs, nobody pinged by default, a
// small message cache, connection trouble logged (never thrown), and a login bounded in time.
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Events, GatewayIntentBits, Options } from 'discord.js';
import { BriefbotError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { describeDiscordError, logRateLimits } from './discord-errors.ts';
import { NO_MENTIONS } from './payload.ts';

export interface DiscordClientOptions {
  apiUrl?: string | null;
  messageContent?: boolean;
  shards?: number | number[] | 'auto';
  shardCount?: number;
}

export function createDiscordClient(options: DiscordClientOptions, log: Logger): Client {
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
  // Connection health: log, never crash.
  client.on(Events.Error, (error) => log.error({ err: describeDiscordError(error) }, 'discord: client error'));
  client.on(Events.ShardError, (error, shardId) => log.warn({ err: describeDiscordError(error), shardId }, 'discord: gateway connection error'));
  client.on(Events.ShardDisconnect, (event, shardId) => log.error({ code: event.code, shardId }, 'discord: gateway closed and will not reconnect'));
  client.on(Events.ShardReconnecting, (shardId) => log.warn({ shardId }, 'discord: gateway reconnecting'));
  client.on(Events.ShardResume, (shardId, replayed) => log.info({ shardId, replayed }, 'discord: gateway resumed'));
  client.on(Events.Warn, (message) => log.warn({ detail: message }, 'discord: warning'));
  logRateLimits(client.rest, log);
  return client;
}

/** Logs in and waits for READY; a failed or slow login destroys the client and throws `discord_login_failed`. */
export async function loginAndWait(client: Client, token: string, timeoutMs: number, log: Logger): Promise<void> {
  const abort = new AbortController();
  const ready = once(client, Events.ClientReady, { signal: abort.signal });
  ready.catch(() => undefined); // awaited below only when login succeeded
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    // Both, so a login that hangs is cut off by the timeout too (`ready` rejects on abort).
    await Promise.all([client.login(token), ready]);
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
}
