// The Store for several replicas: PostgreSQL through a pg Pool. Every claim is one atomic
// statement (INSERT … ON CONFLICT), so replicas race safely without transactions or locks;
// migrations run under an advisory lock so replicas starting together apply them once.
// Time always comes from the injected clock (passed as parameters), never from now().
import { Pool, type PoolClient } from 'pg';
import { systemClock } from '../core/clock.ts';
import { BriefbotError } from '../core/errors.ts';
import { silentLogger } from '../core/logger.ts';
import type { ConversationState } from '../briefing/service-types.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import { normalizeConversation, withTurn } from './conversation-turns.ts';
import { describeDatabaseTarget, stripCredentials } from './database-url.ts';
import { createPostgresFeeds } from './postgres-feeds.ts';
import { postgresMigrations } from './postgres-migrations.ts';
import {
  DEFAULT_DELIVERY_LIMIT, PURGE_INTERVAL_MS, cacheJson, deliveryPatchColumns, putAuditAction, rowToAudit, rowToDelivery,
  rowToSubscription, scheduledMs, subscriptionAuditDetail, subscriptionParams, type Row,
} from './store-rows.ts';
import type { Store } from './store.ts';

export interface PostgresStoreOptions {
  connectionString: string;
  /** Schema holding the tables (created when missing). Default `public`. Lowercase identifier. */
  schema?: string;
  clock?: Clock;
  logger?: Logger;
  /** Maximum connections of this replica's pool. Default 10. */
  poolSize?: number;
  /** How long connecting may take before failing (ms). Default 10 000. */
  connectionTimeoutMs?: number;
  /** Client-side limit on one query (default 15 s). */
  queryTimeoutMs?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function createPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const schema = options.schema ?? 'public';
  if (!SCHEMA_NAME.test(schema)) {
    throw new BriefbotError('store_config', `Invalid PostgreSQL schema name ${JSON.stringify(schema)}: use lowercase letters, digits and _`);
  }
  const target = describeDatabaseTarget(options.connectionString);
  const clean = (text: string) => stripCredentials(text, options.connectionString);

