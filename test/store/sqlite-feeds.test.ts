// A SQLite file created before feeds existed upgrades in place; two processes' stores on one file
// keep one copy of a story.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, describe, it } from 'node:test';
import { createManualClock } from '../../src/core/clock.ts';
import { sqliteMigrations } from '../../src/store/sqlite-migrations.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import { article } from '../contract/feed-store-contract.ts';
import { CONTRACT_START } from '../contract/store-contract.ts';

const dirs: string[] = [];
async function tempFile(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'briefbot-sqlite-feeds-'));
  dirs.push(dir);
  return join(dir, name);
}
after(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('sqlite feeds and articles', () => {
  it('upgrades a file created before feeds existed, keeping its data', async () => {
    const file = await tempFile('old.sqlite');
    const db = new DatabaseSync(file);
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    db.exec(sqliteMigrations[0] as string);
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (1, ?)').run(CONTRACT_START);
    db.prepare("INSERT INTO usage_daily (day, tokens) VALUES ('2025-03-01', 7)").run();
    db.close();

    const store = await createSqliteStore({ file, clock: createManualClock(CONTRACT_START) });
    try {
      assert.equal(await store.getUsage('2025-03-01'), 7);
      assert.equal(await store.putArticle(article()), 'inserted');
    } finally {
      await store.close();
    }
    const check = new DatabaseSync(file);
    try {
      const versions = check.prepare('SELECT version FROM schema_migrations ORDER BY version').all().map((r) => Number(r.version));
      assert.deepEqual(versions, sqliteMigrations.map((_, i) => i + 1));
    } finally {
      check.close();
    }
  });

  it('two stores on one file keep one copy of a story stored under two URLs', async () => {
    const file = await tempFile('shared.sqlite');
    const a = await createSqliteStore({ file, clock: createManualClock(CONTRACT_START) });
    const b = await createSqliteStore({ file, clock: createManualClock(CONTRACT_START) });
    try {
      assert.equal(await a.putArticle(article({ id: 'x' })), 'inserted');
      assert.equal(await b.putArticle(article({ id: 'y' })), 'duplicate');
      assert.deepEqual((await a.listArticles()).map((s) => s.id), ['x']);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
