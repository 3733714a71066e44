// The Store for several replicas: PostgreSQL through a pg Pool. Every claim is one atomic
// statement (INSERT … ON CONFLICT), so replicas race safely without transactions or locks;
// migrations run under an advisory lock so replicas starting together apply them once.
// Time always comes from the injected clock (passed as parameters), never from now().
import { Pool } from 'pg';
import { systemClock } from '../core/clock.ts';
import { BriefbotError } from '../core/errors.ts';
import { silentLogger } from '../core/logger.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import { describeDatabaseTarget, stripCredentials } from './database-url.ts';
import { migrate, splitOptionsParam } from './postgres-connect.ts';
import { createPostgresConversations } from './postgres-conversations.ts';
import { createPostgresDeliveries } from './postgres-deliveries.ts';
import { createPostgresFeeds } from './postgres-feeds.ts';
import { createPostgresKeyed } from './postgres-keyed.ts';
import { pgQueries } from './postgres-queries.ts';
import { createPostgresSubscriptions } from './postgres-subscriptions.ts';
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

  const queries = pgQueries(pool, clock);
  let ended = false;

  return {
    kind: 'postgres',

    async ping() {
      await queries.query('SELECT 1');
    },
    async close() {
      if (ended) return;
      ended = true;
      await pool.end();
    },

    ...createPostgresKeyed(queries),
    ...createPostgresConversations(queries),
    ...createPostgresSubscriptions(queries),
    ...createPostgresDeliveries(queries),
    ...createPostgresFeeds(queries),
  };
}
