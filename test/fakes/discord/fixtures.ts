// The fake Discord's world: one guild with roles, members (including the bot) and channels, in
// the shapes the real API sends. Permission bits are spelled out here (not imported from
// discord.js) so the fake does not share the client's assumptions.
import { snowflake } from './snowflake.ts';

export const PERM = {
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseApplicationCommands: 1n << 31n,
  CreatePublicThreads: 1n << 35n,
  SendMessagesInThreads: 1n << 38n,
} as const;

/** What @everyone may do in a typical server. */
export const EVERYONE_PERMS = PERM.ViewChannel | PERM.SendMessages | PERM.EmbedLinks | PERM.ReadMessageHistory | PERM.AddReactions | PERM.UseApplicationCommands | PERM.CreatePublicThreads | PERM.SendMessagesInThreads | PERM.AttachFiles;
/** What the invite URL grants the bot. */
export const BOT_PERMS = PERM.ViewChannel | PERM.SendMessages | PERM.EmbedLinks | PERM.ReadMessageHistory | PERM.CreatePublicThreads | PERM.SendMessagesInThreads;

export interface FakeUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: null;
  bot?: boolean;
  public_flags: number;
}

export interface FakeChannel {
  id: string;
  type: number;
  guild_id: string;
  name: string;
  position: number;
  parent_id: string | null;
  permission_overwrites: Array<{ id: string; type: 0 | 1; allow: string; deny: string }>;
  topic?: string | null;
  nsfw?: boolean;
  last_message_id: string | null;
  rate_limit_per_user: number;
  flags: number;
  default_auto_archive_duration?: number;
  owner_id?: string;
  thread_metadata?: { archived: boolean; auto_archive_duration: number; archive_timestamp: string; locked: boolean; create_timestamp?: string };
  message_count?: number;
  member_count?: number;
  total_message_sent?: number;
}

export interface World {
  guildId: string;
  applicationId: string;
  bot: FakeUser;
  users: { alice: FakeUser; morgan: FakeUser; otherBot: FakeUser };
  roles: { everyone: string; moderator: string; bot: string };
  channels: { general: string; news: string; readonly: string; noThreads: string; noEmbeds: string; existingThread: string };
  /** Effective channel permissions per user, as Discord sends them in interactions. */
  memberPermissions: Record<string, bigint>;
  guildPayload(): Record<string, unknown>;
  channelList: FakeChannel[];
}

function user(username: string, bot = false): FakeUser {
  return { id: snowflake(), username, global_name: bot ? null : username[0].toUpperCase() + username.slice(1), discriminator: '0', avatar: null, public_flags: 0, ...(bot ? { bot: true } : {}) };
}

function textChannel(guildId: string, name: string, position: number, type = 0): FakeChannel {
  return { id: snowflake(), type, guild_id: guildId, name, position, parent_id: null, permission_overwrites: [], topic: null, nsfw: false, last_message_id: null, rate_limit_per_user: 0, flags: 0, default_auto_archive_duration: 1440 };
}

export function createWorld(): World {
  const guildId = snowflake();
  const applicationId = snowflake();
  const bot: FakeUser = { ...user('briefbot', true), id: applicationId };
  const alice = user('alice');
  const morgan = user('morgan');
  const otherBot = user('otherbot', true);
  const moderatorRole = snowflake();
  const botRole = snowflake();

  const general = textChannel(guildId, 'general', 0);
  const news = textChannel(guildId, 'news', 1, 5);
  // The bot may read but not post here (a channel overwrite denies its role Send Messages).
  const readonly = textChannel(guildId, 'announcements-readonly', 2);
  readonly.permission_overwrites.push({ id: botRole, type: 0, allow: '0', deny: PERM.SendMessages.toString() });
  // The bot may post but not start threads here.
  const noThreads = textChannel(guildId, 'no-threads', 3);
  noThreads.permission_overwrites.push({ id: botRole, type: 0, allow: '0', deny: PERM.CreatePublicThreads.toString() });
  // The bot may post but not embed links here (briefs go out as plain text).
  const noEmbeds = textChannel(guildId, 'no-embeds', 4);
  noEmbeds.permission_overwrites.push({ id: botRole, type: 0, allow: '0', deny: PERM.EmbedLinks.toString() });
  const now = new Date().toISOString();
  const existingThread: FakeChannel = {
    id: snowflake(), type: 11, guild_id: guildId, name: 'older brief', position: 0, parent_id: general.id, permission_overwrites: [], last_message_id: null,
    rate_limit_per_user: 0, flags: 0, owner_id: bot.id, message_count: 2, member_count: 2, total_message_sent: 2,
    thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: now, locked: false, create_timestamp: now },
  };
  const channelList = [general, news, readonly, noThreads, noEmbeds, existingThread];

  const roles = [
    { id: guildId, name: '@everyone', permissions: EVERYONE_PERMS.toString(), position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0, icon: null, unicode_emoji: null },
    { id: moderatorRole, name: 'Moderators', permissions: (EVERYONE_PERMS | PERM.ManageChannels).toString(), position: 1, color: 0, hoist: false, managed: false, mentionable: true, flags: 0, icon: null, unicode_emoji: null },
    { id: botRole, name: 'briefbot', permissions: BOT_PERMS.toString(), position: 2, color: 0, hoist: false, managed: true, mentionable: false, flags: 0, icon: null, unicode_emoji: null, tags: { bot_id: bot.id } },
  ];
  const member = (u: FakeUser, roleIds: string[]) => ({ user: u, roles: roleIds, joined_at: now, deaf: false, mute: false, flags: 0, nick: null, avatar: null, premium_since: null, pending: false, communication_disabled_until: null });

  return {
    guildId,
    applicationId,
    bot,
    users: { alice, morgan, otherBot },
    roles: { everyone: guildId, moderator: moderatorRole, bot: botRole },
    channels: { general: general.id, news: news.id, readonly: readonly.id, noThreads: noThreads.id, noEmbeds: noEmbeds.id, existingThread: existingThread.id },
    memberPermissions: { [alice.id]: EVERYONE_PERMS, [morgan.id]: EVERYONE_PERMS | PERM.ManageChannels, [otherBot.id]: EVERYONE_PERMS },
    channelList,
    guildPayload() {
      return {
        id: guildId, name: 'Briefing Room', icon: null, splash: null, discovery_splash: null, owner_id: morgan.id, afk_channel_id: null, afk_timeout: 300,
        verification_level: 0, default_message_notifications: 1, explicit_content_filter: 0, features: [], mfa_level: 0, application_id: null,
        system_channel_id: general.id, system_channel_flags: 0, rules_channel_id: null, vanity_url_code: null, description: null, banner: null,
        premium_tier: 0, premium_subscription_count: 0, preferred_locale: 'en-US', public_updates_channel_id: null, nsfw_level: 0, premium_progress_bar_enabled: false,
        safety_alerts_channel_id: null, max_video_channel_users: 25, max_members: 500000,
        roles, emojis: [], stickers: [], soundboard_sounds: [],
        joined_at: now, large: false, unavailable: false, member_count: 4,
        voice_states: [], presences: [], stage_instances: [], guild_scheduled_events: [],
        members: [member(bot, [botRole]), member(alice, []), member(morgan, [moderatorRole]), member(otherBot, [])],
        channels: channelList.filter((c) => c.type !== 11),
        threads: channelList.filter((c) => c.type === 11),
      };
    },
  };
}
