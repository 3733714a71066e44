import type { Logger } from '../core/logger.ts';

// The degraded store's warnings: a dead database fails every soft operation, so each operation
// logs at most once per interval and counts the rest, reported with its next warning.

export interface WarningLimiter {
  /** At most one warning per operation per interval; the rest are counted. */
  warn(operation: string, error: unknown, message: string): void;
  /** Counts one warning not logged. */
  suppress(operation: string): void;
  /** Starts the operation's interval at `t`: a message about it was just logged elsewhere. */
  logged(operation: string, t: number): void;
  /** Forgets every interval and count (the store is back). */
  reset(): void;
}

export function createWarningLimiter(log: Logger, warnIntervalMs: number, now: () => number): WarningLimiter {
  const lastWarn = new Map<string, number>();
  const suppressed = new Map<string, number>();
  const suppress = (operation: string) => {
    suppressed.set(operation, (suppressed.get(operation) ?? 0) + 1);
  };

  return {
    warn(operation, error, message) {
      const t = now();
      const last = lastWarn.get(operation);
      if (last !== undefined && t - last < warnIntervalMs) {
        suppress(operation);
        return;
      }
      lastWarn.set(operation, t);
      const more = suppressed.get(operation) ?? 0;
      suppressed.delete(operation);
      log.warn({ operation, ...describe(error), suppressed: more }, message);
    },
    suppress,
    logged(operation, t) {
      lastWarn.set(operation, t);
    },
    reset() {
      lastWarn.clear();
      suppressed.clear();
    },
  };
}

/** The error's code and reason for a log line, the reason cut at 200 characters. */
export function describe(error: unknown): Record<string, unknown> {
  const e = error as { code?: unknown; message?: unknown; errors?: Array<{ message?: string }> };
  // A refused dual-stack connect is an AggregateError with an empty message of its own.
  const reason = (typeof e?.message === 'string' && e.message) || e?.errors?.map((x) => x.message).filter(Boolean).join('; ') || String(error);
  return { code: typeof e?.code === 'string' ? e.code : undefined, reason: reason.length > 200 ? `${reason.slice(0, 200)}…` : reason };
}
