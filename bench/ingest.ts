// Ingest, retrieval and offline-brief speed over N synthetic articles.
// Usage: node bench/ingest.ts [N=10000]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { configSchema } from '../src/config/schema.ts';
import { systemClock } from '../src/core/clock.ts';
import { silentLogger } from '../src/core/logger.ts';
import type { Engine } from '../src/engines/engine-types.ts';
import { createCorpus } from '../src/corpus/corpus.ts';
import { createOfflineEngine } from '../src/engines/offline-engine.ts';
import { createServices } from '../src/services.ts';
import { createMemoryStore } from '../src/store/memory-store.ts';
import { fmt, percentile } from './stats.ts';
import { rng } from './synthetic.ts';

const count = Number(process.argv[2] ?? 10_000);
const dir = mkdtempSync(path.join(tmpdir(), 'briefbot-ingest-'));
// Articles are written by a child process so this process's RSS is the bot's alone.
const written = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', '-e', `import('./bench/synthetic.ts').then((m) => console.log(m.writeArticles(${JSON.stringify(dir)}, ${count})))`], { encoding: 'utf8' });
if (written.status !== 0) throw new Error(written.stderr);
const bytes = Number(written.stdout.trim());
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 20);

try {
  const t0 = performance.now();
  const corpus = await createCorpus({ dirs: [dir], maxFileBytes: 5 * 1024 * 1024, watch: false, logger: silentLogger });
  const tLoaded = performance.now();
  const offline = createOfflineEngine();
  const config = configSchema.parse({
    topics: [{ slug: 'energy', title: 'Energy', keywords: ['energy', 'pipeline'], minKeywordMatches: 1 }],
  });
  const { services, index } = createServices({
    config, corpus, store: createMemoryStore(), engines: new Map<string, Engine>([['offline', offline]]), defaultEngine: 'offline', clock: systemClock,
  });
  const tIndexed = performance.now();
  const snapshot = corpus.current();
  const passages = snapshot.documents.reduce((n, d) => n + d.passages.length, 0);

  const random = rng(7);
  const words = ['pipeline', 'summit Geneva', 'rare earth mining deal', 'interest rate decision', 'ceasefire proposal', 'grain exports talks', 'finance minister', 'climate package Oslo', 'steel sanctions', 'budget next year'];
  const latencies: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const q = `${words[Math.floor(random() * words.length)]} ${words[Math.floor(random() * words.length)]}`;
    const s = performance.now();
    index.search(q, { limit: 10 });
    latencies.push(performance.now() - s);
  }

  await services.briefing.brief('energy', { length: 'standard' }); // warm (loads compromise once)
  const briefTimes: number[] = [];
  for (const query of ['energy', 'rare earth mining deal', 'ceasefire proposal Geneva', 'energy', 'interest rate decision']) {
    const s = performance.now();
    await services.briefing.brief(query, { length: 'standard' });
    briefTimes.push(performance.now() - s);
  }
  const answerTimes: number[] = [];
  for (const q of ['What did the finance minister say about energy?', 'Where were the grain export talks?', 'Who approved the climate package?']) {
    const s = performance.now();
    await services.answers.answer(q);
    answerTimes.push(performance.now() - s);
  }
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  const loadMs = tLoaded - t0;
  const totalMs = tIndexed - t0;
  console.log(`articles:            ${count} (${(bytes / 1024 / 1024).toFixed(1)} MB), ${passages} passages`);
  console.log(`load + parse:        ${fmt(loadMs)} (${Math.round(count / (loadMs / 1000))} docs/s)`);
  console.log(`index (BM25):        ${fmt(tIndexed - tLoaded)}`);
  console.log(`ingest + index:      ${fmt(totalMs)} (${Math.round(count / (totalMs / 1000))} docs/s)`);
  console.log(`retrieval:           p50 ${fmt(percentile(latencies, 50))}, p99 ${fmt(percentile(latencies, 99))} (1000 queries, top 10)`);
  console.log(`offline brief:       p50 ${fmt(percentile(briefTimes, 50))}, max ${fmt(Math.max(...briefTimes))} (topic and free-text, ≤ 20 documents each)`);
  console.log(`offline answer:      p50 ${fmt(percentile(answerTimes, 50))}, max ${fmt(Math.max(...answerTimes))}`);
  console.log(`peak RSS:            ${(peakRss / 1024 / 1024).toFixed(0)} MB`);
  await corpus.close();
} finally {
  clearInterval(sampler);
  rmSync(dir, { recursive: true, force: true });
}
