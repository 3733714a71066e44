// Posting into a channel or thread: digests, answers to messages, and briefs whose interaction
// expired. Every failure is a PostError whose `retryable` says whether trying again can help.
import { PermissionFlagsBits, Routes, type Client, type SendableChannels } from 'discord.js';
import type { Reply } from '../../../commands/command-types.ts';
import { BriefbotError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import type { Outbox, PostedRef } from '../platform-types.ts';
import { PostError } from '../post-error.ts';
import { describeDiscordError, isMissingPermissions, isPermanentDiscordError } from './discord-errors.ts';
import { canThreadIn, openFollowUpThread } from './follow-up-thread.ts';
import { apiBody, withPayload } from './payload.ts';
import { renderReply, toContentOnly, type DiscordMessage } from './render.ts';

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

export function postFailure(channelId: string, error: unknown): PostError {
  const safe = describeDiscordError(error);
  const code = isMissingPermissions(error) ? 'discord_missing_permissions' : 'discord_post_failed';
  return new PostError(code, `Posting to Discord channel ${channelId} failed: ${safe.message}`, { cause: safe, retryable: !isPermanentDiscordError(error) });
}

export interface ChannelPoster {
  /** Sends rendered messages to a channel (optionally quoting `replyTo`); the first message's id. */
  send(channel: SendableChannels, rendered: DiscordMessage[], replyTo?: string): Promise<string>;
  /** The outbox of a channel or thread by conversation id. */
  outbox(conversationId: string): Outbox;
}

export interface ChannelPosterOptions {
  /** Start a follow-up thread on a posted brief (a digest) where the bot may. */
  createThreads: boolean;
  log: Logger;
}

export function createChannelPoster(client: Client, options: ChannelPosterOptions): ChannelPoster {
  /** As plain text where the bot may not embed links; a plain post where it may not quote. */
  async function send(channel: SendableChannels, rendered: DiscordMessage[], replyTo?: string): Promise<string> {
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
      try {
        const sent = await channel.send({
          ...withPayload(message),
          ...(i === 0 && quoteReply && replyTo ? { reply: { messageReference: replyTo, failIfNotExists: false } } : {}),
        });
        if (i === 0) firstId = sent.id;
      } catch (error) {
        throw postFailure(channel.id, error);
      }
    }
    return firstId;
  }

  async function post(conversationId: string, reply: Reply, followUps: boolean): Promise<PostedRef> {
    let channelId: string;
    try {
      channelId = channelIdOf(conversationId);
    } catch (error) {
      throw new PostError('discord_bad_conversation', (error as Error).message, { retryable: false });
    }
    const landed = (messageId: string): PostedRef => ({ messageId, conversationId: `discord:${channelId}` });
    const channel = await fetchChannel(client, channelId);
    // Sharded: a channel whose guild is on another shard has no discord.js object here (fetch
    // gives null), but REST posts from any shard — and any shard may claim a digest fire.
    if (!channel && client.isReady()) return landed(await postOverRest(client, channelId, renderReply(reply)));
    if (!channel || !channel.isSendable()) throw new PostError('discord_channel_unavailable', `Discord channel ${channelId} does not accept messages`, { retryable: false });
    if ('guild' in channel && channel.guild && client.user) {
      const perms = channel.permissionsFor(client.user);
      const needed = channel.isThread() ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
      if (perms && !perms.has([PermissionFlagsBits.ViewChannel, needed])) {
        throw new PostError('discord_missing_permissions', `briefbot lacks View Channel or ${channel.isThread() ? 'Send Messages in Threads' : 'Send Messages'} in channel ${channelId}`, { retryable: false });
      }
    }
    const messageId = await send(channel, renderReply(reply));
    // A digest is a brief like any other: its follow-ups go to a thread on it, where the bot may start one.
    const thread = followUps && canThreadIn(channel, client, options.createThreads) ? await openFollowUpThread(channel, messageId, reply, options.log) : null;
    return thread ? { messageId, conversationId: `discord:${thread}` } : landed(messageId);
  }

  return {
    send,
    outbox: (conversationId) => ({ post: (reply, postOptions) => post(conversationId, reply, postOptions.followUps) }),
  };
}

/** Sharded: REST posts from any shard, to a channel this shard has no object for. */
async function postOverRest(client: Client, channelId: string, rendered: DiscordMessage[]): Promise<string> {
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

async function fetchChannel(client: Client, channelId: string) {
  try {
    return client.channels.cache.get(channelId) ?? (await client.channels.fetch(channelId));
  } catch (error) {
    const safe = describeDiscordError(error);
    const code = isMissingPermissions(error) ? 'discord_missing_permissions' : 'discord_channel_unavailable';
    throw new PostError(code, `Cannot reach Discord channel ${channelId}: ${safe.message}`, { cause: safe, retryable: !isPermanentDiscordError(error) });
  }
}
