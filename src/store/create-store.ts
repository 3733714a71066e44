// Picks the backend: PostgreSQL when a database URL is configured (several replicas), else the
// SQLite file under the data directory. Each backend is imported only when chosen: pg costs
// ~10 MB and 50 ms of start-up that a SQLite process never uses.
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import { describeDatabaseTarget } from './database-url.ts';
import type { Store } from './store.ts';

export interface CreateStoreOptions {
  databaseUrl?: string | null;
  dataDir: string;
  clock?: Clock;
  logger?: Logger;
  /** PostgreSQL schema (default `public`). */
  schema?: string;
}

export async function createStore(options: CreateStoreOptions): Promise<Store> {
  const logger = options.logger?.child({ component: 'store' });
  if (options.databaseUrl) {
    logger?.info({ kind: 'postgres', database: describeDatabaseTarget(options.databaseUrl) }, 'opening store');
    const { createPostgresStore } = await import('./postgres-store.ts');
    return createPostgresStore({ connectionString: options.databaseUrl, schema: options.schema, clock: options.clock, logger });
  }
  logger?.info({ kind: 'sqlite', dataDir: options.dataDir }, 'opening store');
  const { createSqliteStore } = await import('./sqlite-store.ts');
  return createSqliteStore({ dataDir: options.dataDir, clock: options.clock, logger });
}
