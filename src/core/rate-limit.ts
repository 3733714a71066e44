import type { Clock } from './clock.ts';

export interface RateLimiter {
  /** True when the key may act now (and counts the action). */
  take(key: string): boolean;
  /** Seconds until the key may act again. */
  retryAfter(key: string): number;
}

/** Sliding-window limit per key, in memory: per-replica is enough for a courtesy limit. */
export function createRateLimiter(options: { limit: number; windowMs: number; clock: Clock }): RateLimiter {
  const hits = new Map<string, number[]>();
  const recent = (key: string, now: number) => {
    const list = (hits.get(key) ?? []).filter((t) => now - t < options.windowMs);
    if (list.length) hits.set(key, list);
    else hits.delete(key);
    return list;
  };
  return {
    take(key) {
      if (options.limit <= 0) return true;
      const now = options.clock.now().getTime();
      const list = recent(key, now);
      if (list.length >= options.limit) return false;
      list.push(now);
      hits.set(key, list);
      return true;
    },
    retryAfter(key) {
      const now = options.clock.now().getTime();
      const list = recent(key, now);
      if (list.length < options.limit || !list.length) return 0;
      return Math.ceil((options.windowMs - (now - list[0])) / 1000);
    },
  };
}
