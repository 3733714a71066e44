import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { createStore } from '../../src/store/create-store.ts';

describe('createStore', () => {
  it('opens SQLite under the data directory when no database URL is set', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'briefbot-create-'));
    const logger = createMemoryLogger();
    try {
      for (const databaseUrl of [undefined, null, '']) {
        const store = await createStore({ databaseUrl, dataDir: join(dir, 'data'), logger });
        assert.equal(store.kind, 'sqlite');
        await store.close();
      }
      assert.ok(existsSync(join(dir, 'data', 'briefbot.sqlite')));
      assert.ok(logger.lines.some((l) => l.kind === 'sqlite' && l.component === 'store'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('logs the PostgreSQL target without credentials', async () => {
    const logger = createMemoryLogger();
    await assert.rejects(createStore({ databaseUrl: 'postgres://bot:topsecret99@127.0.0.1:1/briefs', dataDir: 'unused', logger }));
    const logged = JSON.stringify(logger.lines);
    assert.match(logged, /127\.0\.0\.1:1\/briefs/);
    assert.ok(!logged.includes('topsecret99'));
  });
});
