import type { MemoryContext } from './memory-context.ts';
import { DEFAULT_DELIVERY_LIMIT, scheduledMs, type DeliveryPatch } from './store-rows.ts';
import type { Delivery, DeliveryStoreMethods } from './store.ts';

// The scheduler's records in the in-memory store: deliveries (one claim per fire) and the
// documents each subscription has already been sent.

type StoredDelivery = Delivery & { scheduledMs: number };

const publicDelivery = ({ scheduledMs: _ms, ...d }: StoredDelivery): Delivery => ({ ...d });
const newestFirst = (a: StoredDelivery, b: StoredDelivery) =>
  b.scheduledMs - a.scheduledMs || (a.fireKey < b.fireKey ? 1 : a.fireKey > b.fireKey ? -1 : 0);

export function createMemoryDeliveries({ iso, open }: MemoryContext): DeliveryStoreMethods {
  const deliveries = new Map<string, StoredDelivery>();
  const seen = new Map<string, Map<string, string>>();

  return {
    async claimDelivery(d) {
      open();
      const ms = scheduledMs(d.scheduledAt);
      if (deliveries.has(d.fireKey)) return false;
      deliveries.set(d.fireKey, {
        fireKey: d.fireKey, subscriptionId: d.subscriptionId, scheduledAt: d.scheduledAt, status: 'claimed',
        attempts: 0, late: d.late, messageId: null, error: null, owner: d.owner, updatedAt: iso(), scheduledMs: ms,
      });
      return true;
    },
    async updateDelivery(fireKey, patch: DeliveryPatch) {
      open();
      const d = deliveries.get(fireKey);
      if (!d) return;
      for (const [k, v] of Object.entries(patch)) {
        if (v !== undefined) (d as unknown as Record<string, unknown>)[k] = v;
      }
      d.updatedAt = iso();
    },
    async getDelivery(fireKey) {
      open();
      const d = deliveries.get(fireKey);
      return d ? publicDelivery(d) : undefined;
    },
    async listDeliveries(subscriptionId, limit = DEFAULT_DELIVERY_LIMIT) {
      open();
      return [...deliveries.values()]
        .filter((d) => d.subscriptionId === subscriptionId)
        .sort(newestFirst)
        .slice(0, Math.max(0, Math.floor(limit)))
        .map(publicDelivery);
    },
    async lastSuccessfulDelivery(subscriptionId) {
      open();
      const d = [...deliveries.values()]
        .filter((x) => x.subscriptionId === subscriptionId && (x.status === 'sent' || x.status === 'skipped'))
        .sort(newestFirst)[0];
      return d ? publicDelivery(d) : undefined;
    },

    async getSeenDocuments(subscriptionId) {
      open();
      return new Map(seen.get(subscriptionId) ?? []);
    },
    async markSeenDocuments(subscriptionId, docs) {
      open();
      const map = seen.get(subscriptionId) ?? new Map<string, string>();
      for (const [docId, hash] of docs) map.set(docId, hash);
      seen.set(subscriptionId, map);
    },
  };
}
