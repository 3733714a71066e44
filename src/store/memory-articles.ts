import type { StoredArticle } from '../feeds/feed-types.ts';
import { articleLimit, isoMs } from './feed-rows.ts';
import type { MemoryContext } from './memory-context.ts';
import { byText, copy } from './memory-values.ts';
import type { ArticleStoreMethods } from './store.ts';

// Articles of the in-memory store, kept with their fetch and update times in ms (as the database
// stores keep fetched_ms and updated_ms) for listing and pruning.

type KeptArticle = StoredArticle & { fetchedMs: number; updatedMs: number };

const publicArticle = ({ fetchedMs: _f, updatedMs: _u, ...a }: KeptArticle) => copy(a);

export function createMemoryArticles({ open }: Pick<MemoryContext, 'open'>): ArticleStoreMethods {
  const articles = new Map<string, KeptArticle>();

  return {
    async putArticle(article) {
      open();
      const fetchedMs = isoMs(article.fetchedAt, 'fetchedAt');
      const updatedMs = isoMs(article.updatedAt, 'updatedAt');
      for (const other of articles.values()) {
        if (other.contentHash === article.contentHash && other.id !== article.id) return 'duplicate';
      }
      const existed = articles.has(article.id);
      articles.set(article.id, { ...copy(article), fetchedMs, updatedMs });
      return existed ? 'updated' : 'inserted';
    },
    async getArticle(id) {
      open();
      const article = articles.get(id);
      return article ? publicArticle(article) : undefined;
    },
    async knownArticles(ids) {
      open();
      return new Set(ids.filter((id) => articles.has(id)));
    },
    async listArticles(options = {}) {
      open();
      const after = options.updatedAfter === undefined ? -Infinity : isoMs(options.updatedAfter, 'updatedAfter');
      const limit = articleLimit(options.limit);
      const list = [...articles.values()]
        .filter((a) => a.updatedMs > after)
        .sort((a, b) => a.updatedMs - b.updatedMs || byText(a.id, b.id));
      return (limit === null ? list : list.slice(0, limit)).map(publicArticle);
    },
    async pruneArticles(before) {
      open();
      const cutoff = isoMs(before, 'before');
      let removed = 0;
      for (const [id, article] of articles) {
        if (article.fetchedMs < cutoff) {
          articles.delete(id);
          removed++;
        }
      }
      return removed;
    },
  };
}
