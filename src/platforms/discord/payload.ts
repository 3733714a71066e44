// What every message the bot sends carries: nobody is pinged by anything briefbot posts — not
// @everyone/@here, roles, users, nor the author of the message it replies to.
import { MessageFlags, type APIEmbed, type MessageMentionOptions } from 'discord.js';
import type { DiscordMessage } from './render.ts';

export const NO_MENTIONS: MessageMentionOptions = Object.freeze({ parse: [], repliedUser: false }) as MessageMentionOptions;

/** A rendered message as discord.js send options (channel messages). */
export function withPayload(message: DiscordMessage) {
  return {
    ...(message.content !== undefined ? { content: message.content } : {}),
    embeds: message.embeds ?? [],
    allowedMentions: NO_MENTIONS,
  };
}

export interface ApiMessageBody {
  content?: string;
  embeds: APIEmbed[];
  allowed_mentions: { parse: []; replied_user: false };
  flags?: number;
}

/** A rendered message as a raw API body (interaction webhooks); `clearContent` blanks earlier progress text on edits. */
export function apiBody(message: DiscordMessage, options: { clearContent?: boolean; ephemeral?: boolean } = {}): ApiMessageBody {
  return {
    ...(message.content !== undefined ? { content: message.content } : options.clearContent ? { content: '' } : {}),
    embeds: message.embeds ?? [],
    allowed_mentions: { parse: [], replied_user: false },
    ...(options.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  };
}
