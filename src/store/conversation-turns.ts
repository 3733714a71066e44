import type { ConversationState } from '../briefing/service-types.ts';
import type { Turn } from '../engines/engine-types.ts';

/** The state of a conversation nobody has briefed yet (created by a first follow-up turn). */
export function emptyConversation(): ConversationState {
  return { topic: null, query: null, sourceDocIds: [], turns: [] };
}

/** Fills fields missing from a stored state (rows written by an older version). */
export function normalizeConversation(stored: Partial<ConversationState> | null | undefined): ConversationState {
  return { ...emptyConversation(), ...(stored ?? {}) };
}

/** `state` with `turn` appended and only the newest `maxTurns` turns kept. */
export function withTurn(state: ConversationState | undefined, turn: Turn, maxTurns: number): ConversationState {
  const base = state ?? emptyConversation();
  const turns = [...base.turns, turn];
  // slice(-0) would keep everything, so compute the start index explicitly.
  const keep = Math.max(0, Math.floor(maxTurns));
  return { ...base, turns: turns.slice(Math.max(0, turns.length - keep)) };
}
