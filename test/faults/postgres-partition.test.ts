// A network partition between the bot and PostgreSQL fails queries in seconds (the pool's
// query timeout), not when TCP gives up — the scheduler's sweep and /readyz wait on them.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { createPostgresStore } from '../../src/store/postgres-store.ts';
import { startTcpProxy } from './tcp-proxy.ts';

const url = process.env.TEST_DATABASE_URL;
const schema = `bb_partition_${process.pid}_${Date.now().toString(36)}`;

if (!url) it('postgres partition', { skip: 'TEST_DATABASE_URL is not set; PostgreSQL partition test skipped' }, () => {});
else describe('PostgreSQL behind a partition', () => {
  after(async () => {
    const admin = new pg.Pool({ connectionString: url, max: 1 });
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  it('a query that gets no answer fails after queryTimeoutMs, and works again once healed', async () => {
    const target = new URL(url);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const store = await createPostgresStore({ connectionString: proxy.url(url), schema, poolSize: 2, connectionTimeoutMs: 1000, queryTimeoutMs: 400 });
    try {
      await store.ping();
      proxy.partition();
      const started = performance.now();
      await assert.rejects(store.ping());
      const waited = performance.now() - started;
      assert.ok(waited < 5000, `failed after ${Math.round(waited)} ms, not when TCP gives up`);
      proxy.heal();
      // The timed-out connection is discarded; a fresh one answers.
      let ok = false;
      for (let i = 0; i < 20 && !ok; i++) {
        ok = await store.ping().then(() => true, () => false);
        if (!ok) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(ok, 'the store answers again after the partition heals');
    } finally {
      await store.close().catch(() => undefined);
      await proxy.close();
    }
  });
});
