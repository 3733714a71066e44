// N concurrent signed `/brief` requests against the Slack platform in HTTP mode (the real Bolt
// app), with a sink that takes `--engine-ms` (default 2 s) like a slow engine. Prints ack latency
// and time-to-brief-posted percentiles. Goal: 100 concurrent → ack p99 ≤ 50 ms.
//
// The app under test runs on the main thread; the fake Slack (Web API, response_url) and the
// load generator run in a worker thread, the way Slack is another machine in production: their
// CPU does not queue in front of the app's acks. `--same-thread` puts everything on one event
// loop (a harsher, less realistic figure).
//
//   node --disable-warning=ExperimentalWarning bench/slack-load.ts [--n 100] [--engine-ms 2000] [--warmup 3] [--rounds 5] [--same-thread]
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { silentLogger } from '../src/core/logger.ts';
import type { EventSink } from '../src/platforms/platform-types.ts';
import { createSlackPlatform } from '../src/platforms/slack/slack-platform.ts';
import { createFakeSlack, type FakeSlack } from '../test/fakes/slack/fake-slack.ts';
import { slashCommand } from '../test/fakes/slack/payloads.ts';
import { createSignedClient, type SignedClient } from '../test/fakes/slack/signed-client.ts';
import { realisticBrief } from '../test/platforms/slack/helpers.ts';
import { percentile } from './stats.ts';

const BOT_TOKEN = 'xoxb-bench';
const SECRET = 'bench-signing-secret';
const USERS = Array.from({ length: 20 }, (_, i) => ({ id: `U${i}`, name: `user${i}` }));

interface BurstResult {
  acks: number[];
  posted: number[];
  failures: number;
}

// ─── load side: fake Slack + signed client ─────────────────────────────────────────────────

function createLoad(fake: FakeSlack, client: SignedClient, engineMs: number) {
  let channelSeq = 0;
  return async function burst(count: number): Promise<BurstResult> {
    const jobs = Array.from({ length: count }, (_, i) => ({
      channel: `C${++channelSeq}`,
      user: USERS[i % USERS.length].id,
    }));
    const responses = await Promise.all(jobs.map((j) => client.command(slashCommand({ text: 'us-russia', responseUrl: fake.responseUrl(), channel: j.channel, user: j.user }))));
    const failures = responses.filter((r) => r.status !== 200).length;
    const acks = responses.map((r) => r.receivedAt - r.sentAt);
    const sentAt = new Map(jobs.map((j, i) => [j.channel, responses[i].sentAt]));
    const posted = new Map<string, number>();
    await fake.waitFor(() => {
      for (const c of fake.calls) {
        const ch = String(c.params.channel);
        if (c.method === 'chat.postMessage' && sentAt.has(ch) && !posted.has(ch)) posted.set(ch, c.at - sentAt.get(ch)!);
      }
      return posted.size === jobs.length;
    }, 'all briefs posted', engineMs + 30_000);
    return { acks, posted: [...posted.values()], failures };
  };
}

// ─── app side ──────────────────────────────────────────────────────────────────────────────

async function startApp(apiUrl: string, engineMs: number) {
  const sink: EventSink = {
    async command(_event, outbox) {
      await new Promise((resolve) => setTimeout(resolve, engineMs));
      await outbox.post({ kind: 'brief', brief: realisticBrief() }, { followUps: true });
    },
    async message() {},
    async autocomplete() { return []; },
  };
  const platform = createSlackPlatform({
    botToken: BOT_TOKEN,
    signingSecret: SECRET,
    slackApiUrl: apiUrl,
    port: 0,
    host: '127.0.0.1',
    logger: silentLogger,
    retryConfig: { retries: 0 },
  });
  await platform.start(sink);
  return platform;
}

// ─── report ────────────────────────────────────────────────────────────────────────────────

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

function line(label: string, r: BurstResult): string {
  const acks = [...r.acks].sort((a, b) => a - b);
  const posted = [...r.posted].sort((a, b) => a - b);
  return `${label}: ack p50 ${fmt(percentile(acks, 50))}  p99 ${fmt(percentile(acks, 99))}  max ${fmt(acks.at(-1)!)} | brief posted p50 ${fmt(percentile(posted, 50))}  p99 ${fmt(percentile(posted, 99))} | non-200: ${r.failures}`;
}

