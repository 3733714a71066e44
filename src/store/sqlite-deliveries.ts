import { DEFAULT_DELIVERY_LIMIT, deliveryPatchColumns, rowToDelivery, scheduledMs } from './store-rows.ts';
import type { SqliteQueries } from './sqlite-queries.ts';
import type { DeliveryStoreMethods } from './store.ts';

// The scheduler's records in the SQLite store: deliveries (one claim per fire, whichever process
// gets there first) and the documents each subscription has already been sent.

export function createSqliteDeliveries({ run, get, all, transaction, iso }: SqliteQueries): DeliveryStoreMethods {
  return {
    async claimDelivery(d) {
      const result = run(
        `INSERT INTO deliveries (fire_key, subscription_id, scheduled_at, scheduled_ms, status, attempts, late, message_id, error, owner, updated_at)
         VALUES (?, ?, ?, ?, 'claimed', 0, ?, NULL, NULL, ?, ?)
         ON CONFLICT (fire_key) DO NOTHING`,
        d.fireKey, d.subscriptionId, d.scheduledAt, scheduledMs(d.scheduledAt), d.late ? 1 : 0, d.owner, iso(),
      );
      return Number(result.changes) === 1;
    },
    async updateDelivery(fireKey, patch) {
      const columns = deliveryPatchColumns(patch);
      const sets = [...columns.map(([column]) => `${column} = ?`), 'updated_at = ?'];
      run(`UPDATE deliveries SET ${sets.join(', ')} WHERE fire_key = ?`, ...columns.map(([, v]) => v), iso(), fireKey);
    },
    async getDelivery(fireKey) {
      const row = get('SELECT * FROM deliveries WHERE fire_key = ?', fireKey);
      return row ? rowToDelivery(row) : undefined;
    },
    async listDeliveries(subscriptionId, limit = DEFAULT_DELIVERY_LIMIT) {
      const rows = all(
        'SELECT * FROM deliveries WHERE subscription_id = ? ORDER BY scheduled_ms DESC, fire_key DESC LIMIT ?',
        subscriptionId, Math.max(0, Math.floor(limit)),
      );
      return rows.map(rowToDelivery);
    },
    async lastSuccessfulDelivery(subscriptionId) {
      const row = get(
        `SELECT * FROM deliveries WHERE subscription_id = ? AND status IN ('sent', 'skipped')
         ORDER BY scheduled_ms DESC, fire_key DESC LIMIT 1`,
        subscriptionId,
      );
      return row ? rowToDelivery(row) : undefined;
    },

    async getSeenDocuments(subscriptionId) {
      const rows = all('SELECT doc_id, hash FROM seen_documents WHERE subscription_id = ?', subscriptionId);
      return new Map(rows.map((r) => [String(r.doc_id), String(r.hash)]));
    },
    async markSeenDocuments(subscriptionId, docs) {
      if (docs.size === 0) return;
      transaction(() => {
        for (const [docId, hash] of docs) {
          run(
            'INSERT INTO seen_documents (subscription_id, doc_id, hash) VALUES (?, ?, ?) ON CONFLICT (subscription_id, doc_id) DO UPDATE SET hash = excluded.hash',
            subscriptionId, docId, hash,
          );
        }
      });
    },
  };
}
