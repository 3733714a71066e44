import { PURGE_INTERVAL_MS, cacheJson } from './store-rows.ts';
import type { PgQueries } from './postgres-queries.ts';
import type { KeyedStoreMethods } from './store.ts';

// The PostgreSQL store's keyed records: the cache, claims (one owner per key until expiry) and
// daily token usage. Expired rows are purged now and then on write, not by a timer.

export function createPostgresKeyed({ query, one, now }: PgQueries): KeyedStoreMethods {
  let lastPurge = -Infinity;
  const maybePurge = async (t: number) => {
    if (t - lastPurge < PURGE_INTERVAL_MS) return;
    lastPurge = t;
    await query('DELETE FROM cache WHERE expires_at IS NOT NULL AND expires_at <= $1', [t]);
    await query('DELETE FROM claims WHERE expires_at <= $1', [t]);
  };

  return {
    async cacheGet<T = unknown>(key: string): Promise<T | undefined> {
      const row = await one('SELECT value FROM cache WHERE key = $1 AND (expires_at IS NULL OR expires_at > $2)', [key, now()]);
      return row ? (JSON.parse(String(row.value)) as T) : undefined;
    },
    async cacheSet(key, value, ttlMs) {
      const t = now();
      await maybePurge(t);
      await query(
        'INSERT INTO cache (key, value, expires_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at',
        [key, cacheJson(value), ttlMs === undefined ? null : t + ttlMs],
      );
    },

    async claim(key, owner, ttlMs) {
      const t = now();
      await maybePurge(t);
      // The conflicting row is locked while the WHERE is checked, so of N racing callers exactly one
      // inserts or takes over an expired claim; the rest get no row back.
      const result = await query(
        `INSERT INTO claims (key, owner, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
         WHERE claims.expires_at <= $4 OR claims.owner = excluded.owner
         RETURNING owner`,
        [key, owner, t + ttlMs, t],
      );
      return result.rowCount === 1;
    },
    async release(key, owner) {
      await query('DELETE FROM claims WHERE key = $1 AND owner = $2', [key, owner]);
    },

    async addUsage(day, tokens) {
      const row = await one(
        'INSERT INTO usage_daily (day, tokens) VALUES ($1, $2) ON CONFLICT (day) DO UPDATE SET tokens = usage_daily.tokens + excluded.tokens RETURNING tokens',
        [day, tokens],
      );
      return Number(row?.tokens ?? 0);
    },
    async getUsage(day) {
      const row = await one('SELECT tokens FROM usage_daily WHERE day = $1', [day]);
      return row ? Number(row.tokens) : 0;
    },
  };
}
