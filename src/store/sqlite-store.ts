// The default Store: one SQLite file (node:sqlite, no native addon) in WAL mode, so the CLI can
// read while the bot writes. node:sqlite is synchronous: each method runs to completion before
// another can start in this process, and BEGIN IMMEDIATE + busy_timeout serialise writers across
// processes sharing the file. Claims use the same INSERT … ON CONFLICT statements as PostgreSQL.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { systemClock } from '../core/clock.ts';
import { BriefbotError } from '../core/errors.ts';
import { silentLogger } from '../core/logger.ts';
import type { ConversationState } from '../briefing/service-types.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import { normalizeConversation, withTurn } from './conversation-turns.ts';
import { createSqliteFeeds } from './sqlite-feeds.ts';
import { sqliteMigrations } from './sqlite-migrations.ts';
import {
  DEFAULT_DELIVERY_LIMIT, PURGE_INTERVAL_MS, cacheJson, deliveryPatchColumns, putAuditAction, rowToAudit, rowToDelivery,
  rowToSubscription, scheduledMs, subscriptionAuditDetail, subscriptionParams, type Row,
} from './store-rows.ts';
import type { Store } from './store.ts';

export const SQLITE_FILE_NAME = 'briefbot.sqlite';

export type SqliteStoreOptions = ({ file: string; dataDir?: undefined } | { dataDir: string; file?: undefined }) & {
  clock?: Clock;
  logger?: Logger;
  /** How long a write waits for another process's lock before failing (ms). */
  busyTimeoutMs?: number;
};

