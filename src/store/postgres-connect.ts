import type { Pool, PoolClient } from 'pg';
import type { Clock } from '../core/clock.ts';
import { BriefbotError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { postgresMigrations } from './postgres-migrations.ts';

// Connecting to PostgreSQL and bringing its schema up to date. Migrations run under an advisory
// lock so replicas starting together apply them once; errors name the database without its
// credentials.

/**
 * pg lets an `options` parameter in the URL override the pool's `options`, which would drop our
 * search_path. Take it out of the URL and combine it with ours instead.
 */
export function splitOptionsParam(connectionString: string): { connectionString: string; extraOptions: string } {
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

export async function migrate(
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
