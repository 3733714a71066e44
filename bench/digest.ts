// Cost of one digest fire — claim → brief → post → record — on SQLite and, when
// TEST_DATABASE_URL or DATABASE_URL is set, PostgreSQL (throwaway schema, dropped at the end).
// The briefing service and the chat platform are instant fakes, so the figures are the
// scheduler's own work plus its store round trips. Sequential fires: latency, not throughput.
//   node --disable-warning=ExperimentalWarning bench/digest.ts [fires]
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { createManualClock } from '../src/core/clock.ts';
import { silentLogger } from '../src/core/logger.ts';
import type { BriefingService, TopicService } from '../src/briefing/service-types.ts';
import type { Document, Topic } from '../src/corpus/corpus-types.ts';
import type { Brief } from '../src/engines/engine-types.ts';
import { createDigestScheduler, type CronScheduler, type CronTask } from '../src/scheduler/digest-scheduler.ts';
import { createPostgresStore } from '../src/store/postgres-store.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';
import type { Store } from '../src/store/store.ts';
import { percentile } from './stats.ts';

const fires = Number(process.argv[2] ?? 300);
const warmup = 20;
const FIFTEEN_MIN = 15 * 60_000;

const ms = (v: number) => `${v.toFixed(2)} ms`;

function document(n: number): Document {
  const hash = createHash('sha256').update(`doc ${n}`).digest('hex');
  return { id: hash.slice(0, 12), hash, path: `seeds/${n}.txt`, title: `Doc ${n}`, date: null, source: null, url: null, topics: ['t'], text: `Doc ${n}.`, passages: [], quotes: [] };
}

function fakes() {
  const topic: Topic = { slug: 't', title: 'Topic', description: '', keywords: [], query: null, files: [] };
  const docs: Document[] = Array.from({ length: 20 }, (_, i) => document(i));
  const topics: TopicService = {
    list: () => [{ ...topic, documentCount: docs.length }],
    get: (slug) => (slug === 't' ? topic : null),
    documentsFor: () => docs,
    suggest: () => [],
    complete: () => [],
  };
  const brief = (docsIn: readonly Document[]): Brief => ({
    query: 't', topic, headline: 'h', bullets: docsIn.map((d) => ({ text: d.title, citations: [] })), quotes: [],
    entities: { people: [], organizations: [], places: [] }, sources: [], engine: 'fake', notes: [],
  });
  const briefing: BriefingService = { brief: async () => brief([]), briefDocuments: async (_t, d) => brief(d) };
  let n = 0;
  const platform = { post: async () => ({ messageId: `m${++n}` }) };
  return { docs, topics, briefing, platform };
}

function fakeCron(): CronScheduler & { trigger(name: string, slot: Date): Promise<unknown> } {
  const tasks: Array<{ name: string; fn: (c: { date: Date }) => Promise<unknown>; coordinator: NonNullable<Parameters<CronScheduler['schedule']>[2]['runCoordinator']> }> = [];
  return {
    schedule(_expression, fn, options) {
      tasks.push({ name: options.name ?? '', fn, coordinator: options.runCoordinator! });
      const task: CronTask = { stop() {}, destroy() {}, on() {} };
      return task;
    },
    async trigger(name, slot) {
      const task = tasks.find((t) => t.name === name)!;
      if (!(await task.coordinator.shouldRun(`${name}:${slot.toISOString()}`, 900_000))) throw new Error('not claimed');
      return task.fn({ date: slot });
    },
  };
}

