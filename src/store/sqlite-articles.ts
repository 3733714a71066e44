import { ARTICLE_COLUMNS, articleLimit, articleParams, isoMs, rowToArticle } from './feed-rows.ts';
import type { SqliteQueries } from './sqlite-queries.ts';
import type { ArticleStoreMethods } from './store.ts';

// Articles of the SQLite store. putArticle reads before it writes, in the store's IMMEDIATE
// transaction, so two processes sharing the file cannot both insert one story.

type Queries = Pick<SqliteQueries, 'run' | 'get' | 'all' | 'transaction'>;

export function createSqliteArticles({ run, get, all, transaction }: Queries): ArticleStoreMethods {
  return {
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
