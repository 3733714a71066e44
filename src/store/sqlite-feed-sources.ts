import type { SQLInputValue } from 'node:sqlite';
import { feedAuditDetail, feedSourceParams, feedStateParams, rowToFeedSource, rowToFeedState } from './feed-rows.ts';
import { SQLITE_AUDIT_INSERT, deleteAudited } from './sqlite-audit.ts';
import type { SqliteQueries } from './sqlite-queries.ts';
import type { FeedSourceStoreMethods } from './store.ts';

// Feed sources of the SQLite store, each change with its audit entry in one transaction, and the
// fetch state kept for each source.

type Queries = Pick<SqliteQueries, 'run' | 'get' | 'all' | 'transaction' | 'iso'>;

export function createSqliteFeedSources(queries: Queries): FeedSourceStoreMethods {
  const { run, get, all, transaction, iso } = queries;
  return {
    async putFeedSource(source, actor) {
      transaction(() => {
        run(
          `INSERT INTO feed_sources (id, url, every_ms, topics, fetch_articles, origin, added_by, added_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET url = excluded.url, every_ms = excluded.every_ms, topics = excluded.topics,
             fetch_articles = excluded.fetch_articles, origin = excluded.origin, added_by = excluded.added_by,
             added_at = excluded.added_at`,
          ...(feedSourceParams(source, 'int') as SQLInputValue[]),
        );
        run(SQLITE_AUDIT_INSERT, iso(), actor, 'feed-add', source.id, JSON.stringify(feedAuditDetail(source)));
      });
    },
    async listFeedSources() {
      return all('SELECT * FROM feed_sources ORDER BY added_at, id').map(rowToFeedSource);
    },
    async getFeedSource(id) {
      const row = get('SELECT * FROM feed_sources WHERE id = ?', id);
      return row ? rowToFeedSource(row) : undefined;
    },
    async deleteFeedSource(id, actor) {
      return deleteAudited(queries, 'DELETE FROM feed_sources WHERE id = ? RETURNING *', id, {
        actor, action: 'feed-remove', detail: (row) => feedAuditDetail(rowToFeedSource(row)),
      });
    },
    async getFeedState(sourceId) {
      const row = get('SELECT * FROM feed_states WHERE source_id = ?', sourceId);
      return row ? rowToFeedState(row) : undefined;
    },
    async putFeedState(state) {
      run(
        `INSERT INTO feed_states (source_id, etag, last_modified, last_fetched_at, last_status, last_error, failures, retry_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (source_id) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
           last_fetched_at = excluded.last_fetched_at, last_status = excluded.last_status, last_error = excluded.last_error,
           failures = excluded.failures, retry_at = excluded.retry_at`,
        ...feedStateParams(state),
      );
    },
  };
}
