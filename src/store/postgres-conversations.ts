import type { ConversationState } from '../briefing/service-types.ts';
import { normalizeConversation, withTurn } from './conversation-turns.ts';
import type { PgQueries } from './postgres-queries.ts';
import type { ConversationStoreMethods } from './store.ts';

// Conversations of the PostgreSQL store: one JSON row each, appended to by several replicas.

export function createPostgresConversations({ query, one, iso }: PgQueries): ConversationStoreMethods {
  return {
    async getConversation(id) {
      const row = await one('SELECT state FROM conversations WHERE id = $1', [id]);
      return row ? normalizeConversation(row.state as ConversationState) : undefined;
    },
    async putConversation(id, state) {
      await query(
        'INSERT INTO conversations (id, state, updated_at) VALUES ($1, $2::jsonb, $3) ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at',
        [id, JSON.stringify(state), iso()],
      );
    },
    async appendTurn(id, turn, maxTurns) {
      // One statement: the row lock of ON CONFLICT DO UPDATE serialises concurrent appends, and the
      // trim (keep the newest maxTurns, in order) happens in SQL so no turn is lost between replicas.
      const keep = Math.max(0, Math.floor(maxTurns));
      await query(
        `INSERT INTO conversations (id, state, updated_at) VALUES ($1, $2::jsonb, $5)
         ON CONFLICT (id) DO UPDATE SET
           state = jsonb_set(conversations.state, '{turns}', (
             SELECT COALESCE(jsonb_agg(kept.elem ORDER BY kept.ord), '[]'::jsonb)
             FROM (
               SELECT all_turns.elem, all_turns.ord
               FROM jsonb_array_elements(COALESCE(conversations.state -> 'turns', '[]'::jsonb) || jsonb_build_array($3::jsonb))
                 WITH ORDINALITY AS all_turns(elem, ord)
               ORDER BY all_turns.ord DESC
               LIMIT $4::int
             ) AS kept
           )),
           updated_at = excluded.updated_at`,
        [id, JSON.stringify(withTurn(undefined, turn, keep)), JSON.stringify(turn), keep, iso()],
      );
    },
  };
}
