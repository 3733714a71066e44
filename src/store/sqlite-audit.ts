import type { SqliteQueries } from './sqlite-queries.ts';
import type { Row } from './store-rows.ts';
import type { AuditEntry } from './store.ts';

// The SQLite store's audit trail, written by subscriptions and feed sources alike, each entry in
// the same transaction as the change it records.

export const SQLITE_AUDIT_INSERT = 'INSERT INTO subscription_audit (at, actor, action, subscription_id, detail) VALUES (?, ?, ?, ?, ?)';

type Queries = Pick<SqliteQueries, 'run' | 'get' | 'transaction' | 'iso'>;

/** Deletes with `deleteSql` (`… WHERE id = ? RETURNING *`) and audits what it removed; false when there was nothing. */
export function deleteAudited(
  { run, get, transaction, iso }: Queries,
  deleteSql: string,
  id: string,
  audit: { actor: string | null; action: AuditEntry['action']; detail(row: Row): Record<string, unknown> },
): boolean {
  return transaction(() => {
    const row = get(deleteSql, id);
    if (!row) return false;
    run(SQLITE_AUDIT_INSERT, iso(), audit.actor, audit.action, id, JSON.stringify(audit.detail(row)));
    return true;
  });
}
