// Per-operation cost of a Store round trip (cacheGet hit, claim, appendTurn) for SQLite and, when
// TEST_DATABASE_URL or DATABASE_URL is set, PostgreSQL (in a throwaway schema, dropped at the end).
// Sequential calls: this is latency per call, not throughput.
//   node --disable-warning=ExperimentalWarning bench/store.ts [iterations]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Pool } from 'pg';
import { describeDatabaseTarget } from '../src/store/database-url.ts';
import { createPostgresStore } from '../src/store/postgres-store.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';
import type { Store } from '../src/store/store.ts';

const iterations = Number(process.argv[2] ?? process.env.BENCH_N ?? 2000);
const warmup = Math.min(200, Math.ceil(iterations / 10));

interface Figure { backend: string; op: string; n: number; mean: number; p50: number; p99: number }

async function measure(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await fn(i);
    samples.push(Number(process.hrtime.bigint() - t0) / 1_000); // µs
  }
  return samples;
}

function summarise(backend: string, op: string, samples: number[]): Figure {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return { backend, op, n: samples.length, mean: samples.reduce((s, x) => s + x, 0) / samples.length, p50: at(0.5), p99: at(0.99) };
}

const briefLike = {
  headline: 'US and Russian delegations agree to a second round of talks',
  bullets: Array.from({ length: 5 }, (_, i) => ({ text: `Bullet ${i} `.repeat(20), citations: [{ docId: `d${i}`, passageId: `d${i}.0`, title: 'T', path: 'seeds/x.md' }] })),
  sources: Array.from({ length: 5 }, (_, i) => ({ docId: `d${i}`, title: `Source ${i}`, path: `seeds/${i}.md`, date: '2025-03-01' })),
};

async function bench(backend: string, store: Store): Promise<Figure[]> {
  const turn = (i: number) => ({ role: 'user' as const, text: `What did the delegation say about item ${i}? `.repeat(4), at: new Date().toISOString() });
  await store.cacheSet('bench:hit', briefLike);
  const run = async (op: string, fn: (i: number) => Promise<unknown>) => {
    await measure(warmup, (i) => fn(-1 - i));
    return summarise(backend, op, await measure(iterations, fn));
  };
  return [
    await run('cacheGet (hit, ~2 KB)', () => store.cacheGet('bench:hit')),
    await run('claim (new key)', (i) => store.claim(`bench:claim:${i}`, 'bench', 60_000)),
    await run('appendTurn (max 10)', (i) => store.appendTurn('bench:conversation', turn(i), 10)),
  ];
}

const figures: Figure[] = [];

const dir = await mkdtemp(join(tmpdir(), 'briefbot-bench-'));
try {
  const sqlite = await createSqliteStore({ dataDir: dir });
  try {
    figures.push(...(await bench('sqlite (file, WAL)', sqlite)));
  } finally {
    await sqlite.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

const pgUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
let pgVersion = '';
if (pgUrl) {
  const schema = `bench_store_${process.pid}`;
  const admin = new Pool({ connectionString: pgUrl, max: 1 });
  try {
    pgVersion = String((await admin.query('SHOW server_version')).rows[0]?.server_version ?? '');
    const pg = await createPostgresStore({ connectionString: pgUrl, schema });
    try {
      figures.push(...(await bench(`postgres (${describeDatabaseTarget(pgUrl)})`, pg)));
    } finally {
      await pg.close();
    }
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
    await admin.end();
  }
} else {
  console.log('PostgreSQL skipped: set TEST_DATABASE_URL or DATABASE_URL to include it.');
}

const probe = new DatabaseSync(':memory:');
const sqliteVersion = String((probe.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v);
probe.close();

const fmt = (us: number) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`);
console.log(`Store round trips, ${iterations} sequential calls each after ${warmup} warm-up (Node ${process.version}, SQLite ${sqliteVersion}${pgVersion ? `, PostgreSQL ${pgVersion}` : ''})`);
console.log('');
const rows = [['backend', 'operation', 'n', 'mean', 'p50', 'p99'], ...figures.map((f) => [f.backend, f.op, String(f.n), fmt(f.mean), fmt(f.p50), fmt(f.p99)])];
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
for (const [i, r] of rows.entries()) {
  console.log(r.map((cell, c) => (c >= 2 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
