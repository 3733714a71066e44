// Versioned schema for the SQLite store. Version n is the n-th entry (1-based). Append only:
// never edit a shipped entry, add a new one. Migrations should be additive so an older build can
// still run against a newer file (it warns instead of refusing).
//
// Times: `*_at` columns hold ISO strings (shown, compared for display order); expiry and fire
// ordering use epoch-ms integers taken from the injected clock, never from the database.

export const sqliteMigrations: readonly string[] = [
  `
  CREATE TABLE cache (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,              -- JSON
    expires_at INTEGER                -- epoch ms; NULL = never
  );
  CREATE INDEX cache_expires_at ON cache (expires_at) WHERE expires_at IS NOT NULL;

  CREATE TABLE claims (
    key TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    expires_at INTEGER NOT NULL       -- epoch ms
  );
  CREATE INDEX claims_expires_at ON claims (expires_at);

  CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL,              -- JSON ConversationState
    updated_at TEXT NOT NULL
  );

  CREATE TABLE usage_daily (
    day TEXT PRIMARY KEY,             -- YYYY-MM-DD (UTC)
    tokens INTEGER NOT NULL
  );

  CREATE TABLE subscriptions (
    id TEXT PRIMARY KEY,
    platform TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    cron TEXT NOT NULL,
    timezone TEXT NOT NULL,
    length TEXT NOT NULL,
    post_when_empty INTEGER NOT NULL,
    source TEXT NOT NULL,
    created_by TEXT,
    created_at TEXT NOT NULL
  );
  CREATE INDEX subscriptions_conversation ON subscriptions (conversation_id);

  CREATE TABLE subscription_audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT,
    action TEXT NOT NULL,
    subscription_id TEXT NOT NULL,
    detail TEXT NOT NULL              -- JSON
  );
  CREATE INDEX subscription_audit_subscription ON subscription_audit (subscription_id, seq);

  CREATE TABLE deliveries (
    fire_key TEXT PRIMARY KEY,
    subscription_id TEXT NOT NULL,
    scheduled_at TEXT NOT NULL,
    scheduled_ms INTEGER NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    late INTEGER NOT NULL,
    message_id TEXT,
    error TEXT,
    owner TEXT,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX deliveries_subscription ON deliveries (subscription_id, scheduled_ms);

  CREATE TABLE seen_documents (
    subscription_id TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (subscription_id, doc_id)
  );
  `,
  // 2: feeds and the articles fetched from them. Audit entries of feeds share subscription_audit.
  `
  CREATE TABLE feed_sources (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    every_ms INTEGER NOT NULL,
    topics TEXT NOT NULL,             -- JSON array of topic slugs
    fetch_articles INTEGER NOT NULL,
    origin TEXT NOT NULL,
    added_by TEXT,
    added_at TEXT NOT NULL
  );

  CREATE TABLE feed_states (
    source_id TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    last_fetched_at TEXT,
    last_status TEXT,
    last_error TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    retry_at TEXT
  );

  CREATE TABLE articles (
    id TEXT PRIMARY KEY,              -- hash of the canonical URL
    url TEXT NOT NULL,
    source_id TEXT NOT NULL,
    outlet TEXT,
    title TEXT NOT NULL,
    author TEXT,
    published_at TEXT,
    fetched_at TEXT NOT NULL,
    fetched_ms INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    updated_ms INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    text TEXT NOT NULL,
    topics TEXT NOT NULL              -- JSON array of topic slugs
  );
  -- The same text under two URLs is stored once.
  CREATE UNIQUE INDEX articles_content_hash ON articles (content_hash);
  CREATE INDEX articles_updated ON articles (updated_ms, id);
  CREATE INDEX articles_fetched ON articles (fetched_ms);
  `,
];
