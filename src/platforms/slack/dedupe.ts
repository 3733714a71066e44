// Slack redelivers an event when it did not see our ack in time (`X-Slack-Retry-Num`, or
// `retry_attempt` in Socket Mode) and, rarely, delivers one twice. Each event id is processed
// once: through the store's `firstSeen` when several replicas share the work, else in memory.
import type { Logger } from '../../core/logger.ts';

export interface Dedupe {
  /** True the first time `key` is seen. */
  firstSeen(key: string): Promise<boolean>;
}

export interface DedupeOptions {
  /** Shared across replicas (store-backed); when absent an in-memory LRU is used. */
  firstSeen?: (key: string) => Promise<boolean>;
  /** In-memory entries kept (oldest evicted first). */
  max?: number;
  /** In-memory entries expire after this long (Slack retries within about 5 minutes). */
  ttlMs?: number;
  now?: () => number;
}

export function createDedupe(options: DedupeOptions = {}): Dedupe {
  if (options.firstSeen) {
    const shared = options.firstSeen;
    return { firstSeen: (key) => shared(key) };
  }
  const max = options.max ?? 10_000;
  const ttlMs = options.ttlMs ?? 60 * 60 * 1000;
  const now = options.now ?? Date.now;
  const seen = new Map<string, number>();
  return {
    async firstSeen(key) {
      const t = now();
      const at = seen.get(key);
      if (at !== undefined && t - at < ttlMs) return false;
      seen.delete(key);
      seen.set(key, t);
      // Map keeps insertion order: the first entries are the oldest.
      while (seen.size > max) seen.delete(seen.keys().next().value as string);
      return true;
    },
  };
}

/**
 * The platform's one dedupe point: Slack event ids and slash command replay keys are claimed
 * here, before anything reaches the core (which no longer de-duplicates).
 */
export interface DeliveryGate {
  /** True for the first delivery of this Events API event id. */
  event(eventId: string): Promise<boolean>;
  /** True for the first delivery of this slash command (its replay key, command-replay.ts). */
  command(replayKey: string): Promise<boolean>;
}

export function createDeliveryGate(options: { dedupe: Dedupe; logger: Logger }): DeliveryGate {
  async function claim(key: string): Promise<boolean> {
    try {
      return await options.dedupe.firstSeen(key);
    } catch (error) {
      // Fail open: a store hiccup may cost a duplicate answer, never a missing one.
      options.logger.warn({ err: error, key }, 'slack event dedupe failed; processing anyway');
      return true;
    }
  }
  return {
    event: (eventId) => claim(`slack:event:${eventId}`),
    command: (replayKey) => claim(replayKey),
  };
}
