import { cacheJson } from './store-rows.ts';
import type { MemoryContext } from './memory-context.ts';
import type { KeyedStoreMethods } from './store.ts';

// The in-memory store's keyed records: the cache (expired entries dropped when read), claims
// (one owner per key until expiry) and daily token usage.

export function createMemoryKeyed({ now, open }: MemoryContext): KeyedStoreMethods {
  const cache = new Map<string, { json: string; expiresAt: number | null }>();
  const claims = new Map<string, { owner: string; expiresAt: number }>();
  const usage = new Map<string, number>();

  return {
    async cacheGet<T = unknown>(key: string): Promise<T | undefined> {
      open();
      const entry = cache.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt !== null && entry.expiresAt <= now()) {
        cache.delete(key);
        return undefined;
      }
      return JSON.parse(entry.json) as T;
    },
    async cacheSet(key, value, ttlMs) {
      open();
      cache.set(key, { json: cacheJson(value), expiresAt: ttlMs === undefined ? null : now() + ttlMs });
    },

    async claim(key, owner, ttlMs) {
      open();
      const t = now();
      const held = claims.get(key);
      if (held && held.expiresAt > t && held.owner !== owner) return false;
      claims.set(key, { owner, expiresAt: t + ttlMs });
      return true;
    },
    async release(key, owner) {
      open();
      if (claims.get(key)?.owner === owner) claims.delete(key);
    },

    async addUsage(day, tokens) {
      open();
      const total = (usage.get(day) ?? 0) + tokens;
      usage.set(day, total);
      return total;
    },
    async getUsage(day) {
      open();
      return usage.get(day) ?? 0;
    },
  };
}
