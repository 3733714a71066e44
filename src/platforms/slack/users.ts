// Who typed this? `users.info` tells a workspace admin/owner from everyone else (digest management
// is admin-only) and gives a display name. Cached per user, and one lookup in flight per user, so
// a burst of commands costs one API call.
import type { ChatUser, Logger } from '../../core/types.ts';
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
  now?: () => number;
}

interface Entry {
  at: number;
  user: Promise<{ name: string | null; isAdmin: boolean }>;
}

export function createUserDirectory(options: UserDirectoryOptions): UserDirectory {
  const admins = new Set((options.adminUserIds ?? []).map((id) => id.replace(/^slack:/, '')));
  const ttlMs = options.ttlMs ?? 10 * 60 * 1000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, Entry>();

  async function lookup(id: string): Promise<{ name: string | null; isAdmin: boolean }> {
    try {
      const res = await options.client.users.info({ user: id });
      const u = res.user;
      const name = u?.profile?.display_name || u?.real_name || u?.name || null;
      return { name, isAdmin: Boolean(u?.is_admin || u?.is_owner || u?.is_primary_owner) };
    } catch (error) {
      // Not fatal: the person is treated as a non-admin and the lookup is retried next time.
      options.logger.warn({ ...describeSlackError(error), method: 'users.info' }, 'slack users.info failed');
      cache.delete(id);
      return { name: null, isAdmin: false };
    }
  }

  return {
    async get(slackUserId, fallbackName) {
      let entry = cache.get(slackUserId);
      if (!entry || now() - entry.at > ttlMs) {
        entry = { at: now(), user: lookup(slackUserId) };
        cache.set(slackUserId, entry);
        if (cache.size > 5000) cache.delete(cache.keys().next().value as string);
      }
      const info = await entry.user;
      return {
        id: userIdFor(slackUserId),
        name: info.name ?? fallbackName ?? slackUserId,
        isAdmin: admins.has(slackUserId) || info.isAdmin,
      };
    },
  };
}
