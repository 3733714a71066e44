// Who may manage digests, what the bot itself may do in a channel, and what to ask for in the
// invite URL. Discord sends the member's and the app's *effective* permissions in the channel
// (overwrites applied) with every interaction, so no guild cache is needed for commands.
import { PermissionFlagsBits, PermissionsBitField, type PermissionResolvable } from 'discord.js';

/** Managing digests needs Manage Channels or Manage Server (Administrator implies both). */
export const ADMIN_PERMISSIONS = [PermissionFlagsBits.ManageChannels, PermissionFlagsBits.ManageGuild] as const;

/** Who may change digests and feeds on Discord, as a refusal says it. */
export const DISCORD_ADMIN_RULE = 'members with Manage Channels or Manage Server';

export function isAdminPermissions(permissions: Readonly<PermissionsBitField> | null | undefined): boolean {
  if (!permissions) return false;
  return permissions.any([...ADMIN_PERMISSIONS], true);
}

/** What the bot needs, each with the reason (shown in the README and in refusals). */
export const BOT_PERMISSIONS: ReadonlyArray<{ flag: bigint; name: string; why: string }> = [
  { flag: PermissionFlagsBits.ViewChannel, name: 'View Channels', why: 'see the channels it posts digests to' },
  { flag: PermissionFlagsBits.SendMessages, name: 'Send Messages', why: 'post digests and answer mentions' },
  { flag: PermissionFlagsBits.EmbedLinks, name: 'Embed Links', why: 'show briefs as embeds in channel messages (else plain text)' },
  { flag: PermissionFlagsBits.ReadMessageHistory, name: 'Read Message History', why: 'reply to the message that asked' },
  { flag: PermissionFlagsBits.CreatePublicThreads, name: 'Create Public Threads', why: 'open a follow-up thread under each brief' },
  { flag: PermissionFlagsBits.SendMessagesInThreads, name: 'Send Messages in Threads', why: 'answer follow-up questions in those threads' },
];

export function botPermissionBits(): bigint {
  return BOT_PERMISSIONS.reduce((sum, p) => sum | p.flag, 0n);
}

/** The OAuth2 URL that adds the bot to a server with exactly the permissions it uses. */
export function inviteUrl(applicationId: string): string {
  const params = new URLSearchParams({
    client_id: applicationId,
    scope: 'bot applications.commands',
    permissions: botPermissionBits().toString(),
  });
  return `https://discord.com/oauth2/authorize?${params.toString()}`;
}

/** A follow-up thread can be started under the reply when the app may create and post in it. */
export function canStartThread(appPermissions: Readonly<PermissionsBitField> | null | undefined): boolean {
  if (!appPermissions) return false;
  return appPermissions.has([PermissionFlagsBits.CreatePublicThreads, PermissionFlagsBits.SendMessagesInThreads], true);
}

export function hasAll(permissions: Readonly<PermissionsBitField> | null | undefined, wanted: PermissionResolvable): boolean {
  return permissions ? permissions.has(wanted, true) : false;
}

/** Human names of the missing permissions among `wanted` (for an explanation a user can act on). */
export function missingNames(permissions: Readonly<PermissionsBitField> | null | undefined, wanted: readonly bigint[]): string[] {
  return BOT_PERMISSIONS.filter((p) => wanted.includes(p.flag) && !(permissions?.has(p.flag, true) ?? false)).map((p) => p.name);
}
