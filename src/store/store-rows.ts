// Row ↔ object mapping shared by the SQLite and PostgreSQL stores. Both use the same column
// names; they differ in how booleans and 64-bit integers come back (0/1 vs true/false, number vs
// string), so every reader normalises.
import type { BriefLength } from '../engines/engine-types.ts';
import type { Subscription } from '../scheduler/digest-types.ts';
import type { AuditEntry, Delivery, DeliveryStatus } from './store.ts';

export type Row = Record<string, unknown>;

/** What the audit log records about a subscription (on subscribe, config sync and unsubscribe). */
export function subscriptionAuditDetail(sub: Subscription): Record<string, unknown> {
  return {
    platform: sub.platform,
    conversationId: sub.conversationId,
    topic: sub.topic,
    cron: sub.cron,
    timezone: sub.timezone,
    length: sub.length,
    postWhenEmpty: sub.postWhenEmpty,
    source: sub.source,
  };
}

/** Config-owned subscriptions are written by the config sync, not by a person subscribing. */
export function putAuditAction(sub: Subscription): AuditEntry['action'] {
  return sub.source === 'config' ? 'config-sync' : 'subscribe';
}

/** Column values in table order; SQLite has no boolean type, so it takes 0/1 (`booleans: 'int'`). */
export function subscriptionParams(sub: Subscription, booleans: 'int' | 'bool'): Array<string | number | boolean | null> {
  return [
    sub.id, sub.platform, sub.conversationId, sub.topic, sub.cron, sub.timezone, sub.length,
    booleans === 'int' ? (sub.postWhenEmpty ? 1 : 0) : sub.postWhenEmpty, sub.source, sub.createdBy, sub.createdAt,
  ];
}

export function rowToSubscription(row: Row): Subscription {
  return {
    id: String(row.id),
    platform: String(row.platform),
    conversationId: String(row.conversation_id),
    topic: String(row.topic),
    cron: String(row.cron),
    timezone: String(row.timezone),
    length: String(row.length) as BriefLength,
    postWhenEmpty: Boolean(row.post_when_empty),
    source: String(row.source) as Subscription['source'],
    createdBy: row.created_by == null ? null : String(row.created_by),
    createdAt: String(row.created_at),
  };
}

export function rowToDelivery(row: Row): Delivery {
  return {
    fireKey: String(row.fire_key),
    subscriptionId: String(row.subscription_id),
    scheduledAt: String(row.scheduled_at),
    status: String(row.status) as DeliveryStatus,
    attempts: Number(row.attempts),
    late: Boolean(row.late),
    messageId: row.message_id == null ? null : String(row.message_id),
    error: row.error == null ? null : String(row.error),
    owner: row.owner == null ? null : String(row.owner),
    updatedAt: String(row.updated_at),
  };
}

export function rowToAudit(row: Row): AuditEntry {
  const detail = typeof row.detail === 'string' ? JSON.parse(row.detail) : row.detail;
  return {
    at: String(row.at),
    actor: row.actor == null ? null : String(row.actor),
    action: String(row.action) as AuditEntry['action'],
    subscriptionId: String(row.subscription_id),
    detail: (detail ?? {}) as Record<string, unknown>,
  };
}

/** Epoch ms of a fire's scheduled time: deliveries are ordered by it, not by string comparison. */
export function scheduledMs(scheduledAt: string): number {
  const ms = Date.parse(scheduledAt);
  if (Number.isNaN(ms)) throw new TypeError(`scheduledAt is not an ISO time: ${JSON.stringify(scheduledAt)}`);
  return ms;
}

/** Serialises a cache value; undefined (and functions) have no JSON form, so they are refused. */
export function cacheJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('cache values must be JSON-serialisable (got undefined)');
  return json;
}

/** Columns `updateDelivery` may change, mapped from Delivery field names. */
export const DELIVERY_PATCH_COLUMNS = {
  status: 'status',
  attempts: 'attempts',
  messageId: 'message_id',
  error: 'error',
  owner: 'owner',
} as const;

export type DeliveryPatch = Partial<Pick<Delivery, 'status' | 'attempts' | 'messageId' | 'error' | 'owner'>>;

/** The [column, value] pairs of a patch, skipping keys that are absent or undefined. */
export function deliveryPatchColumns(patch: DeliveryPatch): Array<[string, string | number | null]> {
  const out: Array<[string, string | number | null]> = [];
  for (const [field, column] of Object.entries(DELIVERY_PATCH_COLUMNS)) {
    const value = (patch as Record<string, unknown>)[field];
    if (value === undefined) continue;
    out.push([column, value as string | number | null]);
  }
  return out;
}

export const DEFAULT_DELIVERY_LIMIT = 50;

/** Expired cache entries and claims are purged at most this often (by the store's clock). */
export const PURGE_INTERVAL_MS = 10 * 60_000;
