// Feed sources, feed states and articles of the PostgreSQL store. Replicas polling the same feed
// race on putArticle: the unique indexes on id and content_hash decide, inside the database, which
// insert wins, so the loser sees 'updated' or 'duplicate' rather than an error.
import type { QueryResult } from 'pg';
import {
  ARTICLE_COLUMNS, articleLimit, articleParams, feedAuditDetail, feedSourceParams, feedStateParams, isoMs, rowToArticle,
  rowToFeedSource, rowToFeedState,
} from './feed-rows.ts';
import type { Row } from './store-rows.ts';
import type { FeedStoreMethods } from './store.ts';

export interface PostgresFeedsOptions {
  query(text: string, params?: unknown[]): Promise<QueryResult>;
  iso(): string;
}

const UNIQUE_VIOLATION = '23505';

export function createPostgresFeeds({ query, iso }: PostgresFeedsOptions): FeedStoreMethods {
  const one = async (text: string, params: unknown[] = []) => (await query(text, params)).rows[0] as Row | undefined;
  const many = async (text: string, params: unknown[] = []) => (await query(text, params)).rows as Row[];

  /** Replaces the row with this id; null when there is none. A clash with another id's content hash is 'duplicate'. */
  async function replaceArticle(params: unknown[]): Promise<'updated' | 'duplicate' | null> {
    try {
      const result = await query(
        `UPDATE articles SET url = $2, source_id = $3, outlet = $4, title = $5, author = $6, published_at = $7,
           fetched_at = $8, fetched_ms = $9, updated_at = $10, updated_ms = $11, content_hash = $12, text = $13, topics = $14::jsonb
         WHERE id = $1`,
        params,
      );
      return result.rowCount === 1 ? 'updated' : null;
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) return 'duplicate';
      throw error;
    }
  }

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

    async putArticle(article) {
      const params = articleParams(article);
      // A row deleted between the two statements (pruned) sends us round once more.
      for (let attempt = 0; attempt < 3; attempt++) {
        // No conflict target: a clash on either unique index (id or content hash) inserts nothing.
        const inserted = await query(
          `INSERT INTO articles (${ARTICLE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb)
           ON CONFLICT DO NOTHING`,
          params,
        );
        if (inserted.rowCount === 1) return 'inserted';
        const replaced = await replaceArticle(params);
        if (replaced !== null) return replaced;
        if (await one('SELECT 1 AS x FROM articles WHERE content_hash = $1 AND id <> $2', [article.contentHash, article.id])) {
          return 'duplicate';
        }
      }
      return 'duplicate';
    },
    async getArticle(id) {
      const row = await one(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id = $1`, [id]);
      return row ? rowToArticle(row) : undefined;
    },
    async knownArticles(ids) {
      if (ids.length === 0) return new Set();
      const rows = await many('SELECT id FROM articles WHERE id = ANY($1::text[])', [[...new Set(ids)]]);
      return new Set(rows.map((r) => String(r.id)));
    },
    async listArticles(options = {}) {
      const after = options.updatedAfter === undefined ? null : isoMs(options.updatedAfter, 'updatedAfter');
      const rows = await many(
        `SELECT ${ARTICLE_COLUMNS} FROM articles WHERE ($1::bigint IS NULL OR updated_ms > $1)
         ORDER BY updated_ms, id COLLATE "C" LIMIT $2`,
        [after, articleLimit(options.limit)],
      );
      return rows.map(rowToArticle);
    },
    async pruneArticles(before) {
      const result = await query('DELETE FROM articles WHERE fetched_ms < $1', [isoMs(before, 'before')]);
      return result.rowCount ?? 0;
    },
  };
}
