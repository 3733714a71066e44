import type { Logger } from '../core/logger.ts';
import { createWarningLimiter, describe } from './degraded-warnings.ts';
import { StoreUnavailableError } from './store-unavailable.ts';

// The circuit breaker behind the degraded store's soft operations: whether the database is
// down as the last operations saw it, and when to try it again.

/** A soft operation that did not answer within the timeout. */
class SlowStoreError extends StoreUnavailableError {}

/** Runs `work` against the database, or returns `fallback()` when it is down, fails or is too slow. */
export type Soft = <T>(operation: string, work: () => Promise<T>, fallback: () => T) => Promise<T>;

export interface BreakerSettings {
  log: Logger;
  timeoutMs: number;
  retryAfterMs: number;
  warnIntervalMs: number;
  tripAfterTimeouts: number;
  now: () => number;
  onStateChange?: (state: 'down' | 'up') => void;
}

export interface Breaker {
  soft: Soft;
  /** True while the database is considered unreachable. */
  readonly down: boolean;
}

export function createBreaker(settings: BreakerSettings): Breaker {
  const { log, timeoutMs, retryAfterMs, tripAfterTimeouts, now } = settings;
  const warnings = createWarningLimiter(log, settings.warnIntervalMs, now);
  let down = false;
  let downSince = 0;
  let retryAt = 0;
  let softFailures = 0;
  let timeoutsInARow = 0;

  function changed(state: 'down' | 'up'): void {
    try {
      settings.onStateChange?.(state);
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
      warnings.warn(operation, error, 'store slow: answering this one without it');
      return;
    }
    retryAt = t + retryAfterMs;
    if (!down) {
      down = true;
      downSince = t;
      warnings.logged(operation, t);
      log.error({ operation, ...describe(error) }, 'store unreachable: commands are answered without cache, thread memory, event dedupe or the language model until it is back');
      changed('down');
      return;
    }
    warnings.warn(operation, error, 'store still unreachable; answering without it');
  }

  function recovered(): void {
    timeoutsInARow = 0;
    if (!down) return;
    const t = now();
    log.info({ downMs: Math.round(t - downSince), softFailures }, 'store reachable again');
    down = false;
    softFailures = 0;
    warnings.reset();
    changed('up');
  }

  async function soft<T>(operation: string, work: () => Promise<T>, fallback: () => T): Promise<T> {
    if (down && now() < retryAt) {
      softFailures++;
      warnings.suppress(operation);
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

  return {
    soft,
    get down() {
      return down;
    },
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
