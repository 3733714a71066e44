// Thread follow-ups and mentions. A message is claimed once at this edge (replicas on one shard,
// or a replayed gateway event, deliver it more than once), then handed to the sink with an outbox
// that answers in the message's channel or thread, quoting the message.
import type { Client, Message } from 'discord.js';
import type { ChatUser, Reply } from '../../../commands/command-types.ts';
import type { EventOutbox, EventSink } from '../platform-types.ts';
import type { ChannelPoster } from './channel-outbox.ts';
import type { Claim } from './claim.ts';
import { DISCORD_ADMIN_RULE, isAdminPermissions } from './permissions.ts';
import { renderReply } from './render.ts';

export function stripBotMention(text: string, botId: string): string {
  return text.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
}

function userOfMessage(message: Message<true>): ChatUser {
  let isAdmin = false;
  try {
    isAdmin = message.member ? isAdminPermissions(message.channel.permissionsFor(message.member)) : false;
  } catch {
    isAdmin = false; // roles not cached: fail closed
  }
  return { id: `discord:${message.author.id}`, name: message.member?.displayName || message.author.globalName || message.author.username, isAdmin, adminRule: DISCORD_ADMIN_RULE };
}

function messageOutbox(message: Message<true>, poster: ChannelPoster): EventOutbox {
  const conversationId = `discord:${message.channelId}`;
  const answer = async (reply: Reply) => ({ messageId: await poster.send(message.channel, renderReply(reply), message.id), conversationId });
  return {
    post: answer,
    // Plain messages have no ephemeral replies: a private answer is a reply to the message, like any other.
    async postPrivately(reply) {
      await answer(reply);
    },
  };
}

export interface MessageHandlerOptions {
  client: Client;
  sink: () => EventSink;
  poster: ChannelPoster;
  claim: Claim;
}

export function createMessageHandler({ client, sink, poster, claim }: MessageHandlerOptions): (message: Message) => Promise<void> {
  return async (message) => {
    if (message.author.bot || message.webhookId || message.system || !message.inGuild() || !client.user) return;
    const botId = client.user.id;
    const mentioned = message.mentions.users.has(botId);
    if (!mentioned && !message.channel.isThread()) return;
    const text = stripBotMention(message.content, botId);
    // Without the Message Content intent, un-mentioned messages arrive with empty content.
    if (!mentioned && !text) return;
    if (!(await claim(`discord:message:${message.id}`, 'message'))) return;
    if (mentioned) void message.channel.sendTyping().catch(() => undefined);
    await sink().message(
      { platform: 'discord', conversationId: `discord:${message.channelId}`, text, user: userOfMessage(message), mentioned },
      messageOutbox(message, poster),
    );
  };
}
