// N concurrent `/brief` interactions through the real discord.js client against the fake Discord,
// with a sink whose engine takes 2 s. Prints time-to-defer (interaction dispatched by the fake →
// defer callback received by the fake) and time-to-final-edit (→ the PATCH carrying the embeds).
//
//   node --disable-warning=ExperimentalWarning bench/discord-load.ts \
//     [--n 100] [--engine-ms 2000] [--warmup 1] [--progress] [--threads] [--same-thread]
//
// The fake runs in a worker thread (Discord is another machine; sharing one event loop would
// charge the fake's HTTP and JSON work to the bot) and reports its timings once per round, so
// the measurement itself adds no traffic between the threads. `--same-thread` runs it in-process.
// A warm-up round (instant engine) runs first — JIT, keep-alive connections: a bot in service is warm. Times are
// absolute (timeOrigin + now), so they compare across threads.
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { silentLogger } from '../src/core/logger.ts';
import { createDiscordPlatform } from '../src/platforms/discord/discord-platform.ts';
import { startFakeDiscord, type RecordedRequest } from '../test/fakes/discord/fake-discord.ts';
import { createFakeSink } from '../test/platforms/discord/fake-sink.ts';
import { percentile } from './stats.ts';

const now = () => performance.timeOrigin + performance.now();

interface RoundResult {
  type: 'round';
  /** Per interaction: dispatched by the fake, defer received, final edit received (absolute ms). */
  rows: Array<{ sent: number; defer: number; final: number }>;
  requests: number;
}
type FromFake = { type: 'ready'; apiUrl: string; token: string } | RoundResult;
type ToFake = { type: 'fire'; n: number } | { type: 'close' };

interface FakeLink {
  ready: Promise<{ apiUrl: string; token: string }>;
  fire(n: number): Promise<RoundResult>;
  close(): Promise<void>;
}

/** The fake's side: start it, fire a round of interactions on request, report when the round is complete. */
async function runFake(post: (m: FromFake) => void, onMessage: (listener: (m: ToFake) => void) => void, done: () => void): Promise<void> {
  const fake = await startFakeDiscord();
  let round: { sent: Map<string, number>; defer: Map<string, number>; final: Map<string, number> } | null = null;
  fake.events.on('request', (r: RecordedRequest) => {
    if (!round) return;
    const at = performance.timeOrigin + r.at;
    const callback = /^\/interactions\/\d+\/([^/]+)\/callback$/.exec(r.path);
    if (callback && r.body?.type === 5) round.defer.set(callback[1], at);
    const edit = /^\/webhooks\/\d+\/([^/]+)\/messages\/@original$/.exec(r.path);
    if (edit && r.method === 'PATCH' && r.status === 200 && r.body?.embeds?.length) {
      round.final.set(edit[1], at);
      if (round.final.size === round.sent.size) {
        const { sent, defer, final } = round;
        round = null;
        post({ type: 'round', rows: [...sent].map(([t, s]) => ({ sent: s, defer: defer.get(t) ?? NaN, final: final.get(t) ?? NaN })), requests: fake.requests.length });
      }
    }
  });
  onMessage((m) => {
    if (m.type === 'fire') {
      round = { sent: new Map(), defer: new Map(), final: new Map() };
      for (let i = 0; i < m.n; i++) {
        const at = now();
        const { token } = fake.sendCommand({ name: 'brief', options: { topic: 'us-russia' } });
        round.sent.set(token, at);
      }
    } else if (m.type === 'close') void fake.close().then(done);
  });
  post({ type: 'ready', apiUrl: fake.apiUrl, token: fake.token });
}

function link(post: (m: ToFake) => void, listen: (l: (m: FromFake) => void) => void, close: () => Promise<void>): FakeLink {
  let pending: ((r: RoundResult) => void) | null = null;
  let resolveReady!: (v: { apiUrl: string; token: string }) => void;
  const ready = new Promise<{ apiUrl: string; token: string }>((resolve) => (resolveReady = resolve));
  listen((m) => {
    if (m.type === 'ready') resolveReady(m);
    else pending?.(m);
  });
  return {
    ready,
    fire: (n) => new Promise<RoundResult>((resolve) => {
      pending = resolve;
      post({ type: 'fire', n });
    }),
    close,
  };
}

