import type { Soft } from './degraded-breaker.ts';
import { StoreUnavailableError } from './store-unavailable.ts';
import type { Store } from './store.ts';

// The token budget in the degraded store: daily usage written through the breaker, with what
// could not be written carried until a write works.

type UsageMethods = Pick<Store, 'addUsage' | 'getUsage'> & {
  /** Tokens spent while the database was down, not yet added to the day's count. */
  pendingUsage(day: string): number;
};

export function createDegradedUsage(store: Store, soft: Soft): UsageMethods {
  /** Tokens spent while the count could not be written: added with the next write that works. */
  const pending = new Map<string, number>();

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
    pendingUsage: (day) => carry(day),
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
  };
}
