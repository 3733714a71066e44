// Who typed this? `users.info` tells a workspace admin/owner from everyone else (digest management
// is admin-only) and gives a display name. Cached per user, and one lookup in flight per user, so
// a burst of commands costs one API call. A failed lookup (an unknown or deleted user, a Slack
// error) is cached too, briefly: retried on every command, 300 commands from an unknown user made
// 262 users.info calls.
import type { ChatUser } from '../../../commands/command-types.ts';
import type { Logger } from '../../core/logger.ts';
import { userIdFor } from './parse.ts';
import { describeSlackError, type UsersInfoClient } from './web.ts';

export interface UserDirectory {
  get(slackUserId: string, fallbackName?: string): Promise<ChatUser>;
}

export interface UserDirectoryOptions {
  client: UsersInfoClient;
  /** Slack user ids (without prefix) that count as admins besides workspace admins/owners. */
  adminUserIds?: readonly string[];
  logger: Logger;
  ttlMs?: number;
  /** How long a failed lookup is remembered before it is tried again (default 60 s). */
  failureTtlMs?: number;
  now?: () => number;
}

interface Entry {
  at: number;
  /** ttlMs, or failureTtlMs once the lookup has failed. */
  ttl: number;
  user: Promise<{ name: string | null; isAdmin: boolean }>;
}

/** Who may change digests and feeds on Slack, as a refusal says it. */
export const SLACK_ADMIN_RULE = 'workspace admins and owners, and the users in slack.adminUserIds';

export function createUserDirectory(options: UserDirectoryOptions): UserDirectory {
  const admins = new Set((options.adminUserIds ?? []).map((id) => id.replace(/^slack:/, '')));
  const ttlMs = options.ttlMs ?? 10 * 60 * 1000;
  const failureTtlMs = options.failureTtlMs ?? 60 * 1000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, Entry>();

  async function lookup(id: string, entry: Entry): Promise<{ name: string | null; isAdmin: boolean }> {
    try {
      const res = await options.client.users.info({ user: id });
      const u = res.user;
      const name = u?.profile?.display_name || u?.real_name || u?.name || null;
      return { name, isAdmin: Boolean(u?.is_admin || u?.is_owner || u?.is_primary_owner) };
    } catch (error) {
      // Not fatal: the person is treated as a non-admin, and the lookup is retried after a while.
      options.logger.warn({ ...describeSlackError(error), method: 'users.info', user: id }, 'slack users.info failed');
      entry.at = now();
      entry.ttl = failureTtlMs;
      return { name: null, isAdmin: false };
    }
  }

  return {
    async get(slackUserId, fallbackName) {
      let entry = cache.get(slackUserId);
      if (!entry || now() - entry.at > entry.ttl) {
        const fresh: Entry = { at: now(), ttl: ttlMs, user: Promise.resolve({ name: null, isAdmin: false }) };
        fresh.user = lookup(slackUserId, fresh);
        entry = fresh;
        cache.delete(slackUserId);
        cache.set(slackUserId, entry);
        if (cache.size > 5000) cache.delete(cache.keys().next().value as string);
      }
      const info = await entry.user;
      return {
        id: userIdFor(slackUserId),
        name: info.name ?? fallbackName ?? slackUserId,
        isAdmin: admins.has(slackUserId) || info.isAdmin,
        adminRule: SLACK_ADMIN_RULE,
      };
    },
  };
}
