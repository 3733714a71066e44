import type { Pool, QueryResult } from 'pg';
import type { Clock } from '../core/clock.ts';
import type { Row } from './store-rows.ts';

// The few ways the PostgreSQL store's parts talk to the pool, with time from the injected clock.

export interface PgQueries {
  query(text: string, params?: unknown[]): Promise<QueryResult>;
  one(text: string, params?: unknown[]): Promise<Row | undefined>;
  many(text: string, params?: unknown[]): Promise<Row[]>;
  /** The clock's time in ms (passed as a parameter: the database's now() is never used). */
  now(): number;
  iso(): string;
}

export function pgQueries(pool: Pool, clock: Clock): PgQueries {
  const query = async (text: string, params: unknown[] = []) => pool.query(text, params);
  return {
    query,
    one: async (text, params = []) => (await query(text, params)).rows[0] as Row | undefined,
    many: async (text, params = []) => (await query(text, params)).rows as Row[],
    now: () => clock.now().getTime(),
    iso: () => clock.now().toISOString(),
  };
}
