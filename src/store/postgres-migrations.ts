// Versioned schema for the PostgreSQL store. Version n is the n-th entry (1-based). Append only:
// never edit a shipped entry, add a new one. Each runs in its own transaction under an advisory
// lock, so replicas starting together apply it once. Keep them additive: during a rolling deploy
// older replicas keep running against the newer schema.
//
// Tables are created unqualified: the pool's search_path picks the schema (tests use their own).
// Times: `*_at` columns hold ISO strings; expiry and fire ordering use epoch-ms BIGINTs taken from
// the injected clock, never from now(), so replicas and manual test clocks agree.

export const postgresMigrations: readonly string[] = [
  `
  CREATE TABLE cache (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,              -- JSON, kept as text so it round-trips byte for byte
    expires_at BIGINT                 -- epoch ms; NULL = never
  );
  CREATE INDEX cache_expires_at ON cache (expires_at) WHERE expires_at IS NOT NULL;

  CREATE TABLE claims (
    key TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    expires_at BIGINT NOT NULL
  );
  CREATE INDEX claims_expires_at ON claims (expires_at);

  CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    state JSONB NOT NULL,             -- ConversationState; JSONB so appendTurn trims in one statement
    updated_at TEXT NOT NULL
  );

  CREATE TABLE usage_daily (
    day TEXT PRIMARY KEY,
    tokens BIGINT NOT NULL
  );

  CREATE TABLE subscriptions (
    id TEXT PRIMARY KEY,
    platform TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    cron TEXT NOT NULL,
    timezone TEXT NOT NULL,
    length TEXT NOT NULL,
    post_when_empty BOOLEAN NOT NULL,
    source TEXT NOT NULL,
    created_by TEXT,
    created_at TEXT NOT NULL
  );
  CREATE INDEX subscriptions_conversation ON subscriptions (conversation_id);

  CREATE TABLE subscription_audit (
    seq BIGSERIAL PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT,
    action TEXT NOT NULL,
    subscription_id TEXT NOT NULL,
    detail JSONB NOT NULL
  );
  CREATE INDEX subscription_audit_subscription ON subscription_audit (subscription_id, seq);

  CREATE TABLE deliveries (
    fire_key TEXT PRIMARY KEY,
    subscription_id TEXT NOT NULL,
    scheduled_at TEXT NOT NULL,
    scheduled_ms BIGINT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    late BOOLEAN NOT NULL,
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
    every_ms BIGINT NOT NULL,
    topics JSONB NOT NULL,            -- array of topic slugs
    fetch_articles BOOLEAN NOT NULL,
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
    fetched_ms BIGINT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_ms BIGINT NOT NULL,
    content_hash TEXT NOT NULL,
    text TEXT NOT NULL,
    topics JSONB NOT NULL             -- array of topic slugs
  );
  -- The same text under two URLs is stored once, even when two replicas insert it at once.
  CREATE UNIQUE INDEX articles_content_hash ON articles (content_hash);
  CREATE INDEX articles_updated ON articles (updated_ms, id COLLATE "C");
  CREATE INDEX articles_fetched ON articles (fetched_ms);
  `,
];
