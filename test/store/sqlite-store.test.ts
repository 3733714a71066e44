import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, describe, it } from 'node:test';
import { createManualClock } from '../../src/core/clock.ts';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { sqliteMigrations } from '../../src/store/sqlite-migrations.ts';
import { SQLITE_FILE_NAME, createSqliteStore } from '../../src/store/sqlite-store.ts';
import { CONTRACT_START, storeContract } from '../contract/store-contract.ts';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'briefbot-sqlite-'));
  dirs.push(dir);
  return dir;
}
after(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

storeContract('sqlite', async () => {
  const dir = await tempDir();
  const clock = createManualClock(CONTRACT_START);
  const store = await createSqliteStore({ dataDir: dir, clock });
  return {
    store,
    clock,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('sqlite store', () => {
  it('creates the data directory and briefbot.sqlite in WAL mode', async () => {
    const dataDir = join(await tempDir(), 'nested', 'data');
    const store = await createSqliteStore({ dataDir });
    try {
      assert.equal(store.kind, 'sqlite');
      assert.ok(existsSync(join(dataDir, SQLITE_FILE_NAME)));
      const db = new DatabaseSync(join(dataDir, SQLITE_FILE_NAME));
      try {
        assert.equal((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode, 'wal');
      } finally {
        db.close();
      }
    } finally {
      await store.close();
    }
  });

  it('keeps data across close and reopen, and does not re-run migrations', async () => {
    const file = join(await tempDir(), 'reopen.sqlite');
    const clock = createManualClock(CONTRACT_START);
    const first = await createSqliteStore({ file, clock });
    await first.cacheSet('k', { v: 1 });
    await first.claim('lock', 'a', 60_000);
    await first.appendTurn('c', { role: 'user', text: 'hi', at: CONTRACT_START }, 10);
    await first.addUsage('2025-03-01', 42);
    await first.putSubscription({
      id: 's', platform: 'console', conversationId: 'console:local', topic: 't', cron: '0 8 * * *', timezone: 'UTC',
      length: 'short', postWhenEmpty: false, source: 'chat', createdBy: null, createdAt: CONTRACT_START,
    }, null);
    await first.claimDelivery({ fireKey: 's@x', subscriptionId: 's', scheduledAt: CONTRACT_START, late: false, owner: 'a' });
    await first.markSeenDocuments('s', new Map([['d', 'h']]));
    await first.close();

    const second = await createSqliteStore({ file, clock });
    try {
      assert.deepEqual(await second.cacheGet('k'), { v: 1 });
      assert.equal(await second.claim('lock', 'b', 60_000), false, 'the claim survived the restart');
      assert.equal((await second.getConversation('c'))?.turns.length, 1);
      assert.equal(await second.getUsage('2025-03-01'), 42);
      assert.equal((await second.getSubscription('s'))?.topic, 't');
      assert.equal((await second.listAudit('s')).length, 1);
      assert.equal(await second.claimDelivery({ fireKey: 's@x', subscriptionId: 's', scheduledAt: CONTRACT_START, late: false, owner: 'b' }), false);
      assert.deepEqual(await second.getSeenDocuments('s'), new Map([['d', 'h']]));
    } finally {
      await second.close();
    }
    const db = new DatabaseSync(file);
    try {
      const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all().map((r) => Number(r.version));
      assert.deepEqual(versions, sqliteMigrations.map((_, i) => i + 1));
    } finally {
      db.close();
    }
  });

  it('two stores on one file see one claim', async () => {
    const file = join(await tempDir(), 'shared.sqlite');
    const a = await createSqliteStore({ file });
    const b = await createSqliteStore({ file });
    try {
      const fire = { fireKey: 'f', subscriptionId: 's', scheduledAt: CONTRACT_START, late: false };
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).claimDelivery({ ...fire, owner: `o${i}` })));
      assert.equal(results.filter(Boolean).length, 1);
      assert.equal(await a.claim('k', 'a', 60_000), true);
      assert.equal(await b.claim('k', 'b', 60_000), false);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('warns but opens a file whose schema is newer than this build', async () => {
    const file = join(await tempDir(), 'newer.sqlite');
    await (await createSqliteStore({ file })).close();
    const db = new DatabaseSync(file);
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(999, CONTRACT_START);
    db.close();
    const logger = createMemoryLogger();
    const store = await createSqliteStore({ file, logger });
    try {
      await store.ping();
      assert.ok(logger.lines.some((l) => l.level === 'warn' && l.schemaVersion === 999));
    } finally {
      await store.close();
    }
  });

  it('rejects with a clear error when the file cannot be opened', async () => {
    const dir = await tempDir();
    const blocker = join(dir, 'not-a-dir');
    await writeFile(blocker, 'x');
    await assert.rejects(createSqliteStore({ dataDir: blocker }), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'store_unavailable');
      assert.match(error.message, /Cannot open the SQLite database at .*not-a-dir/);
      return true;
    });
  });
});