function fakeInWorker(): FakeLink {
  const worker = new Worker(new URL(import.meta.url), { workerData: { role: 'fake' }, execArgv: [...process.execArgv] });
  worker.on('error', (e) => {
    console.error('fake worker failed:', e);
    process.exit(1);
  });
  return link(
    (m) => worker.postMessage(m),
    (l) => worker.on('message', l),
    () => new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.postMessage({ type: 'close' } satisfies ToFake);
    }),
  );
}

function fakeInProcess(): FakeLink {
  let toFake: (m: ToFake) => void = () => undefined;
  let fromFake: (m: FromFake) => void = () => undefined;
  let closed: () => void = () => undefined;
  const l = link(
    (m) => toFake(m),
    (listener) => (fromFake = listener),
    () => new Promise<void>((resolve) => {
      closed = resolve;
      toFake({ type: 'close' });
    }),
  );
  void runFake((m) => fromFake(m), (listener) => (toFake = listener), () => closed());
  return l;
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      n: { type: 'string', default: '100' },
      'engine-ms': { type: 'string', default: '2000' },
      warmup: { type: 'string', default: '1' },
      progress: { type: 'boolean', default: false },
      threads: { type: 'boolean', default: false },
      'same-thread': { type: 'boolean', default: false },
    },
  });
  const n = Number(values.n);
  const engineMs = Number(values['engine-ms']);

  const fake = values['same-thread'] ? fakeInProcess() : fakeInWorker();
  const { apiUrl, token } = await fake.ready;
  // Warm-up rounds run with an instant engine so the measured round starts on warm, recently used connections.
  let currentEngineMs = 0;
  // The offline engine reports no progress; only LLM engines do (--progress adds one edit per brief).
  const sink = createFakeSink({ engineMs: () => currentEngineMs, progress: values.progress });
  const platform = createDiscordPlatform({ token, apiUrl, logger: silentLogger, createThreads: values.threads });
  await platform.start(sink);

  const timeout = setTimeout(() => {
    console.error('timed out waiting for the final edits');
    process.exit(1);
  }, (Number(values.warmup) + 1) * (60_000 + engineMs));
  for (let i = 0; i < Number(values.warmup); i++) await fake.fire(n);
  // Let the warm-up's last REST responses settle so rounds do not overlap.
  await new Promise((r) => setTimeout(r, 250));
  currentEngineMs = engineMs;
  const rssBefore = process.memoryUsage().rss;
  const started = now();
  const result = await fake.fire(n);
  const wall = now() - started;
  clearTimeout(timeout);

  const defers = result.rows.map((r) => r.defer - r.sent).sort((a, b) => a - b);
  const finals = result.rows.map((r) => r.final - r.sent).sort((a, b) => a - b);
  const fakeWhere = values['same-thread'] ? 'in-process' : 'in a worker thread';
  console.log(`discord-load: ${n} concurrent /brief, engine ${engineMs} ms, progress ${values.progress ? 'on' : 'off'}, threads ${values.threads ? 'on' : 'off'}, fake ${fakeWhere}, ${values.warmup} warm-up round(s)`);
  console.log(`  deferred           ${defers.filter(Number.isFinite).length}/${n}, final edits ${finals.filter(Number.isFinite).length}/${n}`);
  console.log(`  time to defer      p50 ${fmt(percentile(defers, 50))}  p99 ${fmt(percentile(defers, 99))}  max ${fmt(defers.at(-1)!)}   (goal p99 ≤ 50 ms)`);
  console.log(`  time to final edit p50 ${fmt(percentile(finals, 50))}  p99 ${fmt(percentile(finals, 99))}  max ${fmt(finals.at(-1)!)}`);
  console.log(`  wall ${fmt(wall)}, REST requests so far ${result.requests}, bot RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB (+${((process.memoryUsage().rss - rssBefore) / 1e6).toFixed(1)} MB this round)`);

  await platform.stop();
  await fake.close();
}

// Last, so every declaration above is initialised before either side runs.
if (!isMainThread && workerData?.role === 'fake') {
  await runFake((m) => parentPort!.postMessage(m), (l) => parentPort!.on('message', l), () => parentPort!.close());
} else {
  await main();
}
