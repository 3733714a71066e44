// In-memory Store: for tests and as the reference semantics the database stores must match
// (test/contract/store-contract.ts runs the same cases against all three).
import { systemClock } from '../core/clock.ts';
import { BriefbotError } from '../core/errors.ts';
import type { ConversationState } from '../briefing/service-types.ts';
import type { Clock } from '../core/clock.ts';
import type { Subscription } from '../scheduler/digest-types.ts';
import { normalizeConversation, withTurn } from './conversation-turns.ts';
import { createMemoryFeeds } from './memory-feeds.ts';
import {
  DEFAULT_DELIVERY_LIMIT, cacheJson, putAuditAction, scheduledMs, subscriptionAuditDetail, type DeliveryPatch,
} from './store-rows.ts';
import type { AuditEntry, Delivery, Store } from './store.ts';

export interface MemoryStoreOptions {
  clock?: Clock;
}

/** Values go in and out as JSON copies, so callers mutating them cannot change what is stored (as with a database). */
function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  const clock = options.clock ?? systemClock;
  const cache = new Map<string, { json: string; expiresAt: number | null }>();
  const claims = new Map<string, { owner: string; expiresAt: number }>();
  const conversations = new Map<string, ConversationState>();
  const usage = new Map<string, number>();
  const subscriptions = new Map<string, Subscription>();
  const audit: AuditEntry[] = [];
  const deliveries = new Map<string, Delivery & { scheduledMs: number }>();
  const seen = new Map<string, Map<string, string>>();
  let closed = false;

  const now = () => clock.now().getTime();
  const iso = () => clock.now().toISOString();
  const open = () => {
    if (closed) throw new BriefbotError('store_closed', 'The store is closed');
  };
  const publicDelivery = ({ scheduledMs: _ms, ...d }: Delivery & { scheduledMs: number }): Delivery => ({ ...d });
  const newestFirst = (a: Delivery & { scheduledMs: number }, b: Delivery & { scheduledMs: number }) =>
    b.scheduledMs - a.scheduledMs || (a.fireKey < b.fireKey ? 1 : a.fireKey > b.fireKey ? -1 : 0);

  return {
    kind: 'memory',

    async ping() { open(); },
    async close() { closed = true; },

    async cacheGet<T = unknown>(key: string): Promise<T | undefined> {
      open();
      const entry = cache.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt !== null && entry.expiresAt <= now()) {
        cache.delete(key);
        return undefined;
      }
      return JSON.parse(entry.json) as T;
    },
    async cacheSet(key, value, ttlMs) {
      open();
      cache.set(key, { json: cacheJson(value), expiresAt: ttlMs === undefined ? null : now() + ttlMs });
    },

    async claim(key, owner, ttlMs) {
      open();
      const t = now();
      const held = claims.get(key);
      if (held && held.expiresAt > t && held.owner !== owner) return false;
      claims.set(key, { owner, expiresAt: t + ttlMs });
      return true;
    },
    async release(key, owner) {
      open();
      if (claims.get(key)?.owner === owner) claims.delete(key);
    },

    async getConversation(id) {
      open();
      const state = conversations.get(id);
      return state ? normalizeConversation(copy(state)) : undefined;
    },
    async putConversation(id, state) {
      open();
      conversations.set(id, copy(state));
    },
    async appendTurn(id, turn, maxTurns) {
      open();
      conversations.set(id, withTurn(conversations.get(id), copy(turn), maxTurns));
    },

    async addUsage(day, tokens) {
      open();
      const total = (usage.get(day) ?? 0) + tokens;
      usage.set(day, total);
      return total;
    },
    async getUsage(day) {
      open();
      return usage.get(day) ?? 0;
    },

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

    ...createMemoryFeeds({ audit, iso, open }),
  };
}