async function runRounds(burst: (n: number) => Promise<BurstResult>, n: number, rounds: number, warmup: number, print: (s: string) => void): Promise<BurstResult> {
  // Warm-up bursts (V8 optimises the hot path over the first few hundred requests; sockets and
  // the users.info cache fill). The first is printed as the cold-start figure, none count below.
  for (let i = 1; i <= warmup; i++) {
    const r = await burst(n);
    if (i === 1) print(line('  cold (warm-up 1, not counted)', r));
  }
  const all: BurstResult = { acks: [], posted: [], failures: 0 };
  for (let round = 1; round <= rounds; round++) {
    const r = await burst(n);
    print(line(`  round ${round}`, r));
    all.acks.push(...r.acks);
    all.posted.push(...r.posted);
    all.failures += r.failures;
  }
  return all;
}

if (isMainThread) {
  const { values } = parseArgs({
    options: {
      n: { type: 'string', default: '100' },
      'engine-ms': { type: 'string', default: '2000' },
      rounds: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '3' },
      'same-thread': { type: 'boolean', default: false },
    },
  });
  const n = Number(values.n);
  const engineMs = Number(values['engine-ms']);
  const rounds = Number(values.rounds);
  const warmup = Number(values.warmup);
  const sameThread = values['same-thread'];
  console.log(`slack-load: ${n} concurrent signed /brief requests, HTTP mode, engine ${engineMs} ms, ${warmup} warm-up + ${rounds} measured round(s), load ${sameThread ? 'on the same thread' : 'in a worker thread'}`);

  let all: BurstResult;
  if (sameThread) {
    const fake = await createFakeSlack({ botToken: BOT_TOKEN, users: USERS });
    const platform = await startApp(fake.apiUrl, engineMs);
    const client = createSignedClient({ url: `http://127.0.0.1:${platform.address()!.port}/slack/events`, signingSecret: SECRET });
    all = await runRounds(createLoad(fake, client, engineMs), n, rounds, warmup, console.log);
    client.close();
    await platform.stop();
    await fake.close();
  } else {
    const worker = new Worker(new URL(import.meta.url), { workerData: { n, engineMs, rounds, warmup } });
    // One listener each; messages wait in a queue until read.
    type Msg = { type: string; [k: string]: unknown };
    const queue: Msg[] = [];
    const waiting: Array<{ resolve: (m: Msg) => void; reject: (e: unknown) => void }> = [];
    worker.on('message', (m: Msg) => (waiting.length ? waiting.shift()!.resolve(m) : queue.push(m)));
    worker.on('error', (e) => { for (const w of waiting.splice(0)) w.reject(e); });
    const next = () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise<Msg>((resolve, reject) => waiting.push({ resolve, reject })));
    const ready = await next();
    const platform = await startApp(String(ready.apiUrl), engineMs);
    worker.postMessage({ port: platform.address()!.port });
    for (;;) {
      const msg = await next();
      if (msg.type === 'line') console.log(msg.text);
      if (msg.type === 'done') {
        all = msg.result as BurstResult;
        break;
      }
    }
    await platform.stop();
    await worker.terminate();
  }
  const sortedAcks = [...all.acks].sort((a, b) => a - b);
  console.log(line(`overall (${all.acks.length} requests)`, all));
  console.log(`goal ack p99 ≤ 50 ms at ${n} concurrent: ${percentile(sortedAcks, 99) <= 50 ? 'met' : 'NOT met'}`);
} else {
  const { n, engineMs, rounds, warmup } = workerData as { n: number; engineMs: number; rounds: number; warmup: number };
  const fake = await createFakeSlack({ botToken: BOT_TOKEN, users: USERS });
  parentPort!.postMessage({ type: 'ready', apiUrl: fake.apiUrl });
  const { port } = await new Promise<{ port: number }>((resolve) => parentPort!.once('message', resolve));
  const client = createSignedClient({ url: `http://127.0.0.1:${port}/slack/events`, signingSecret: SECRET });
  const result = await runRounds(createLoad(fake, client, engineMs), n, rounds, warmup, (text) => parentPort!.postMessage({ type: 'line', text }));
  client.close();
  parentPort!.postMessage({ type: 'done', result });
  await fake.close();
}