export async function createSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const file = options.file ?? join(options.dataDir as string, SQLITE_FILE_NAME);
  const busyTimeoutMs = options.busyTimeoutMs ?? 5_000;

  let db: DatabaseSync;
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    db = new DatabaseSync(file, { timeout: busyTimeoutMs });
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    db.prepare('PRAGMA journal_mode = WAL').get();
    // WAL + NORMAL: durable across process crashes; a power cut can lose the last transactions.
    db.exec('PRAGMA synchronous = NORMAL');
  } catch (error) {
    throw new BriefbotError('store_unavailable', `Cannot open the SQLite database at ${file}: ${(error as Error).message}`, { cause: error });
  }

  try {
    migrate(db, clock, logger);
  } catch (error) {
    db.close();
    throw new BriefbotError('store_migration_failed', `Migrating the SQLite database at ${file} failed: ${(error as Error).message}`, { cause: error });
  }

  const statements = new Map<string, StatementSync>();
  const stmt = (sql: string): StatementSync => {
    let s = statements.get(sql);
    if (!s) {
      s = db.prepare(sql);
      statements.set(sql, s);
    }
    return s;
  };
  const run = (sql: string, ...params: SQLInputValue[]) => stmt(sql).run(...params);
  const get = (sql: string, ...params: SQLInputValue[]) => stmt(sql).get(...params) as Row | undefined;
  const all = (sql: string, ...params: SQLInputValue[]) => stmt(sql).all(...params) as Row[];
  const transaction = <T>(fn: () => T): T => {
    // IMMEDIATE takes the write lock up front, so a read-modify-write cannot interleave with another process.
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = fn();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  };

  const now = () => clock.now().getTime();
  const iso = () => clock.now().toISOString();

  let lastPurge = -Infinity;
  const maybePurge = (t: number) => {
    if (t - lastPurge < PURGE_INTERVAL_MS) return;
    lastPurge = t;
    run('DELETE FROM cache WHERE expires_at IS NOT NULL AND expires_at <= ?', t);
    run('DELETE FROM claims WHERE expires_at <= ?', t);
  };
  maybePurge(now());

  let closed = false;

  logger.debug({ file }, 'sqlite store open');

  return {
    kind: 'sqlite',

    async ping() {
      get('SELECT 1 AS ok');
    },
    async close() {
      if (closed) return;
      closed = true;
      statements.clear();
      db.close();
    },

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

    async getConversation(id) {
      const row = get('SELECT state FROM conversations WHERE id = ?', id);
      return row ? normalizeConversation(JSON.parse(String(row.state)) as ConversationState) : undefined;
    },
    async putConversation(id, state) {
      run(
        'INSERT INTO conversations (id, state, updated_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at',
        id, JSON.stringify(state), iso(),
      );
    },
    async appendTurn(id, turn, maxTurns) {
      transaction(() => {
        const row = get('SELECT state FROM conversations WHERE id = ?', id);
        const current = row ? normalizeConversation(JSON.parse(String(row.state)) as ConversationState) : undefined;
        run(
          'INSERT INTO conversations (id, state, updated_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at',
          id, JSON.stringify(withTurn(current, turn, maxTurns)), iso(),
        );
      });
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

    async putSubscription(sub, actor) {
      transaction(() => {
        run(
          `INSERT INTO subscriptions (id, platform, conversation_id, topic, cron, timezone, length, post_when_empty, source, created_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET platform = excluded.platform, conversation_id = excluded.conversation_id,
             topic = excluded.topic, cron = excluded.cron, timezone = excluded.timezone, length = excluded.length,
             post_when_empty = excluded.post_when_empty, source = excluded.source, created_by = excluded.created_by,
             created_at = excluded.created_at`,
          ...(subscriptionParams(sub, 'int') as SQLInputValue[]),
        );
        run(
          'INSERT INTO subscription_audit (at, actor, action, subscription_id, detail) VALUES (?, ?, ?, ?, ?)',
          iso(), actor, putAuditAction(sub), sub.id, JSON.stringify(subscriptionAuditDetail(sub)),
        );
      });
    },
    async getSubscription(id) {
      const row = get('SELECT * FROM subscriptions WHERE id = ?', id);
      return row ? rowToSubscription(row) : undefined;
    },
    async listSubscriptions(filter = {}) {
      const rows = all(
        `SELECT * FROM subscriptions
         WHERE (?1 IS NULL OR conversation_id = ?1) AND (?2 IS NULL OR platform = ?2)
         ORDER BY created_at, id`,
        filter.conversationId ?? null, filter.platform ?? null,
      );
      return rows.map(rowToSubscription);
    },
    async deleteSubscription(id, actor) {
      return transaction(() => {
        const row = get('DELETE FROM subscriptions WHERE id = ? RETURNING *', id);
        if (!row) return false;
        run(
          'INSERT INTO subscription_audit (at, actor, action, subscription_id, detail) VALUES (?, ?, ?, ?, ?)',
          iso(), actor, 'unsubscribe', id, JSON.stringify(subscriptionAuditDetail(rowToSubscription(row))),
        );
        return true;
      });
    },
    async listAudit(subscriptionId) {
      const rows = subscriptionId === undefined
        ? all('SELECT * FROM subscription_audit ORDER BY seq')
        : all('SELECT * FROM subscription_audit WHERE subscription_id = ? ORDER BY seq', subscriptionId);
      return rows.map(rowToAudit);
    },

    async claimDelivery(d) {
      const result = run(
        `INSERT INTO deliveries (fire_key, subscription_id, scheduled_at, scheduled_ms, status, attempts, late, message_id, error, owner, updated_at)
         VALUES (?, ?, ?, ?, 'claimed', 0, ?, NULL, NULL, ?, ?)
         ON CONFLICT (fire_key) DO NOTHING`,
        d.fireKey, d.subscriptionId, d.scheduledAt, scheduledMs(d.scheduledAt), d.late ? 1 : 0, d.owner, iso(),
      );
      return Number(result.changes) === 1;
    },
    async updateDelivery(fireKey, patch) {
      const columns = deliveryPatchColumns(patch);
      const sets = [...columns.map(([column]) => `${column} = ?`), 'updated_at = ?'];
      run(`UPDATE deliveries SET ${sets.join(', ')} WHERE fire_key = ?`, ...columns.map(([, v]) => v), iso(), fireKey);
    },
    async getDelivery(fireKey) {
      const row = get('SELECT * FROM deliveries WHERE fire_key = ?', fireKey);
      return row ? rowToDelivery(row) : undefined;
    },
    async listDeliveries(subscriptionId, limit = DEFAULT_DELIVERY_LIMIT) {
      const rows = all(
        'SELECT * FROM deliveries WHERE subscription_id = ? ORDER BY scheduled_ms DESC, fire_key DESC LIMIT ?',
        subscriptionId, Math.max(0, Math.floor(limit)),
      );
      return rows.map(rowToDelivery);
    },
    async lastSuccessfulDelivery(subscriptionId) {
      const row = get(
        `SELECT * FROM deliveries WHERE subscription_id = ? AND status IN ('sent', 'skipped')
         ORDER BY scheduled_ms DESC, fire_key DESC LIMIT 1`,
        subscriptionId,
      );
      return row ? rowToDelivery(row) : undefined;
    },

    async getSeenDocuments(subscriptionId) {
      const rows = all('SELECT doc_id, hash FROM seen_documents WHERE subscription_id = ?', subscriptionId);
      return new Map(rows.map((r) => [String(r.doc_id), String(r.hash)]));
    },
    async markSeenDocuments(subscriptionId, docs) {
      if (docs.size === 0) return;
      transaction(() => {
        for (const [docId, hash] of docs) {
          run(
            'INSERT INTO seen_documents (subscription_id, doc_id, hash) VALUES (?, ?, ?) ON CONFLICT (subscription_id, doc_id) DO UPDATE SET hash = excluded.hash',
            subscriptionId, docId, hash,
          );
        }
      });
    },

    ...createSqliteFeeds({ run, get, all, transaction, iso }),
  };
}

/** Applies pending migrations in one write transaction, so two processes opening a new file apply them once. */
function migrate(db: DatabaseSync, clock: Clock, logger: Logger): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const row = db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as Row;
    const current = Number(row.v);
    if (current > sqliteMigrations.length) {
      logger.warn({ schemaVersion: current, knownVersion: sqliteMigrations.length }, 'sqlite schema is newer than this build; continuing');
    }
    for (let version = current + 1; version <= sqliteMigrations.length; version++) {
      db.exec(sqliteMigrations[version - 1] as string);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, clock.now().toISOString());
      logger.info({ version }, 'sqlite migration applied');
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