  const { connectionString, extraOptions } = splitOptionsParam(options.connectionString);
  const pool = new Pool({
    connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
    // A network partition must fail a query in seconds, not when TCP gives up (minutes): the
    // scheduler's sweep and the readiness ping wait on these.
    query_timeout: options.queryTimeoutMs ?? 15_000,
    application_name: 'briefbot',
    // Every connection of the pool resolves unqualified table names in our schema.
    options: [extraOptions, `-c search_path=${schema}`].filter(Boolean).join(' '),
  });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', (error) => {
    logger.warn({ code: (error as { code?: string }).code, reason: clean(error.message) }, 'postgres idle connection error');
  });

  try {
    await migrate(pool, schema, clock, logger, target, clean);
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
  logger.info({ database: target, schema }, 'postgres store ready');

  const query = async (text: string, params: unknown[] = []) => pool.query(text, params);
  const one = async (text: string, params: unknown[] = []) => (await query(text, params)).rows[0] as Row | undefined;
  const many = async (text: string, params: unknown[] = []) => (await query(text, params)).rows as Row[];
  const now = () => clock.now().getTime();
  const iso = () => clock.now().toISOString();

  let lastPurge = -Infinity;
  const maybePurge = async (t: number) => {
    if (t - lastPurge < PURGE_INTERVAL_MS) return;
    lastPurge = t;
    await query('DELETE FROM cache WHERE expires_at IS NOT NULL AND expires_at <= $1', [t]);
    await query('DELETE FROM claims WHERE expires_at <= $1', [t]);
  };

  let ended = false;

  return {
    kind: 'postgres',

    async ping() {
      await query('SELECT 1');
    },
    async close() {
      if (ended) return;
      ended = true;
      await pool.end();
    },

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

    async getConversation(id) {
      const row = await one('SELECT state FROM conversations WHERE id = $1', [id]);
      return row ? normalizeConversation(row.state as ConversationState) : undefined;
    },
    async putConversation(id, state) {
      await query(
        'INSERT INTO conversations (id, state, updated_at) VALUES ($1, $2::jsonb, $3) ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at',
        [id, JSON.stringify(state), iso()],
      );
    },
    async appendTurn(id, turn, maxTurns) {
      // One statement: the row lock of ON CONFLICT DO UPDATE serialises concurrent appends, and the
      // trim (keep the newest maxTurns, in order) happens in SQL so no turn is lost between replicas.
      const keep = Math.max(0, Math.floor(maxTurns));
      await query(
        `INSERT INTO conversations (id, state, updated_at) VALUES ($1, $2::jsonb, $5)
         ON CONFLICT (id) DO UPDATE SET
           state = jsonb_set(conversations.state, '{turns}', (
             SELECT COALESCE(jsonb_agg(kept.elem ORDER BY kept.ord), '[]'::jsonb)
             FROM (
               SELECT all_turns.elem, all_turns.ord
               FROM jsonb_array_elements(COALESCE(conversations.state -> 'turns', '[]'::jsonb) || jsonb_build_array($3::jsonb))
                 WITH ORDINALITY AS all_turns(elem, ord)
               ORDER BY all_turns.ord DESC
               LIMIT $4::int
             ) AS kept
           )),
           updated_at = excluded.updated_at`,
        [id, JSON.stringify(withTurn(undefined, turn, keep)), JSON.stringify(turn), keep, iso()],
      );
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

    async putSubscription(sub, actor) {
      // Upsert and audit entry in one statement: both happen or neither.
      await query(
        `WITH saved AS (
           INSERT INTO subscriptions (id, platform, conversation_id, topic, cron, timezone, length, post_when_empty, source, created_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           ON CONFLICT (id) DO UPDATE SET platform = excluded.platform, conversation_id = excluded.conversation_id,
             topic = excluded.topic, cron = excluded.cron, timezone = excluded.timezone, length = excluded.length,
             post_when_empty = excluded.post_when_empty, source = excluded.source, created_by = excluded.created_by,
             created_at = excluded.created_at
           RETURNING id
         )
         INSERT INTO subscription_audit (at, actor, action, subscription_id, detail)
         SELECT $12, $13, $14, saved.id, $15::jsonb FROM saved`,
        [...subscriptionParams(sub, 'bool'), iso(), actor, putAuditAction(sub), JSON.stringify(subscriptionAuditDetail(sub))],
      );
    },
    async getSubscription(id) {
      const row = await one('SELECT * FROM subscriptions WHERE id = $1', [id]);
      return row ? rowToSubscription(row) : undefined;
    },
    async listSubscriptions(filter = {}) {
      // Text ORDER BYs use COLLATE "C" (code-point order), so ties sort as in SQLite and the memory
      // store whatever the database's locale.
      const rows = await many(
        `SELECT * FROM subscriptions
         WHERE ($1::text IS NULL OR conversation_id = $1) AND ($2::text IS NULL OR platform = $2)
         ORDER BY created_at COLLATE "C", id COLLATE "C"`,
        [filter.conversationId ?? null, filter.platform ?? null],
      );
      return rows.map(rowToSubscription);
    },
    async deleteSubscription(id, actor) {
      // The audit detail is built from the deleted row itself (same keys as subscriptionAuditDetail).
      const result = await query(
        `WITH gone AS (DELETE FROM subscriptions WHERE id = $1 RETURNING *)
         INSERT INTO subscription_audit (at, actor, action, subscription_id, detail)
         SELECT $2, $3, 'unsubscribe', gone.id, jsonb_build_object(
           'platform', gone.platform, 'conversationId', gone.conversation_id, 'topic', gone.topic, 'cron', gone.cron,
           'timezone', gone.timezone, 'length', gone.length, 'postWhenEmpty', gone.post_when_empty, 'source', gone.source)
         FROM gone`,
        [id, iso(), actor],
      );
      return result.rowCount === 1;
    },
    async listAudit(subscriptionId) {
      const rows = subscriptionId === undefined
        ? await many('SELECT * FROM subscription_audit ORDER BY seq')
        : await many('SELECT * FROM subscription_audit WHERE subscription_id = $1 ORDER BY seq', [subscriptionId]);
      return rows.map(rowToAudit);
    },

    async claimDelivery(d) {
      const result = await query(
        `INSERT INTO deliveries (fire_key, subscription_id, scheduled_at, scheduled_ms, status, attempts, late, message_id, error, owner, updated_at)
         VALUES ($1, $2, $3, $4, 'claimed', 0, $5, NULL, NULL, $6, $7)
         ON CONFLICT (fire_key) DO NOTHING`,
        [d.fireKey, d.subscriptionId, d.scheduledAt, scheduledMs(d.scheduledAt), d.late, d.owner, iso()],
      );
      return result.rowCount === 1;
    },
    async updateDelivery(fireKey, patch) {
      const columns = deliveryPatchColumns(patch);
      const sets = columns.map(([column], i) => `${column} = $${i + 1}`);
      sets.push(`updated_at = $${columns.length + 1}`);
      await query(
        `UPDATE deliveries SET ${sets.join(', ')} WHERE fire_key = $${columns.length + 2}`,
        [...columns.map(([, v]) => v), iso(), fireKey],
      );
    },
    async getDelivery(fireKey) {
      const row = await one('SELECT * FROM deliveries WHERE fire_key = $1', [fireKey]);
      return row ? rowToDelivery(row) : undefined;
    },
    async listDeliveries(subscriptionId, limit = DEFAULT_DELIVERY_LIMIT) {
      const rows = await many(
        'SELECT * FROM deliveries WHERE subscription_id = $1 ORDER BY scheduled_ms DESC, fire_key COLLATE "C" DESC LIMIT $2',
        [subscriptionId, Math.max(0, Math.floor(limit))],
      );
      return rows.map(rowToDelivery);
    },
    async lastSuccessfulDelivery(subscriptionId) {
      const row = await one(
        `SELECT * FROM deliveries WHERE subscription_id = $1 AND status IN ('sent', 'skipped')
         ORDER BY scheduled_ms DESC, fire_key COLLATE "C" DESC LIMIT 1`,
        [subscriptionId],
      );
      return row ? rowToDelivery(row) : undefined;
    },

    async getSeenDocuments(subscriptionId) {
      const rows = await many('SELECT doc_id, hash FROM seen_documents WHERE subscription_id = $1', [subscriptionId]);
      return new Map(rows.map((r) => [String(r.doc_id), String(r.hash)]));
    },
    async markSeenDocuments(subscriptionId, docs) {
      if (docs.size === 0) return;
      await query(
        `INSERT INTO seen_documents (subscription_id, doc_id, hash)
         SELECT $1, doc.id, doc.hash FROM unnest($2::text[], $3::text[]) AS doc(id, hash)
         ON CONFLICT (subscription_id, doc_id) DO UPDATE SET hash = excluded.hash`,
        [subscriptionId, [...docs.keys()], [...docs.values()]],
      );
    },

    ...createPostgresFeeds({ query, iso }),
  };
}

/**
 * pg lets an `options` parameter in the URL override the pool's `options`, which would drop our
 * search_path. Take it out of the URL and combine it with ours instead.
 */
function splitOptionsParam(connectionString: string): { connectionString: string; extraOptions: string } {
  try {
    const url = new URL(connectionString);
    const extra = url.searchParams.get('options');
    if (extra === null) return { connectionString, extraOptions: '' };
    url.searchParams.delete('options');
    return { connectionString: url.toString(), extraOptions: extra };
  } catch {
    return { connectionString, extraOptions: '' };
  }
}

/** Stable 32-bit key for the migration advisory lock; per schema, so isolated test schemas do not queue. */
function migrationLockKey(schema: string): number {
  let hash = 0x811c9dc5;
  for (const ch of `briefbot:migrations:${schema}`) {
    hash ^= ch.codePointAt(0) as number;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

function reasonOf(error: unknown): string {
  const e = error as { message?: string; code?: string; errors?: Array<{ message?: string }> };
  // Node reports a refused dual-stack connect as an AggregateError whose own message is empty.
  return e?.message || e?.errors?.map((x) => x.message).filter(Boolean).join('; ') || e?.code || String(error);
}

async function migrate(
  pool: Pool, schema: string, clock: Clock, logger: Logger, target: string, clean: (text: string) => string,
): Promise<void> {
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new BriefbotError(
      'store_unavailable',
      `Cannot connect to PostgreSQL at ${target}: ${clean(reasonOf(error))}${code && !reasonOf(error).includes(code) ? ` (${code})` : ''}`,
    );
  }

  const lockKey = migrationLockKey(schema);
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [lockKey]);
    try {
      // Only CREATE SCHEMA when missing: the statement needs CREATE on the database even with IF NOT EXISTS.
      const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
      if (exists.rowCount === 0) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
      const { rows } = await client.query('SELECT COALESCE(MAX(version), 0)::int AS v FROM schema_migrations');
      const current = Number(rows[0]?.v ?? 0);
      if (current > postgresMigrations.length) {
        logger.warn({ schemaVersion: current, knownVersion: postgresMigrations.length }, 'postgres schema is newer than this build; continuing');
      }
      for (let version = current + 1; version <= postgresMigrations.length; version++) {
        await client.query('BEGIN');
        try {
          await client.query(postgresMigrations[version - 1] as string);
          await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [version, clock.now().toISOString()]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          throw error;
        }
        logger.info({ version, schema }, 'postgres migration applied');
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [lockKey]);
    }
  } catch (error) {
    broken = error as Error;
    throw error instanceof BriefbotError
      ? error
      : new BriefbotError('store_migration_failed', `Migrating PostgreSQL at ${target} (schema ${schema}) failed: ${clean(reasonOf(error))}`);
  } finally {
    // A broken connection is destroyed rather than reused (which also drops a session lock it held).
    client.release(broken);
  }
}
