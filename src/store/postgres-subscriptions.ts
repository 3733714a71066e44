import { putAuditAction, rowToAudit, rowToSubscription, subscriptionAuditDetail, subscriptionParams } from './store-rows.ts';
import type { PgQueries } from './postgres-queries.ts';
import type { SubscriptionStoreMethods } from './store.ts';

// Subscriptions of the PostgreSQL store and their audit trail, each change and its audit entry
// written by one statement.

export function createPostgresSubscriptions({ query, one, many, iso }: PgQueries): SubscriptionStoreMethods {
  return {
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
  };
}