async function run(label: string, open: (clock: ReturnType<typeof createManualClock>) => Promise<{ store: Store; cleanup: () => Promise<void> }>) {
  const clock = createManualClock('2026-05-04T00:00:00Z');
  const { store, cleanup } = await open(clock);
  try {
    const f = fakes();
    const cron = fakeCron();
    const scheduler = createDigestScheduler({
      store, services: { topics: f.topics, briefing: f.briefing }, hasPlatform: (name) => name === 'bench', deliver: () => f.platform.post(), clock, logger: silentLogger,
      config: { digests: [], digest: { minIntervalMinutes: 15, maxPerChannel: 100, catchUpWindowMinutes: 120, defaultSchedule: 'daily at 08:00', maxAttempts: 4 } },
      owner: 'bench', cron,
      timers: { setInterval: () => ({}), clearInterval: () => {}, sleep: async () => {} },
    });
    await scheduler.start();
    const admin = { id: 'bench:admin', name: 'admin', isAdmin: true };
    const sub = await scheduler.service.subscribe({ platform: 'bench', conversationId: 'bench:c', topic: 't', schedule: 'every 15 minutes', timezone: 'UTC', user: admin });

    let slot = Date.parse('2026-05-04T00:15:00Z');
    let docN = 1000;
    const measure = async (fire: (at: Date) => Promise<unknown>): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i < warmup + fires; i++) {
        f.docs.unshift(document(docN++)); // one new document per fire, so every fire briefs and posts
        clock.set(slot);
        const t0 = performance.now();
        await fire(new Date(slot));
        if (i >= warmup) times.push(performance.now() - t0);
        slot += FIFTEEN_MIN;
      }
      return times;
    };
    const viaCron = await measure((at) => cron.trigger(`digest:${sub.id}`, at));
    const viaSweep = await measure((at) => scheduler.fireDue(at));
    const sent = (await store.listDeliveries(sub.id, 10_000)).filter((d) => d.status === 'sent').length;
    if (sent !== 2 * (warmup + fires)) throw new Error(`expected every fire sent, got ${sent}`);

    // The idle cost of the periodic sweep (reload + one deliveries query per subscription), 50 subscriptions.
    for (let i = 0; i < 49; i++) {
      await scheduler.service.subscribe({ platform: 'bench', conversationId: `bench:c${i % 40}`, topic: 't', schedule: `${i % 60} 3 * * *`, timezone: 'UTC', user: admin });
    }
    clock.set(slot - 60_000);
    const idle: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      await scheduler.fireDue();
      idle.push(performance.now() - t0);
    }
    await scheduler.stop();

    const row = (name: string, t: number[]) =>
      `  ${name.padEnd(44)} median ${ms(percentile(t, 50)).padStart(9)}  p95 ${ms(percentile(t, 95)).padStart(9)}  → ${(1000 / percentile(t, 50)).toFixed(0).padStart(5)} fires/s sequential`;
    console.log(`${label} (${fires} fires each, ${warmup} warm-up)`);
    console.log(row('fire via node-cron callback (claim→post→record)', viaCron));
    console.log(row('fire via sweep (reload + due check + the same)', viaSweep));
    console.log(`  ${'idle sweep, 50 subscriptions, nothing due'.padEnd(44)} median ${ms(percentile(idle, 50)).padStart(9)}  p95 ${ms(percentile(idle, 95)).padStart(9)}`);
  } finally {
    await cleanup();
  }
}

await run('SQLite (node:sqlite, WAL, file in tmpdir)', async (clock) => {
  const dir = await mkdtemp(join(tmpdir(), 'briefbot-bench-digest-'));
  const store = await createSqliteStore({ dataDir: dir, clock });
  return { store, cleanup: async () => { await store.close(); await rm(dir, { recursive: true, force: true }); } };
});

const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (url) {
  await run('PostgreSQL (pg pool, throwaway schema)', async (clock) => {
    const schema = `bench_digest_${process.pid}`;
    const store = await createPostgresStore({ connectionString: url, schema, clock });
    return {
      store,
      cleanup: async () => {
        await store.close();
        const pool = new Pool({ connectionString: url, max: 1 });
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await pool.end();
      },
    };
  });
} else {
  console.log('PostgreSQL: skipped (set TEST_DATABASE_URL or DATABASE_URL)');
}
