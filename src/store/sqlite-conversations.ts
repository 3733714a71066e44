import type { ConversationState } from '../briefing/service-types.ts';
import { normalizeConversation, withTurn } from './conversation-turns.ts';
import type { SqliteQueries } from './sqlite-queries.ts';
import type { ConversationStoreMethods } from './store.ts';

// Conversations of the SQLite store: one JSON row each; an append reads and rewrites it in one
// write transaction.

const UPSERT = 'INSERT INTO conversations (id, state, updated_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at';

export function createSqliteConversations({ run, get, transaction, iso }: SqliteQueries): ConversationStoreMethods {
  const read = (id: string) => {
    const row = get('SELECT state FROM conversations WHERE id = ?', id);
    return row ? normalizeConversation(JSON.parse(String(row.state)) as ConversationState) : undefined;
  };

  return {
    async getConversation(id) {
      return read(id);
    },
    async putConversation(id, state) {
      run(UPSERT, id, JSON.stringify(state), iso());
    },
    async appendTurn(id, turn, maxTurns) {
      transaction(() => {
        run(UPSERT, id, JSON.stringify(withTurn(read(id), turn, maxTurns)), iso());
      });
    },
  };
}
