// Feed sources, feed states and articles of the SQLite store: the feed part of the Store (what
// the feed poller sees as its FeedStore), built from its two halves.
import { createSqliteArticles } from './sqlite-articles.ts';
import { createSqliteFeedSources } from './sqlite-feed-sources.ts';
import type { SqliteQueries } from './sqlite-queries.ts';
import type { FeedStoreMethods } from './store.ts';

export type SqliteFeedsOptions = Pick<SqliteQueries, 'run' | 'get' | 'all' | 'transaction' | 'iso'>;

export function createSqliteFeeds(options: SqliteFeedsOptions): FeedStoreMethods {
  return {
    ...createSqliteFeedSources(options),
    ...createSqliteArticles(options),
  };
}
