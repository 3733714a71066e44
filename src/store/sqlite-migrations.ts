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
];
