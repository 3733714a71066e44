// The one persistence contract. SQLite (default), PostgreSQL (replicas) and the in-memory store
// all pass the same suite in test/contract/store-contract.ts.
import type { ConversationState } from '../briefing/service-types.ts';
import type { Turn } from '../engines/engine-types.ts';
import type { Subscription } from '../scheduler/digest-types.ts';
import type { FeedSource, FeedState, StoredArticle } from '../feeds/feed-types.ts';

export type DeliveryStatus = 'claimed' | 'sent' | 'failed' | 'skipped' | 'missed' | 'unknown';

export interface Delivery {
  /** `${subscriptionId}@${scheduledAt ISO}`: one fire of one subscription. */
  fireKey: string;
  subscriptionId: string;
  scheduledAt: string;
  status: DeliveryStatus;
  attempts: number;
  late: boolean;
  messageId: string | null;
  error: string | null;
  /** Replica/owner that claimed it. */
  owner: string | null;
  updatedAt: string;
}

export interface AuditEntry {
  at: string;
  actor: string | null;
  action: 'subscribe' | 'unsubscribe' | 'config-sync' | 'feed-add' | 'feed-remove';
  /** The subscription's id; for 'feed-add' and 'feed-remove' the feed source's id. */
  subscriptionId: string;
  detail: Record<string, unknown>;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres' | 'memory';

  /** Round trip to the backing database (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;

  // ── cache (briefs, map-step notes). Values are JSON-serialisable. ──
  cacheGet<T = unknown>(key: string): Promise<T | undefined>;
  cacheSet(key: string, value: unknown, ttlMs?: number): Promise<void>;

  // ── claims: the first caller for a key wins until the ttl passes (fires, event dedupe, locks). ──
  /** True when this owner now holds `key`; false when someone else holds an unexpired claim. */
  claim(key: string, owner: string, ttlMs: number): Promise<boolean>;
  release(key: string, owner: string): Promise<void>;

  // ── conversation memory ──
  getConversation(id: string): Promise<ConversationState | undefined>;
  putConversation(id: string, state: ConversationState): Promise<void>;
  /** Appends a turn, keeping at most `maxTurns` (oldest dropped). Creates the conversation if absent. */
  appendTurn(id: string, turn: Turn, maxTurns: number): Promise<void>;

  // ── token usage per UTC day ──
  addUsage(day: string, tokens: number): Promise<number>;
  getUsage(day: string): Promise<number>;

  // ── subscriptions ──
  /** Inserts or replaces by id; writes an audit entry. */
  putSubscription(sub: Subscription, actor: string | null): Promise<void>;
  getSubscription(id: string): Promise<Subscription | undefined>;
  listSubscriptions(filter?: { conversationId?: string; platform?: string }): Promise<Subscription[]>;
  /** Removes; writes an audit entry. False when it did not exist. */
  deleteSubscription(id: string, actor: string | null): Promise<boolean>;
  listAudit(subscriptionId?: string): Promise<AuditEntry[]>;

  // ── deliveries (one row per fire) ──
  /** Inserts the fire as `claimed` by `owner` when no row exists. True when this caller created it. */
  claimDelivery(d: { fireKey: string; subscriptionId: string; scheduledAt: string; late: boolean; owner: string }): Promise<boolean>;
  updateDelivery(fireKey: string, patch: Partial<Pick<Delivery, 'status' | 'attempts' | 'messageId' | 'error' | 'owner'>>): Promise<void>;
  getDelivery(fireKey: string): Promise<Delivery | undefined>;
  listDeliveries(subscriptionId: string, limit?: number): Promise<Delivery[]>;
  /** Latest delivery with status `sent` (or `skipped`), for "what is new since". */
  lastSuccessfulDelivery(subscriptionId: string): Promise<Delivery | undefined>;

  // ── what each subscription has already seen: document id → content hash ──
  getSeenDocuments(subscriptionId: string): Promise<Map<string, string>>;
  markSeenDocuments(subscriptionId: string, docs: ReadonlyMap<string, string>): Promise<void>;

  // ── feeds ──
  /** Inserts or replaces by id; writes an audit entry (action 'feed-add', subscriptionId = the feed id). */
  putFeedSource(source: FeedSource, actor: string | null): Promise<void>;
  /** Oldest first (addedAt, then id). */
  listFeedSources(): Promise<FeedSource[]>;
  getFeedSource(id: string): Promise<FeedSource | undefined>;
  /** Removes; audit 'feed-remove'. False when it did not exist. */
  deleteFeedSource(id: string, actor: string | null): Promise<boolean>;
  getFeedState(sourceId: string): Promise<FeedState | undefined>;
  putFeedState(state: FeedState): Promise<void>;

  // ── articles fetched from feeds (shared by replicas; survive restarts) ──
  /**
   * Inserts, or replaces the article with the same id. 'duplicate' (nothing stored) when an
   * article with another id has the same contentHash: the same story under two URLs is kept once.
   */
  putArticle(article: StoredArticle): Promise<'inserted' | 'updated' | 'duplicate'>;
  getArticle(id: string): Promise<StoredArticle | undefined>;
  /** Which of these ids are stored (an article page is never fetched twice). */
  knownArticles(ids: readonly string[]): Promise<Set<string>>;
  /** Articles with updatedAt after `updatedAfter` (exclusive; all when absent), oldest update first, then id; at most `limit`. */
  listArticles(options?: { updatedAfter?: string; limit?: number }): Promise<StoredArticle[]>;
  /** Deletes articles fetched before `before` (ISO); returns how many. */
  pruneArticles(before: string): Promise<number>;
}

/** The parts of the Store that each backend builds in a file of its own. */
export type KeyedStoreMethods = Pick<Store, 'cacheGet' | 'cacheSet' | 'claim' | 'release' | 'addUsage' | 'getUsage'>;
export type ConversationStoreMethods = Pick<Store, 'getConversation' | 'putConversation' | 'appendTurn'>;
export type SubscriptionStoreMethods = Pick<Store,
  'putSubscription' | 'getSubscription' | 'listSubscriptions' | 'deleteSubscription' | 'listAudit'>;
export type DeliveryStoreMethods = Pick<Store,
  'claimDelivery' | 'updateDelivery' | 'getDelivery' | 'listDeliveries' | 'lastSuccessfulDelivery'
  | 'getSeenDocuments' | 'markSeenDocuments'>;
export type FeedSourceStoreMethods = Pick<Store,
  'putFeedSource' | 'listFeedSources' | 'getFeedSource' | 'deleteFeedSource' | 'getFeedState' | 'putFeedState'>;
export type ArticleStoreMethods = Pick<Store, 'putArticle' | 'getArticle' | 'knownArticles' | 'listArticles' | 'pruneArticles'>;

/** The feed and article part of the Store, which each backend builds in its own file. */
export type FeedStoreMethods = FeedSourceStoreMethods & ArticleStoreMethods;
