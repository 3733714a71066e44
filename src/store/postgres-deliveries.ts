import { DEFAULT_DELIVERY_LIMIT, deliveryPatchColumns, rowToDelivery, scheduledMs } from './store-rows.ts';
import type { PgQueries } from './postgres-queries.ts';
import type { DeliveryStoreMethods } from './store.ts';

// The scheduler's records in the PostgreSQL store: deliveries (one claim per fire, whichever
// replica gets there first) and the documents each subscription has already been sent.

export function createPostgresDeliveries({ query, one, many, iso }: PgQueries): DeliveryStoreMethods {
  return {
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
  };
}
