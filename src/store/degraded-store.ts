// The store as the command path sees it. When the database is unreachable mid-run, a command
// should cost quality, not go unanswered: operations that only make answers better (the brief
// cache, thread memory, event dedupe) fail soft, each with a rate-limited warning, and the token
// budget fails *closed* (usage unknown → no language model calls → the offline engine answers).
//
// Never give this store to the digest scheduler: its claims and delivery rows must stay strict,
// so a fire the database could not record is retried on a later sweep instead of being posted
// twice. Subscriptions, deliveries, seen documents, feed sources, feed states, articles, ping and
// close pass straight through: a feed added from chat must be stored or refused, never dropped.
//
// A short circuit breaker keeps a dead database from costing every command a timeout per call:
// after a failure, soft operations skip the database for `retryAfterMs`, then try again.
import { BriefbotError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import type { Store } from './store.ts';

/** Code of the error the degraded store throws where it cannot answer softly (the token budget). */
export const STORE_UNAVAILABLE = 'store_unavailable';

export class StoreUnavailableError extends BriefbotError {
  constructor(operation: string, options?: { cause?: unknown }) {
    super(STORE_UNAVAILABLE, `The database is unreachable (${operation})`, options);
  }
}

/** A soft operation that did not answer within the timeout. */
class SlowStoreError extends StoreUnavailableError {}

export interface DegradedStoreOptions {
  /** A soft operation taking longer than this counts as failed (default 1500 ms). */
  timeoutMs?: number;
  /** After a failure, soft operations skip the database for this long (default 5000 ms). */
  retryAfterMs?: number;
  /** At most one warning per operation this often (default 60 s); the rest are counted. */
  warnIntervalMs?: number;
  /** Timeouts in a row (no success between) that count as an outage (default 3); an error counts at once. */
  tripAfterTimeouts?: number;
  /** Monotonic milliseconds (default performance.now). */
  now?: () => number;
  /** Observes going down and coming back (metrics, readiness). */
  onStateChange?: (state: 'down' | 'up') => void;
}

export interface DegradedStore extends Store {
  /** True while the database is considered unreachable. */
  readonly degraded: boolean;
  /** Tokens spent while the database was down, not yet added to the day's count. */
  pendingUsage(day: string): number;
}

export function createDegradedStore(store: Store, logger: Logger, options: DegradedStoreOptions = {}): DegradedStore {
  const log = logger.child({ component: 'degraded-store' });
  const timeoutMs = options.timeoutMs ?? 1500;
  const retryAfterMs = options.retryAfterMs ?? 5000;
  const warnIntervalMs = options.warnIntervalMs ?? 60_000;
  const tripAfterTimeouts = Math.max(1, options.tripAfterTimeouts ?? 3);
  const now = options.now ?? (() => performance.now());

  let down = false;
  let downSince = 0;
  let retryAt = 0;
  let softFailures = 0;
  let timeoutsInARow = 0;
  const lastWarn = new Map<string, number>();
  const suppressed = new Map<string, number>();
  /** Claims made while the database was down (event dedupe within this process), bounded. */
  const localClaims = new Map<string, { owner: string; expiresAt: number }>();
  const maxLocalClaims = 10_000;
  /** Tokens spent while the count could not be written: added with the next write that works. */
  const pending = new Map<string, number>();

  function changed(state: 'down' | 'up'): void {
    try {
      options.onStateChange?.(state);
    } catch {
      // An observer must never change an answer.
    }
  }

  function failed(operation: string, error: unknown): void {
    const t = now();
    softFailures++;
    // A slow answer under load is not an outage: one timeout costs only that operation. Timeouts
    // in a row with no success between them (a partition), or any error, open the breaker.
    if (!down && error instanceof SlowStoreError && ++timeoutsInARow < tripAfterTimeouts) {
      warn(operation, error, 'store slow: answering this one without it');
      return;
    }
    retryAt = t + retryAfterMs;
    if (!down) {
      down = true;
      downSince = t;
      lastWarn.set(operation, t);
      log.error({ operation, ...describe(error) }, 'store unreachable: commands are answered without cache, thread memory, event dedupe or the language model until it is back');
      changed('down');
      return;
    }
    warn(operation, error, 'store still unreachable; answering without it');
  }

  /** At most one warning per operation per interval; the rest are counted. */
  function warn(operation: string, error: unknown, message: string): void {
    const t = now();
    const last = lastWarn.get(operation);
    if (last !== undefined && t - last < warnIntervalMs) {
      suppressed.set(operation, (suppressed.get(operation) ?? 0) + 1);
      return;
    }
    lastWarn.set(operation, t);
    const more = suppressed.get(operation) ?? 0;
    suppressed.delete(operation);
    log.warn({ operation, ...describe(error), suppressed: more }, message);
  }

  function recovered(): void {
    timeoutsInARow = 0;
    if (!down) return;
    const t = now();
    log.info({ downMs: Math.round(t - downSince), softFailures }, 'store reachable again');
    down = false;
    softFailures = 0;
    lastWarn.clear();
    suppressed.clear();
    changed('up');
  }

  /** Runs `work` against the database, or returns `fallback()` when it is down, fails or is too slow. */
  async function soft<T>(operation: string, work: () => Promise<T>, fallback: () => T): Promise<T> {
    if (down && now() < retryAt) {
      softFailures++;
      suppressed.set(operation, (suppressed.get(operation) ?? 0) + 1);
      return fallback();
    }
    let value: T;
    try {
      value = await withTimeout(work(), timeoutMs, operation);
    } catch (error) {
      failed(operation, error);
      return fallback();
    }
    recovered();
    return value;
  }

  function carry(day: string): number {
    return pending.get(day) ?? 0;
  }

  function settle(day: string, carried: number): void {
    const left = carry(day) - carried;
    if (left > 0) pending.set(day, left);
    else pending.delete(day);
  }

  function budgetUnknown(operation: string): never {
    // Fails closed: without the day's count the language model could overspend, so the engine
    // falls back to the offline one (with a note saying why).
    throw new StoreUnavailableError(operation);
  }

  return {
    get kind() {
      return store.kind;
    },
    get degraded() {
      return down;
    },
    pendingUsage: (day) => carry(day),

    ping: () => store.ping(),
    close: () => store.close(),

    cacheGet: <T = unknown>(key: string) => soft<T | undefined>('cacheGet', () => store.cacheGet<T>(key), () => undefined),
    cacheSet: (key, value, ttlMs) => soft('cacheSet', () => store.cacheSet(key, value, ttlMs), () => undefined),

    // Event dedupe. While the database is down, claims are kept in this process: a retry that
    // reaches the same replica is still answered once; one that reaches another replica may be
    // answered twice — better than never.
    async claim(key, owner, ttlMs) {
      const held = localClaims.get(key);
      if (held && held.expiresAt > now() && held.owner !== owner) return false;
      const claimed = await soft<boolean | null>('claim', () => store.claim(key, owner, ttlMs), () => null);
      if (claimed !== null) return claimed;
      if (held && held.expiresAt > now()) return held.owner === owner;
      localClaims.delete(key);
      localClaims.set(key, { owner, expiresAt: now() + ttlMs });
      // Map order is insertion order: the first entries are the oldest.
      while (localClaims.size > maxLocalClaims) localClaims.delete(localClaims.keys().next().value as string);
      return true;
    },
    async release(key, owner) {
      if (localClaims.get(key)?.owner === owner) localClaims.delete(key);
      await soft('release', () => store.release(key, owner), () => undefined);
    },

    getConversation: (id) => soft('getConversation', () => store.getConversation(id), () => undefined),
    putConversation: (id, state) => soft('putConversation', () => store.putConversation(id, state), () => undefined),
    appendTurn: (id, turn, maxTurns) => soft('appendTurn', () => store.appendTurn(id, turn, maxTurns), () => undefined),

    async addUsage(day, tokens) {
      const carried = carry(day);
      const attempt: { write?: Promise<number> } = {};
      const total = await soft<number | null>('addUsage', () => (attempt.write = store.addUsage(day, tokens + carried)), () => null);
      if (total !== null) {
        settle(day, carried);
        return total;
      }
      // Spent is spent: remembered here and added to the day's count once the database is back.
      pending.set(day, carry(day) + tokens);
      // A write that lands after the timeout was counted after all: don't count it twice.
      attempt.write?.then(() => settle(day, carried + tokens), () => undefined);
      return carry(day);
    },
    async getUsage(day) {
      const carried = carry(day);
      const attempt: { write?: Promise<number> } = {};
      const total = await soft<number | null>('getUsage', () => (carried > 0 ? (attempt.write = store.addUsage(day, carried)) : store.getUsage(day)), () => null);
      if (total === null) {
        attempt.write?.then(() => settle(day, carried), () => undefined);
        return budgetUnknown('getUsage');
      }
      if (carried > 0) settle(day, carried);
      return total;
    },

    putSubscription: (sub, actor) => store.putSubscription(sub, actor),
    getSubscription: (id) => store.getSubscription(id),
    listSubscriptions: (filter) => store.listSubscriptions(filter),
    deleteSubscription: (id, actor) => store.deleteSubscription(id, actor),
    listAudit: (subscriptionId) => store.listAudit(subscriptionId),
    claimDelivery: (d) => store.claimDelivery(d),
    updateDelivery: (fireKey, patch) => store.updateDelivery(fireKey, patch),
    getDelivery: (fireKey) => store.getDelivery(fireKey),
    listDeliveries: (subscriptionId, limit) => store.listDeliveries(subscriptionId, limit),
    lastSuccessfulDelivery: (subscriptionId) => store.lastSuccessfulDelivery(subscriptionId),
    getSeenDocuments: (subscriptionId) => store.getSeenDocuments(subscriptionId),
    markSeenDocuments: (subscriptionId, docs) => store.markSeenDocuments(subscriptionId, docs),
    putFeedSource: (source, actor) => store.putFeedSource(source, actor),
    listFeedSources: () => store.listFeedSources(),
    getFeedSource: (id) => store.getFeedSource(id),
    deleteFeedSource: (id, actor) => store.deleteFeedSource(id, actor),
    getFeedState: (sourceId) => store.getFeedState(sourceId),
    putFeedState: (state) => store.putFeedState(state),
    putArticle: (article) => store.putArticle(article),
    getArticle: (id) => store.getArticle(id),
    knownArticles: (ids) => store.knownArticles(ids),
    listArticles: (options) => store.listArticles(options),
    pruneArticles: (before) => store.pruneArticles(before),
  };
}

/** Rejects after `ms`; the slow operation's own outcome is then ignored (never an unhandled rejection). */
function withTimeout<T>(work: Promise<T>, ms: number, operation: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SlowStoreError(`${operation} took longer than ${ms} ms`)), ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): Record<string, unknown> {
  const e = error as { code?: unknown; message?: unknown; errors?: Array<{ message?: string }> };
  // A refused dual-stack connect is an AggregateError with an empty message of its own.
  const reason = (typeof e?.message === 'string' && e.message) || e?.errors?.map((x) => x.message).filter(Boolean).join('; ') || String(error);
  return { code: typeof e?.code === 'string' ? e.code : undefined, reason: reason.length > 200 ? `${reason.slice(0, 200)}…` : reason };
}
