// What feeds bring in and what the store keeps of them: plain data shared by the fetcher, the
// poller, the store backends and the corpus.

/** One entry of a feed, as parsed (RSS 2.0, Atom, RDF or JSON Feed). */
export interface FeedItem {
  /** The item's own id (guid, Atom id, JSON Feed id); null when it has none. */
  guid: string | null;
  title: string;
  /** Absolute link to the article page; null when the item has none. */
  link: string | null;
  author: string | null;
  /** ISO time; null when the item has no parseable date. */
  publishedAt: string | null;
  /** The item's text as plain paragraphs separated by blank lines (HTML already stripped); may be a teaser. */
  text: string;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  /** The feed's own title (the outlet's name when the feed names it). */
  title: string | null;
  /** The site the feed belongs to. */
  homepage: string | null;
  items: FeedItem[];
}

/** A configured or chat-added feed. */
export interface FeedSource {
  /** Stable id: short hash of the normalised URL (so config and chat agree on it). */
  id: string;
  url: string;
  /** Polling interval in milliseconds. */
  everyMs: number;
  /** Documents of this feed also join these topics. */
  topics: string[];
  /** Follow each item's link and extract the article's text when the item carries only a teaser. */
  fetchArticles: boolean;
  origin: 'config' | 'env' | 'chat';
  addedBy: string | null;
  addedAt: string;
}

/** Conditional-GET and backoff state of one feed (shared by replicas through the store). */
export interface FeedState {
  sourceId: string;
  etag: string | null;
  lastModified: string | null;
  lastFetchedAt: string | null;
  /** 'new' | 'unchanged' | 'failed' … of the last poll. */
  lastStatus: string | null;
  lastError: string | null;
  /** Consecutive failures (backoff grows with them). */
  failures: number;
  /** Do not poll before this ISO time (Retry-After, backoff). */
  retryAt: string | null;
}

/** A fetched article, kept in the store so replicas share it and restarts fetch nothing twice. */
export interface StoredArticle {
  /** Stable: short hash of the canonical URL (the document id in the corpus). */
  id: string;
  /** Canonical URL (fragment and tracking parameters removed). */
  url: string;
  sourceId: string;
  /** Outlet name: the feed's title, else the site's host. */
  outlet: string | null;
  title: string;
  author: string | null;
  publishedAt: string | null;
  /** When this replica set first stored it. */
  fetchedAt: string;
  /** When its text last changed materially (equals fetchedAt until then). */
  updatedAt: string;
  /** sha256 (hex) of `text`. */
  contentHash: string;
  /** Plain text, paragraphs separated by blank lines. */
  text: string;
  /** Topics from the feed's `topics` setting. */
  topics: string[];
}
