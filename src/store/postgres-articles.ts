import { ARTICLE_COLUMNS, articleLimit, articleParams, isoMs, rowToArticle } from './feed-rows.ts';
import type { PgQueries } from './postgres-queries.ts';
import type { ArticleStoreMethods } from './store.ts';

// Articles of the PostgreSQL store. Replicas polling the same feed race on putArticle: the unique
// indexes on id and content_hash decide, inside the database, which insert wins, so the loser
// sees 'updated' or 'duplicate' rather than an error.

type Queries = Pick<PgQueries, 'query' | 'one' | 'many'>;

const UNIQUE_VIOLATION = '23505';

export function createPostgresArticles({ query, one, many }: Queries): ArticleStoreMethods {
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
