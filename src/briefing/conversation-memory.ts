import type { ConversationMemory, ConversationState } from './service-types.ts';
import type { Store } from '../store/store.ts';

/** Conversation memory kept in the store, so a thread survives restarts and moves between replicas. */
export function createConversationMemory(options: { store: Store; maxTurns: number }): ConversationMemory {
  const { store, maxTurns } = options;
  return {
    get: (id) => store.getConversation(id),
    async rememberBrief(id, brief) {
      const previous = await store.getConversation(id);
      const state: ConversationState = {
        topic: brief.topic,
        query: brief.query,
        sourceDocIds: brief.sources.map((s) => s.docId),
        turns: previous?.turns ?? [],
      };
      await store.putConversation(id, state);
    },
    addTurn: (id, turn) => store.appendTurn(id, turn, Math.max(1, maxTurns)),
  };
}
