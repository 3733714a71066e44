// Needs a PostgreSQL: TEST_DATABASE_URL (CI sets it). Articles shared by replicas, and a
// database created before feeds existed upgrading in place.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Pool } from 'pg';
import { createManualClock } from '../../src/core/clock.ts';
import { postgresMigrations } from '../../src/store/postgres-migrations.ts';
import { createPostgresStore } from '../../src/store/postgres-store.ts';
import type { Store } from '../../src/store/store.ts';
import { article } from '../contract/feed-store-contract.ts';
import { CONTRACT_START } from '../contract/store-contract.ts';

const url = process.env.TEST_DATABASE_URL;
const prefix = `bbt_pgf_${process.pid}_${Date.now().toString(36)}`;
let counter = 0;
const freshSchema = () => `${prefix}_${++counter}`;

let admin: Pool | undefined;
const adminPool = () => (admin ??= new Pool({ connectionString: url, max: 2 }));
after(async () => {
  await admin?.end();
});

if (!url) {
  it('postgres feed tests', { skip: 'TEST_DATABASE_URL is not set (CI sets it); PostgreSQL tests skipped' }, () => {});
} else {
  describe('postgres feeds and articles', () => {
    const open = (schema: string) =>
      createPostgresStore({ connectionString: url, schema, clock: createManualClock(CONTRACT_START), poolSize: 4 });
    const closeAll = async (stores: Store[], schema: string) => {
      await Promise.all(stores.map((s) => s.close()));
      await adminPool().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    };

    it('two replicas storing the same story under two URLs at once keep one row, and the other is a duplicate', async () => {
      const schema = freshSchema();
      const a = await open(schema);
      const b = await open(schema);
      try {
        for (let round = 0; round < 10; round++) {
          const hash = `same-text-${round}`;
          const results = await Promise.all([
            a.putArticle(article({ id: `x${round}`, url: `https://one.example/${round}`, contentHash: hash })),
            b.putArticle(article({ id: `y${round}`, url: `https://two.example/${round}`, contentHash: hash })),
          ]);
          assert.deepEqual([...results].sort(), ['duplicate', 'inserted'], `round ${round}`);
        }
        const { rows } = await adminPool().query(`SELECT content_hash, count(*)::int AS n FROM "${schema}".articles GROUP BY content_hash`);
        assert.equal(rows.length, 10);
        assert.ok(rows.every((r) => r.n === 1));
      } finally {
        await closeAll([a, b], schema);
      }
    });

    it('two replicas storing the same article at once: one inserts, one updates', async () => {
      const schema = freshSchema();
      const a = await open(schema);
      const b = await open(schema);
      try {
        const results = await Promise.all([a.putArticle(article()), b.putArticle(article())]);
        assert.deepEqual([...results].sort(), ['inserted', 'updated']);
        assert.deepEqual(await a.listArticles(), [article()]);
      } finally {
        await closeAll([a, b], schema);
      }
    });

    it('upgrades a database created before feeds existed, keeping its data', async () => {
      const schema = freshSchema();
      const pool = adminPool();
      await pool.query(`CREATE SCHEMA "${schema}"`);
      const client = await pool.connect();
      try {
        await client.query(`SET search_path TO "${schema}"`);
        await client.query('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
        await client.query(postgresMigrations[0] as string);
        await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES (1, $1)', [CONTRACT_START]);
        await client.query("INSERT INTO usage_daily (day, tokens) VALUES ('2025-03-01', 7)");
        await client.query('RESET search_path');
      } finally {
        client.release();
      }
      const store = await open(schema);
      try {
        assert.equal(await store.getUsage('2025-03-01'), 7);
        assert.equal(await store.putArticle(article()), 'inserted');
        const { rows } = await pool.query(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
        assert.deepEqual(rows.map((r) => Number(r.version)), postgresMigrations.map((_, i) => i + 1));
      } finally {
        await closeAll([store], schema);
      }
    });
  });
}
