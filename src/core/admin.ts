// Who may change shared settings from chat (digests, feeds): the same people, told the same way.
import { UserFacingError } from './errors.ts';
import type { ChatUser } from '../../commands/command-types.ts';

const ADMINS = 'channel admins (Slack: workspace admins or configured admins; Discord: Manage Channels)';

/** "Only channel admins (…) can <action>. Anyone can use <anyone>." */
export function permissionMessage(action: string, anyone: string): string {
  return `Only ${ADMINS} can ${action}. Anyone can use ${anyone}.`;
}

/** Refuses a user who is not an admin with `message` (a UserFacingError 'forbidden'). */
export function requireAdmin(user: ChatUser, message: string): void {
  if (!user.isAdmin) throw new UserFacingError('forbidden', message);
}
