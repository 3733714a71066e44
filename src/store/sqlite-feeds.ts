// Feed sources, feed states and articles of the SQLite store. Writes that read first run in the
// store's IMMEDIATE transaction, so two processes sharing the file cannot both insert one story.
import type { SQLInputValue, StatementResultingChanges } from 'node:sqlite';
import {
  ARTICLE_COLUMNS, articleLimit, articleParams, feedAuditDetail, feedSourceParams, feedStateParams, isoMs, rowToArticle,
  rowToFeedSource, rowToFeedState,
} from './feed-rows.ts';
import type { Row } from './store-rows.ts';
import type { FeedStoreMethods } from './store.ts';

export interface SqliteFeedsOptions {
  run(sql: string, ...params: SQLInputValue[]): StatementResultingChanges;
  get(sql: string, ...params: SQLInputValue[]): Row | undefined;
  all(sql: string, ...params: SQLInputValue[]): Row[];
  transaction<T>(fn: () => T): T;
  iso(): string;
}

const AUDIT_INSERT = 'INSERT INTO subscription_audit (at, actor, action, subscription_id, detail) VALUES (?, ?, ?, ?, ?)';

export function createSqliteFeeds({ run, get, all, transaction, iso }: SqliteFeedsOptions): FeedStoreMethods {
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
        run(AUDIT_INSERT, iso(), actor, 'feed-add', source.id, JSON.stringify(feedAuditDetail(source)));
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
      return transaction(() => {
        const row = get('DELETE FROM feed_sources WHERE id = ? RETURNING *', id);
        if (!row) return false;
        run(AUDIT_INSERT, iso(), actor, 'feed-remove', id, JSON.stringify(feedAuditDetail(rowToFeedSource(row))));
        return true;
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

    async putArticle(article) {
      const params = articleParams(article);
      return transaction(() => {
        if (get('SELECT 1 AS x FROM articles WHERE content_hash = ? AND id <> ?', article.contentHash, article.id)) return 'duplicate';
        const existed = get('SELECT 1 AS x FROM articles WHERE id = ?', article.id) !== undefined;
        run(
          `INSERT INTO articles (${ARTICLE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET url = excluded.url, source_id = excluded.source_id, outlet = excluded.outlet,
             title = excluded.title, author = excluded.author, published_at = excluded.published_at,
             fetched_at = excluded.fetched_at, fetched_ms = excluded.fetched_ms, updated_at = excluded.updated_at,
             updated_ms = excluded.updated_ms, content_hash = excluded.content_hash, text = excluded.text, topics = excluded.topics`,
          ...params,
        );
        return existed ? 'updated' : 'inserted';
      });
    },
    async getArticle(id) {
      const row = get(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id = ?`, id);
      return row ? rowToArticle(row) : undefined;
    },
    async knownArticles(ids) {
      const known = new Set<string>();
      // One statement per id keeps clear of SQLite's bound-parameter limit; each is a primary-key lookup.
      for (const id of new Set(ids)) {
        if (get('SELECT 1 AS x FROM articles WHERE id = ?', id)) known.add(id);
      }
      return known;
    },
    async listArticles(options = {}) {
      const after = options.updatedAfter === undefined ? null : isoMs(options.updatedAfter, 'updatedAfter');
      const limit = articleLimit(options.limit) ?? -1; // SQLite: LIMIT -1 means none
      return all(
        `SELECT ${ARTICLE_COLUMNS} FROM articles WHERE (?1 IS NULL OR updated_ms > ?1) ORDER BY updated_ms, id LIMIT ?2`,
        after, limit,
      ).map(rowToArticle);
    },
    async pruneArticles(before) {
      return Number(run('DELETE FROM articles WHERE fetched_ms < ?', isoMs(before, 'before')).changes);
    },
  };
}
