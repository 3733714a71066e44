import type { DatabaseSync, SQLInputValue, StatementResultingChanges, StatementSync } from 'node:sqlite';
import type { Clock } from '../core/clock.ts';
import type { Row } from './store-rows.ts';

// The few ways the SQLite store's parts talk to the database: prepared statements kept for reuse,
// a write transaction, and time from the injected clock.

export interface SqliteQueries {
  run(sql: string, ...params: SQLInputValue[]): StatementResultingChanges;
  get(sql: string, ...params: SQLInputValue[]): Row | undefined;
  all(sql: string, ...params: SQLInputValue[]): Row[];
  transaction<T>(fn: () => T): T;
  now(): number;
  iso(): string;
}

/** The queries over `db`, and `clear()` to drop the prepared statements before closing it. */
export function sqliteQueries(db: DatabaseSync, clock: Clock): SqliteQueries & { clear(): void } {
  const statements = new Map<string, StatementSync>();
  const stmt = (sql: string): StatementSync => {
    let s = statements.get(sql);
    if (!s) {
      s = db.prepare(sql);
      statements.set(sql, s);
    }
    return s;
  };
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
  return {
    run: (sql, ...params) => stmt(sql).run(...params),
    get: (sql, ...params) => stmt(sql).get(...params) as Row | undefined,
    all: (sql, ...params) => stmt(sql).all(...params) as Row[],
    transaction,
    now: () => clock.now().getTime(),
    iso: () => clock.now().toISOString(),
    clear: () => statements.clear(),
  };
}
