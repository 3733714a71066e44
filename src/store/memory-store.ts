// In-memory Store: for tests and as the reference semantics the database stores must match
// (test/contract/store-contract.ts runs the same cases against all three).
import { systemClock } from '../core/clock.ts';
import type { Clock } from '../core/clock.ts';
import { memoryContext } from './memory-context.ts';
import { createMemoryConversations } from './memory-conversations.ts';
import { createMemoryDeliveries } from './memory-deliveries.ts';
import { createMemoryFeeds } from './memory-feeds.ts';
import { createMemoryKeyed } from './memory-keyed.ts';
import { createMemorySubscriptions } from './memory-subscriptions.ts';
import type { Store } from './store.ts';

export interface MemoryStoreOptions {
  clock?: Clock;
}

export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  const context = memoryContext(options.clock ?? systemClock);

  return {
    kind: 'memory',

    async ping() { context.open(); },
    async close() { context.close(); },

    ...createMemoryKeyed(context),
    ...createMemoryConversations(context),
    ...createMemorySubscriptions(context),
    ...createMemoryDeliveries(context),
    ...createMemoryFeeds(context),
  };
}
