// Who may change shared settings from chat (digests, feeds): the same people, told the same way.
// What makes someone an admin differs by platform; the platform says so on the user it hands in.
import { UserFacingError } from './errors.ts';
import type { ChatUser } from '../../commands/command-types.ts';

export interface AdminRule {
  /** What the admins may do: "change digests". */
  action: string;
  /** What anyone may use instead: "`/digest list`". */
  anyone: string;
}

/** "Only channel admins (<the platform's rule>) can <action>. Anyone can use <anyone>." */
export function permissionMessage(rule: AdminRule, user: Pick<ChatUser, 'adminRule'>): string {
  const who = user.adminRule ? `channel admins (${user.adminRule})` : 'channel admins';
  return `Only ${who} can ${rule.action}. Anyone can use ${rule.anyone}.`;
}

/** Refuses a user who is not an admin (a UserFacingError 'forbidden'). */
export function requireAdmin(user: ChatUser, rule: AdminRule): void {
  if (!user.isAdmin) throw new UserFacingError('forbidden', permissionMessage(rule, user));
}
