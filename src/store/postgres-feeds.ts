// Feed sources, feed states and articles of the PostgreSQL store: the feed part of the Store (what
// the feed poller sees as its FeedStore), built from its two halves.
import type { QueryResult } from 'pg';
import { createPostgresArticles } from './postgres-articles.ts';
import { createPostgresFeedSources } from './postgres-feed-sources.ts';
import type { Row } from './store-rows.ts';
import type { FeedStoreMethods } from './store.ts';

export interface PostgresFeedsOptions {
  query(text: string, params?: unknown[]): Promise<QueryResult>;
  iso(): string;
}

export function createPostgresFeeds({ query, iso }: PostgresFeedsOptions): FeedStoreMethods {
  const one = async (text: string, params: unknown[] = []) => (await query(text, params)).rows[0] as Row | undefined;
  const many = async (text: string, params: unknown[] = []) => (await query(text, params)).rows as Row[];
  return {
    ...createPostgresFeedSources({ query, one, many, iso }),
    ...createPostgresArticles({ query, one, many }),
  };
}
