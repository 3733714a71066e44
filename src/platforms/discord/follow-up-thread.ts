// Where follow-up questions to a brief go: a public thread on the reply message when the bot may
// start one there, else the channel; and the footer line that tells people how to ask them.
import { ChannelType, ThreadAutoArchiveDuration, type Channel, type ChatInputCommandInteraction, type Client } from 'discord.js';
import type { Reply } from '../../../commands/command-types.ts';
import type { Logger } from '../../core/logger.ts';
import { describeDiscordError } from './discord-errors.ts';
import { canStartThread } from './permissions.ts';

const THREAD_PARENTS: ReadonlySet<ChannelType> = new Set([ChannelType.GuildText, ChannelType.GuildAnnouncement]);

export interface FollowUpPlan {
  /** Start a thread on the reply message. */
  thread: boolean;
  /** The footer line saying how to ask follow-ups. */
  note?: string;
}

export function followUpPlan(interaction: ChatInputCommandInteraction, settings: { createThreads: boolean; messageContent: boolean; botName?: string }): FollowUpPlan {
  const thread = settings.createThreads && interaction.inGuild() && Boolean(interaction.channel && THREAD_PARENTS.has(interaction.channel.type)) && canStartThread(interaction.appPermissions);
  const bot = settings.botName ?? 'the bot';
  // Without the Message Content intent Discord delivers thread messages empty unless they mention the bot.
  const how = settings.messageContent ? (thread ? 'reply in the thread below' : `mention @${bot}`) : `mention @${bot}${thread ? ' in the thread below' : ''}`;
  return { thread, note: `Follow-up questions: ${how}, or use /ask.` };
}

export function threadName(reply: Reply): string {
  const subject = (reply.kind === 'brief' ? reply.brief.topic?.title || reply.brief.query || reply.brief.headline : 'title' in reply ? reply.title : undefined) || 'brief';
  const name = `Follow-ups: ${subject.replace(/\s+/g, ' ').trim()}`;
  return name.length <= 100 ? name : `${name.slice(0, 99)}…`;
}

/** Whether the bot may start a follow-up thread in this channel (a digest's channel). */
export function canThreadIn(channel: Channel, client: Client, createThreads: boolean): boolean {
  if (!createThreads || !THREAD_PARENTS.has(channel.type) || !('guild' in channel) || !client.user) return false;
  return canStartThread(channel.permissionsFor(client.user));
}

/**
 * A public thread on the posted reply (the channel's thread manager caches it at once, so replies
 * in it are not dropped); null, logged, when Discord refuses one: follow-ups then go to the channel.
 */
export async function openFollowUpThread(channel: Channel | null, messageId: string, reply: Reply, log: Logger): Promise<string | null> {
  try {
    if (!channel || (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement)) throw new Error('channel cannot hold threads');
    const thread = await channel.threads.create({ startMessage: messageId, name: threadName(reply), autoArchiveDuration: ThreadAutoArchiveDuration.OneDay });
    return thread.id;
  } catch (error) {
    log.warn({ err: describeDiscordError(error) }, 'discord: could not start a follow-up thread; follow-ups go to the channel');
    return null;
  }
}
