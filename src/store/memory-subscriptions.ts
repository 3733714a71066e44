import type { Subscription } from '../scheduler/digest-types.ts';
import type { MemoryContext } from './memory-context.ts';
import { copy } from './memory-values.ts';
import { putAuditAction, subscriptionAuditDetail } from './store-rows.ts';
import type { SubscriptionStoreMethods } from './store.ts';

// Subscriptions of the in-memory store and their entries in the store's audit log.

export function createMemorySubscriptions({ audit, iso, open }: MemoryContext): SubscriptionStoreMethods {
  const subscriptions = new Map<string, Subscription>();

  return {
    async putSubscription(sub, actor) {
      open();
      subscriptions.set(sub.id, { ...sub });
      audit.push({ at: iso(), actor, action: putAuditAction(sub), subscriptionId: sub.id, detail: subscriptionAuditDetail(sub) });
    },
    async getSubscription(id) {
      open();
      const sub = subscriptions.get(id);
      return sub ? { ...sub } : undefined;
    },
    async listSubscriptions(filter = {}) {
      open();
      return [...subscriptions.values()]
        .filter((s) => (filter.conversationId === undefined || s.conversationId === filter.conversationId)
          && (filter.platform === undefined || s.platform === filter.platform))
        .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((s) => ({ ...s }));
    },
    async deleteSubscription(id, actor) {
      open();
      const sub = subscriptions.get(id);
      if (!sub) return false;
      subscriptions.delete(id);
      audit.push({ at: iso(), actor, action: 'unsubscribe', subscriptionId: id, detail: subscriptionAuditDetail(sub) });
      return true;
    },
    async listAudit(subscriptionId) {
      open();
      return audit.filter((a) => subscriptionId === undefined || a.subscriptionId === subscriptionId).map(copy);
    },
  };
}
