// The default Store: one SQLite file (node:sqlite, no native addon) in WAL mode, so the CLI can
// read while the bot writes. node:sqlite is synchronous: each method runs to completion before
// another can start in this process, and BEGIN IMMEDIATE + busy_timeout serialise writers across
// processes sharing the file. Claims use the same INSERT … ON CONFLICT statements as PostgreSQL.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { systemClock } from '../core/clock.ts';
import { BriefbotError } from '../core/errors.ts';
import { silentLogger } from '../core/logger.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import { createSqliteConversations } from './sqlite-conversations.ts';
import { createSqliteDeliveries } from './sqlite-deliveries.ts';
import { createSqliteFeeds } from './sqlite-feeds.ts';
import { createSqliteKeyed } from './sqlite-keyed.ts';
import { sqliteMigrations } from './sqlite-migrations.ts';
import { sqliteQueries } from './sqlite-queries.ts';
import { createSqliteSubscriptions } from './sqlite-subscriptions.ts';
import type { Row } from './store-rows.ts';
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

  const queries = sqliteQueries(db, clock);
  const keyed = createSqliteKeyed(queries);
  let closed = false;

  logger.debug({ file }, 'sqlite store open');

  return {
    kind: 'sqlite',

    async ping() {
      queries.get('SELECT 1 AS ok');
    },
    async close() {
      if (closed) return;
      closed = true;
      queries.clear();
      db.close();
    },

    ...keyed,
    ...createSqliteConversations(queries),
    ...createSqliteSubscriptions(queries),
    ...createSqliteDeliveries(queries),
    ...createSqliteFeeds(queries),
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
