import { PURGE_INTERVAL_MS, cacheJson } from './store-rows.ts';
import type { SqliteQueries } from './sqlite-queries.ts';
import type { KeyedStoreMethods } from './store.ts';

// The SQLite store's keyed records: the cache, claims (one owner per key until expiry) and daily
// token usage. Expired rows are purged when the store opens and now and then on write.

export function createSqliteKeyed({ run, get, now }: SqliteQueries): KeyedStoreMethods {
  let lastPurge = -Infinity;
  const maybePurge = (t: number) => {
    if (t - lastPurge < PURGE_INTERVAL_MS) return;
    lastPurge = t;
    run('DELETE FROM cache WHERE expires_at IS NOT NULL AND expires_at <= ?', t);
    run('DELETE FROM claims WHERE expires_at <= ?', t);
  };
  maybePurge(now());

  return {
    async cacheGet<T = unknown>(key: string): Promise<T | undefined> {
      const row = get('SELECT value FROM cache WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)', key, now());
      return row ? (JSON.parse(String(row.value)) as T) : undefined;
    },
    async cacheSet(key, value, ttlMs) {
      const t = now();
      maybePurge(t);
      run(
        'INSERT INTO cache (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at',
        key, cacheJson(value), ttlMs === undefined ? null : t + ttlMs,
      );
    },

    async claim(key, owner, ttlMs) {
      const t = now();
      maybePurge(t);
      const row = get(
        `INSERT INTO claims (key, owner, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
         WHERE claims.expires_at <= ? OR claims.owner = excluded.owner
         RETURNING owner`,
        key, owner, t + ttlMs, t,
      );
      return row !== undefined;
    },
    async release(key, owner) {
      run('DELETE FROM claims WHERE key = ? AND owner = ?', key, owner);
    },

    async addUsage(day, tokens) {
      const row = get(
        'INSERT INTO usage_daily (day, tokens) VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET tokens = usage_daily.tokens + excluded.tokens RETURNING tokens',
        day, tokens,
      );
      return Number(row?.tokens ?? 0);
    },
    async getUsage(day) {
      const row = get('SELECT tokens FROM usage_daily WHERE day = ?', day);
      return row ? Number(row.tokens) : 0;
    },
  };
}
