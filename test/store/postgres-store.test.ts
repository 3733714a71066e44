// Needs a PostgreSQL: TEST_DATABASE_URL (CI sets it). Every store gets its own schema, dropped in
// cleanup, so files and cases running in parallel never share tables.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Pool } from 'pg';
import { createManualClock } from '../../src/core/clock.ts';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { createStore } from '../../src/store/create-store.ts';
import { postgresMigrations } from '../../src/store/postgres-migrations.ts';
import { createPostgresStore } from '../../src/store/postgres-store.ts';
import type { Store } from '../../src/store/store.ts';
import { CONTRACT_START, storeContract } from '../contract/store-contract.ts';

const url = process.env.TEST_DATABASE_URL;
const filePrefix = `bbt_pg_${process.pid}_${Date.now().toString(36)}`;
let counter = 0;
const freshSchema = () => `${filePrefix}_${++counter}`;

let admin: Pool | undefined;
const adminPool = () => (admin ??= new Pool({ connectionString: url, max: 2 }));
const dropSchema = async (schema: string) => {
  await adminPool().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
};
after(async () => {
  await admin?.end();
});

describe('unreachable PostgreSQL', () => {
  it('rejects with the host and port, never the credentials', async () => {
    const secret = 'S3cret-Passw0rd';
    const logger = createMemoryLogger();
    await assert.rejects(
      createPostgresStore({ connectionString: `postgres://bbuser:${secret}@127.0.0.1:1/briefbot`, logger, connectionTimeoutMs: 3_000 }),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'store_unavailable');
        assert.match(error.message, /127\.0\.0\.1:1/);
        assert.match(error.message, /ECONNREFUSED/);
        const everything = `${error.message}\n${error.stack}\n${JSON.stringify(error)}\n${String((error as { cause?: unknown }).cause ?? '')}`;
        assert.ok(!everything.includes(secret), everything);
        assert.ok(!everything.includes('bbuser'), 'no user-info either');
        return true;
      },
    );
    assert.ok(!JSON.stringify(logger.lines).includes(secret));
  });

  it('createStore picks PostgreSQL when a database URL is set', async () => {
    await assert.rejects(
      createStore({ databaseUrl: 'postgres://u:pw-xyz-123@127.0.0.1:1/db', dataDir: '/nonexistent-should-not-be-used' }),
      (error: Error & { code?: string }) => error.code === 'store_unavailable' && !error.message.includes('pw-xyz-123'),
    );
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await assert.rejects(
      createPostgresStore({ connectionString: 'postgres://127.0.0.1:1/x', schema: 'x; DROP TABLE y' }),
      (error: Error & { code?: string }) => error.code === 'store_config',
    );
  });
});

if (!url) {
  // A skipped test (not a skipped suite) so the summary's `skipped` count shows it.
  it('postgres store contract and replica tests', { skip: 'TEST_DATABASE_URL is not set (CI sets it); PostgreSQL tests skipped' }, () => {});
} else {
  storeContract('postgres', async () => {
    const schema = freshSchema();
    const clock = createManualClock(CONTRACT_START);
    const store = await createPostgresStore({ connectionString: url, schema, clock, poolSize: 4 });
    return {
      store,
      clock,
      cleanup: async () => {
        await store.close();
        await dropSchema(schema);
      },
    };
  });

  describe('postgres store', () => {
    const open = (schema: string, clock = createManualClock(CONTRACT_START)) =>
      createPostgresStore({ connectionString: url, schema, clock, poolSize: 4 });
    const closeAll = async (stores: Store[], schema: string) => {
      await Promise.all(stores.map((s) => s.close()));
      await dropSchema(schema);
    };

    it('two replicas (two pools, one schema) racing on claimDelivery and claim: exactly one wins', async () => {
      const schema = freshSchema();
      const a = await open(schema);
      const b = await open(schema);
      try {
        const fire = { fireKey: 'sub@2025-03-01T08:00:00.000Z', subscriptionId: 'sub', scheduledAt: CONTRACT_START, late: false };
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claimDelivery({ ...fire, owner: `replica-${i % 2}-${i}` })));
        assert.equal(results.filter(Boolean).length, 1);
        const winner = results.findIndex(Boolean);
        assert.equal((await a.getDelivery(fire.fireKey))?.owner, `replica-${winner % 2}-${winner}`);

        const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claim('event:Ev1', `o${i}`, 60_000)));
        assert.equal(claims.filter(Boolean).length, 1);
      } finally {
        await closeAll([a, b], schema);
      }
    });

    it('replicas appending turns to one conversation lose none', async () => {
      const schema = freshSchema();
      const a = await open(schema);
      const b = await open(schema);
      try {
        await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).appendTurn('c', { role: 'user', text: `t${i}`, at: CONTRACT_START }, 15)));
        const turns = (await a.getConversation('c'))?.turns ?? [];
        assert.equal(turns.length, 15);
        assert.equal(new Set(turns.map((t) => t.text)).size, 15);
      } finally {
        await closeAll([a, b], schema);
      }
    });

    it('migrations started by three instances at once all succeed and apply once', async () => {
      const schema = freshSchema();
      const stores = await Promise.all([open(schema), open(schema), open(schema)]);
      try {
        const { rows } = await adminPool().query(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
        assert.deepEqual(rows.map((r) => Number(r.version)), postgresMigrations.map((_, i) => i + 1));
        await Promise.all(stores.map((s) => s.ping()));
      } finally {
        await closeAll(stores, schema);
      }
    });

    it('keeps data across close and reopen', async () => {
      const schema = freshSchema();
      const first = await open(schema);
      await first.cacheSet('k', { v: 1 });
      await first.addUsage('2025-03-01', 5);
      await first.close();
      const second = await open(schema);
      try {
        assert.deepEqual(await second.cacheGet('k'), { v: 1 });
        assert.equal(await second.getUsage('2025-03-01'), 5);
      } finally {
        await closeAll([second], schema);
      }
    });

    it('schemas isolate stores from each other', async () => {
      const s1 = freshSchema();
      const s2 = freshSchema();
      const a = await open(s1);
      const b = await open(s2);
      try {
        await a.cacheSet('k', 'in a');
        assert.equal(await b.cacheGet('k'), undefined);
        const { rows } = await adminPool().query('SELECT table_schema FROM information_schema.tables WHERE table_name = $1 AND table_schema IN ($2, $3)', ['cache', s1, s2]);
        assert.equal(rows.length, 2);
      } finally {
        await closeAll([a], s1);
        await closeAll([b], s2);
      }
    });

    it('keeps its search_path when the URL carries its own options parameter', async () => {
      const schema = freshSchema();
      const withOptions = new URL(url);
      withOptions.searchParams.set('options', '-c statement_timeout=5000');
      const store = await createPostgresStore({ connectionString: withOptions.toString(), schema });
      try {
        await store.cacheSet('k', 1);
        const { rows } = await adminPool().query(`SELECT count(*)::int AS n FROM "${schema}".cache`);
        assert.equal(rows[0].n, 1);
      } finally {
        await closeAll([store], schema);
      }
    });
  });
}
