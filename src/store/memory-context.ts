import type { Clock } from '../core/clock.ts';
import { BriefbotError } from '../core/errors.ts';
import type { AuditEntry } from './store.ts';

// What the in-memory store's parts share: time from the injected clock, the closed check, and
// the audit log that subscriptions and feed sources both write to.

export interface MemoryContext {
  now(): number;
  iso(): string;
  /** Throws when the store is closed. */
  open(): void;
  audit: AuditEntry[];
}

/** The context, and `close()` after which every `open()` throws. */
export function memoryContext(clock: Clock): MemoryContext & { close(): void } {
  let closed = false;
  return {
    now: () => clock.now().getTime(),
    iso: () => clock.now().toISOString(),
    open: () => {
      if (closed) throw new BriefbotError('store_closed', 'The store is closed');
    },
    audit: [],
    close: () => {
      closed = true;
    },
  };
}
