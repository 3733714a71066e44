import { feedAuditDetail, feedSourceParams, feedStateParams, rowToFeedSource, rowToFeedState } from './feed-rows.ts';
import type { PgQueries } from './postgres-queries.ts';
import type { FeedSourceStoreMethods } from './store.ts';

// Feed sources of the PostgreSQL store, each change and its audit entry written by one statement,
// and the fetch state kept for each source.

type Queries = Pick<PgQueries, 'query' | 'one' | 'many' | 'iso'>;

export function createPostgresFeedSources({ query, one, many, iso }: Queries): FeedSourceStoreMethods {
  return {
    async putFeedSource(source, actor) {
      // Upsert and audit entry in one statement: both happen or neither.
      await query(
        `WITH saved AS (
           INSERT INTO feed_sources (id, url, every_ms, topics, fetch_articles, origin, added_by, added_at)
           VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8)
           ON CONFLICT (id) DO UPDATE SET url = excluded.url, every_ms = excluded.every_ms, topics = excluded.topics,
             fetch_articles = excluded.fetch_articles, origin = excluded.origin, added_by = excluded.added_by,
             added_at = excluded.added_at
           RETURNING id
         )
         INSERT INTO subscription_audit (at, actor, action, subscription_id, detail)
         SELECT $9, $10, 'feed-add', saved.id, $11::jsonb FROM saved`,
        [...feedSourceParams(source, 'bool'), iso(), actor, JSON.stringify(feedAuditDetail(source))],
      );
    },
    async listFeedSources() {
      return (await many('SELECT * FROM feed_sources ORDER BY added_at COLLATE "C", id COLLATE "C"')).map(rowToFeedSource);
    },
    async getFeedSource(id) {
      const row = await one('SELECT * FROM feed_sources WHERE id = $1', [id]);
      return row ? rowToFeedSource(row) : undefined;
    },
    async deleteFeedSource(id, actor) {
      // The audit detail is built from the deleted row itself (same keys as feedAuditDetail).
      const result = await query(
        `WITH gone AS (DELETE FROM feed_sources WHERE id = $1 RETURNING *)
         INSERT INTO subscription_audit (at, actor, action, subscription_id, detail)
         SELECT $2, $3, 'feed-remove', gone.id, jsonb_build_object(
           'url', gone.url, 'everyMs', gone.every_ms, 'topics', gone.topics, 'fetchArticles', gone.fetch_articles,
           'origin', gone.origin)
         FROM gone`,
        [id, iso(), actor],
      );
      return result.rowCount === 1;
    },
    async getFeedState(sourceId) {
      const row = await one('SELECT * FROM feed_states WHERE source_id = $1', [sourceId]);
      return row ? rowToFeedState(row) : undefined;
    },
    async putFeedState(state) {
      await query(
        `INSERT INTO feed_states (source_id, etag, last_modified, last_fetched_at, last_status, last_error, failures, retry_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (source_id) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
           last_fetched_at = excluded.last_fetched_at, last_status = excluded.last_status, last_error = excluded.last_error,
           failures = excluded.failures, retry_at = excluded.retry_at`,
        feedStateParams(state),
      );
    },
  };
}
