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
import type { Logger } from '../core/logger.ts';
import { createBreaker } from './degraded-breaker.ts';
import { createDegradedClaims } from './degraded-claims.ts';
import { createStrictPassThrough } from './degraded-pass-through.ts';
import { createDegradedUsage } from './degraded-usage.ts';
import type { Store } from './store.ts';

export { STORE_UNAVAILABLE, StoreUnavailableError } from './store-unavailable.ts';

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
  const now = options.now ?? (() => performance.now());
  const breaker = createBreaker({
    log: logger.child({ component: 'degraded-store' }),
    timeoutMs: options.timeoutMs ?? 1500,
    retryAfterMs: options.retryAfterMs ?? 5000,
    warnIntervalMs: options.warnIntervalMs ?? 60_000,
    tripAfterTimeouts: Math.max(1, options.tripAfterTimeouts ?? 3),
    now,
    onStateChange: (state) => options.onStateChange?.(state),
  });
  const { soft } = breaker;

  return {
    get kind() {
      return store.kind;
    },
    get degraded() {
      return breaker.down;
    },

    ping: () => store.ping(),
    close: () => store.close(),

    cacheGet: <T = unknown>(key: string) => soft<T | undefined>('cacheGet', () => store.cacheGet<T>(key), () => undefined),
    cacheSet: (key, value, ttlMs) => soft('cacheSet', () => store.cacheSet(key, value, ttlMs), () => undefined),

    ...createDegradedClaims(store, soft, now),

    getConversation: (id) => soft('getConversation', () => store.getConversation(id), () => undefined),
    putConversation: (id, state) => soft('putConversation', () => store.putConversation(id, state), () => undefined),
    appendTurn: (id, turn, maxTurns) => soft('appendTurn', () => store.appendTurn(id, turn, maxTurns), () => undefined),

    ...createDegradedUsage(store, soft),
    ...createStrictPassThrough(store),
  };
}
