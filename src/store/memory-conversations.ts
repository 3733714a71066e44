import type { ConversationState } from '../briefing/service-types.ts';
import { normalizeConversation, withTurn } from './conversation-turns.ts';
import type { MemoryContext } from './memory-context.ts';
import { copy } from './memory-values.ts';
import type { ConversationStoreMethods } from './store.ts';

// Conversations of the in-memory store, kept as copies of what was put.

export function createMemoryConversations({ open }: MemoryContext): ConversationStoreMethods {
  const conversations = new Map<string, ConversationState>();

  return {
    async getConversation(id) {
      open();
      const state = conversations.get(id);
      return state ? normalizeConversation(copy(state)) : undefined;
    },
    async putConversation(id, state) {
      open();
      conversations.set(id, copy(state));
    },
    async appendTurn(id, turn, maxTurns) {
      open();
      conversations.set(id, withTurn(conversations.get(id), copy(turn), maxTurns));
    },
  };
}
