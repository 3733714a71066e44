import type { SQLInputValue } from 'node:sqlite';
import { putAuditAction, rowToAudit, rowToSubscription, subscriptionAuditDetail, subscriptionParams } from './store-rows.ts';
import { SQLITE_AUDIT_INSERT, deleteAudited } from './sqlite-audit.ts';
import type { SqliteQueries } from './sqlite-queries.ts';
import type { SubscriptionStoreMethods } from './store.ts';

// Subscriptions of the SQLite store and their audit trail, each change and its audit entry
// written in one transaction.

export function createSqliteSubscriptions(queries: SqliteQueries): SubscriptionStoreMethods {
  const { run, get, all, transaction, iso } = queries;
  return {
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
        run(SQLITE_AUDIT_INSERT, iso(), actor, putAuditAction(sub), sub.id, JSON.stringify(subscriptionAuditDetail(sub)));
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
      return deleteAudited(queries, 'DELETE FROM subscriptions WHERE id = ? RETURNING *', id, {
        actor, action: 'unsubscribe', detail: (row) => subscriptionAuditDetail(rowToSubscription(row)),
      });
    },
    async listAudit(subscriptionId) {
      const rows = subscriptionId === undefined
        ? all('SELECT * FROM subscription_audit ORDER BY seq')
        : all('SELECT * FROM subscription_audit WHERE subscription_id = ? ORDER BY seq', subscriptionId);
      return rows.map(rowToAudit);
    },
  };
}
