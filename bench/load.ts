// The whole bot under load: N `/brief` and `/ask` commands spread evenly over S seconds, half
// through the fake Slack (HTTP mode, signed requests, the real Bolt app) and half through the
// fake Discord (the real discord.js client), answered by the real router and the openai engine
// (real SDK) against the fake OpenAI server, which takes `--llm-ms` (default 2 s) per call.
// Prints answered/unanswered, ack p50/p99, time to the answer, brief-cache hits and the bot
// process's peak RSS.
//
// The bot runs in this process; the three fakes and the load generator run in a child process
// (Slack, Discord and OpenAI are other machines): their CPU does not queue in front of the bot's
// acks, and the bot's peak RSS (getrusage maxrss) is the bot's alone.
//
// Queries are varied (free-text briefs over a synthetic corpus, a topic slug, questions), so the
// openai engine's brief cache and single flight see a realistic mix of repeats and new work.
//
//   node --disable-warning=ExperimentalWarning bench/load.ts [--n 500] [--seconds 10] [--llm-ms 2000]
//     [--concurrency 32] [--docs 300] [--wait 300] [--warmup 4]
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadConfig, PROJECT_ROOT } from '../src/config/load.ts';
import { silentLogger } from '../src/core/logger.ts';
import { createBriefbot } from '../src/main.ts';
import { createDiscordPlatform } from '../src/platforms/discord/discord-platform.ts';
import { createSlackPlatform } from '../src/platforms/slack/slack-platform.ts';
import { fmt, percentile } from './stats.ts';
import { rng, writeArticles } from './synthetic.ts';

const BOT_TOKEN = 'xoxb-fake-load-bench';
const SECRET = 'load-bench-signing-secret';
const OPENAI_KEY = 'sk-load-bench';
/** argv of the child process that runs the fakes and the load. */
const LOAD_SIDE = '--load-side';

interface Settings {
  n: number;
  seconds: number;
  llmMs: number;
  waitS: number;
  warmup: number;
}

type ToLoad = { type: 'start'; slackUrl: string; settings: Settings } | { type: 'close' };
type FromLoad =
  | { type: 'ready'; slackApiUrl: string; discordApiUrl: string; discordToken: string; openaiUrl: string }
  | { type: 'warm' }
  | { type: 'result'; result: LoadResult };

interface Row {
  platform: 'slack' | 'discord';
  kind: 'brief' | 'ask';
  ack: number;
  /** ms from sending to the final reply (NaN when none). */
  answer: number;
  /** brief | answer | error (ephemeral/apology) | none */
  outcome: 'reply' | 'error' | 'none';
  cached: boolean;
}

interface LoadResult {
  rows: Row[];
  sendSpreadMs: number;
  llmCalls: Record<string, number>;
  loadRssMb: number;
}

// ─── the load side (child process): fakes + generator ──────────────────────────────────────

const PLACES = ['Riyadh', 'Geneva', 'Brussels', 'Ankara', 'Nairobi', 'Jakarta', 'Lima', 'Oslo', 'Hanoi', 'Warsaw', 'Doha', 'Vienna'];
const TOPICS = ['energy', 'trade', 'security', 'climate', 'finance', 'shipping', 'agriculture', 'technology', 'health', 'mining'];
const OBJECTS = ['trade agreement', 'energy pipeline', 'steel sanctions', 'ceasefire proposal', 'interest rate decision', 'summit plans', 'climate package', 'rare earth mining deal', 'budget', 'grain exports'];
const PEOPLE = ['Anna Keller', 'Omar Haddad', 'Li Wen', 'Maria Santos', 'Jonas Berg', 'Fatima Diallo'];

function commandMix(n: number): Array<{ kind: 'brief' | 'ask'; text: string }> {
  const random = rng(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  return Array.from({ length: n }, (_, i) => {
    if (i % 2 === 0) {
      // Briefs: one topic slug (always the same brief), and free text from a pool of ~120.
      const text = random() < 0.1 ? 'us-russia' : `${pick(TOPICS)} ${pick(PLACES)}`;
      return { kind: 'brief' as const, text };
    }
    const text = random() < 0.5 ? `what did ${pick(PEOPLE)} say about the ${pick(OBJECTS)}?` : `what happened with the ${pick(OBJECTS)} in ${pick(PLACES)}?`;
    return { kind: 'ask' as const, text };
  });
}

async function loadSide(): Promise<void> {
  const send = (m: FromLoad) => process.send!(m);
  const { createFakeSlack } = await import('../test/fakes/slack/fake-slack.ts');
  const { slashCommand } = await import('../test/fakes/slack/payloads.ts');
  const { createSignedClient } = await import('../test/fakes/slack/signed-client.ts');
  const { startFakeDiscord } = await import('../test/fakes/discord/fake-discord.ts');
  const { startFakeOpenAI, extractiveModel } = await import('../test/fakes/openai-server.ts');

  let llmMs = 0;
  const llmCalls: Record<string, number> = {};
  const openai = await startFakeOpenAI({
    handler: (request) => {
      llmCalls[request.schema ?? 'unknown'] = (llmCalls[request.schema ?? 'unknown'] ?? 0) + 1;
      return { ...extractiveModel(request), delayMs: llmMs, chunkDelayMs: 0 };
    },
  });
  const users = Array.from({ length: 100 }, (_, i) => ({ id: `U${i}`, name: `user${i}` }));
  const slack = await createFakeSlack({ botToken: BOT_TOKEN, users });
  const discord = await startFakeDiscord();
  send({ type: 'ready', slackApiUrl: slack.apiUrl, discordApiUrl: discord.apiUrl, discordToken: discord.token, openaiUrl: openai.baseURL });

  // Discord: when the defer callback and the final message for each interaction token arrive.
  const discordAck = new Map<string, number>();
  const discordFinal = new Map<string, { at: number; outcome: 'reply' | 'error'; cached: boolean }>();
  discord.events.on('request', (r: { method: string; path: string; body: any; status: number }) => {
    const now = performance.now();
    const callback = /^\/interactions\/\d+\/([^/]+)\/callback$/.exec(r.path);
    if (callback && r.status === 204 && !discordAck.has(callback[1])) discordAck.set(callback[1], now);
    const edit = /^\/webhooks\/\d+\/([^/]+)\/messages\/@original$/.exec(r.path);
    if (edit && r.method === 'PATCH' && r.status === 200 && r.body?.embeds?.length && !discordFinal.has(edit[1])) {
      discordFinal.set(edit[1], { at: now, outcome: 'reply', cached: JSON.stringify(r.body).includes('cached brief') });
    }
    const followUp = /^\/webhooks\/\d+\/([^/]+)$/.exec(r.path);
    if (followUp && r.method === 'POST' && r.status === 200 && !discordFinal.has(followUp[1]) && (r.body?.flags ?? 0) & 64) {
      discordFinal.set(followUp[1], { at: now, outcome: 'error', cached: false });
    }
  });

  process.on('message', async (m: ToLoad) => {
    if (m.type === 'close') {
      await Promise.allSettled([slack.close(), discord.close(), openai.close()]);
      process.exit(0);
    }
    if (m.type !== 'start') return;
    const { settings } = m;
    const client = createSignedClient({ url: m.slackUrl, signingSecret: SECRET });

    // Warm-up (not measured): instant model, a few commands each way, so connections and JIT are warm.
    llmMs = 0;
    const warmTokens: string[] = [];
    for (let i = 0; i < settings.warmup; i++) {
      // Only the bundled seed matches these: nothing the measured mix asks for is cached by the warm-up.
      await client.command(slashCommand({ text: i % 2 ? 'Kremlin Peskov' : 'ask what did Peskov say?', channel: `CW${i}`, user: users[i % users.length].id, responseUrl: slack.responseUrl() }));
      warmTokens.push(discord.sendCommand(i % 2 ? { name: 'ask', options: { question: 'what did Kirill Dmitriev say?' } } : { name: 'brief', options: { topic: 'Nord Stream pipeline Kremlin' } }).token);
    }
    // Until every warm-up command is answered (lazy modules loaded, topic membership computed).
    const warmDeadline = performance.now() + 60_000;
    const warmed = () => warmTokens.every((t) => discordFinal.has(t))
      && Array.from({ length: settings.warmup }, (_, i) => `CW${i}`).every((ch) => slack.calls.some((k) => k.params.channel === ch && !/Working on/.test(k.text)));
    while (!warmed() && performance.now() < warmDeadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 500));
    send({ type: 'warm' });
    llmMs = settings.llmMs;
    for (const k of Object.keys(llmCalls)) delete llmCalls[k];

    const mix = commandMix(settings.n);
    const interval = (settings.seconds * 1000) / settings.n;
    const t0 = performance.now();
    const pending: Array<Promise<Row | (() => Row)>> = [];
    for (const [i, c] of mix.entries()) {
      const due = t0 + i * interval;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      const user = users[i % users.length];
      if (i % 4 < 2) {
        // Slack: /brief <text> or /brief ask <question>, each in its own channel so its reply is findable.
        const channel = `CL${i}`;
        const text = c.kind === 'ask' ? `ask ${c.text}` : c.text;
        const responseUrl = slack.responseUrl();
        const responseId = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
        const sent = performance.now();
        pending.push(client.command(slashCommand({ text, channel, user: user.id, responseUrl })).then((res) => {
          const ack = res.status === 200 ? res.receivedAt - res.sentAt : NaN;
          return () => {
            const placeholder = /Working on (it|your brief)/;
            const reply = [...slack.messages.values()].find((msg) => msg.channel === channel && !msg.deleted && !placeholder.test(`${msg.text} ${JSON.stringify(msg.blocks ?? '')}`));
            const call = slack.calls.find((k) => (k.method === 'chat.postMessage' || k.method === 'chat.update') && k.params.channel === channel && !placeholder.test(k.text));
            const ephemeral = slack.responses.find((r) => r.id === responseId && !placeholder.test(r.text));
            const outcome = reply ? 'reply' as const : ephemeral ? 'error' as const : 'none' as const;
            const at = reply ? call?.at : ephemeral?.at;
            return {
              platform: 'slack' as const, kind: c.kind, ack,
              answer: at !== undefined ? at - sent : NaN,
              outcome,
              cached: Boolean(reply && JSON.stringify(reply.blocks).includes('cached brief')),
            };
          };
        }, () => ({ platform: 'slack' as const, kind: c.kind, ack: NaN, answer: NaN, outcome: 'none' as const, cached: false })));
      } else {
        const sent = performance.now();
        const { token } = c.kind === 'ask'
          ? discord.sendCommand({ name: 'ask', options: { question: c.text } })
          : discord.sendCommand({ name: 'brief', options: { topic: c.text } });
        pending.push(Promise.resolve(() => {
          const final = discordFinal.get(token);
          return {
            platform: 'discord' as const, kind: c.kind,
            ack: (discordAck.get(token) ?? NaN) - sent,
            answer: final ? final.at - sent : NaN,
            outcome: final?.outcome ?? 'none',
            cached: final?.cached ?? false,
          };
        }));
      }
    }
    const sendSpreadMs = performance.now() - t0;
    const settled = await Promise.all(pending);
    // Wait for the answers (or give up after --wait seconds).
    const deadline = performance.now() + settings.waitS * 1000;
    let rows: Row[] = [];
    for (;;) {
      rows = settled.map((r) => (typeof r === 'function' ? r() : r));
      if (rows.every((r) => r.outcome !== 'none') || performance.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    client.close();
    send({ type: 'result', result: { rows, sendSpreadMs, llmCalls: { ...llmCalls }, loadRssMb: process.memoryUsage.rss() / 1e6 } });
  });
}

// ─── the bot side (this process) ───────────────────────────────────────────────────────────

async function botSide(): Promise<void> {
  const { values } = parseArgs({
    options: {
      n: { type: 'string', default: '500' },
      seconds: { type: 'string', default: '10' },
      'llm-ms': { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '32' },
      docs: { type: 'string', default: '300' },
      wait: { type: 'string', default: '300' },
      warmup: { type: 'string', default: '4' },
    },
  });
  const settings: Settings = { n: Number(values.n), seconds: Number(values.seconds), llmMs: Number(values['llm-ms']), waitS: Number(values.wait), warmup: Number(values.warmup) };
  const concurrency = Number(values.concurrency);
  const docs = Number(values.docs);

  const child: ChildProcess = fork(new URL(import.meta.url).pathname, [LOAD_SIDE], { execArgv: process.execArgv });
  const inbox: FromLoad[] = [];
  const waiting: Array<(m: FromLoad) => void> = [];
  child.on('message', (m: FromLoad) => (waiting.length ? waiting.shift()!(m) : inbox.push(m)));
  child.on('exit', (code) => { if (code) { console.error(`load process exited with ${code}`); process.exit(1); } });
  const next = () => (inbox.length ? Promise.resolve(inbox.shift()!) : new Promise<FromLoad>((resolve) => waiting.push(resolve)));

  const ready = await next();
  if (ready.type !== 'ready') throw new Error('unexpected message from the load process');

  const seeds = mkdtempSync(path.join(tmpdir(), 'briefbot-load-seeds-'));
  writeArticles(seeds, docs);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'briefbot-load-data-'));
  const loaded = loadConfig({
    env: {
      BRIEFBOT_DATA_DIR: dataDir,
      BRIEFBOT_SEEDS: [path.join(PROJECT_ROOT, 'seeds'), seeds].join(','),
      OPENAI_API_KEY: OPENAI_KEY,
      OPENAI_BASE_URL: ready.openaiUrl,
      BRIEFBOT_ENGINE: 'openai',
      LOG_LEVEL: 'error',
    },
  });
  if (!loaded.ok) throw new Error(loaded.issues.join('; '));
  const config = loaded.config;
  config.seeds.watch = false;
  config.engine.openai.concurrency = concurrency;
  config.engine.openai.maxRetries = 0;
  config.limits.commandsPerUserPerMinute = 1000;

  const app = await createBriefbot({ config, logger: silentLogger, watch: false });
  const firstSeen = (key: string) => app.store.claim(key, crypto.randomUUID(), 24 * 60 * 60 * 1000);
  // The platforms' own view of each acknowledgement (listener entered → ack sent), next to what the
  // load side sees (request sent → response received), which adds the network and both queues.
  const botAcks: Record<'slack' | 'discord', number[]> = { slack: [], discord: [] };
  let measuring = false;
  const slack = createSlackPlatform({
    botToken: BOT_TOKEN, signingSecret: SECRET, slackApiUrl: ready.slackApiUrl, port: 0, host: '127.0.0.1', logger: silentLogger, firstSeen, retryConfig: { retries: 0 },
    onAck: (info) => { if (measuring) botAcks.slack.push(info.ms); },
  });
  const discord = createDiscordPlatform({
    token: ready.discordToken, apiUrl: ready.discordApiUrl, logger: silentLogger, firstSeen,
    onAck: (info) => { if (measuring && info.kind === 'command') botAcks.discord.push(info.ms); },
  });
  await slack.start(app.router);
  await discord.start(app.replies);
  const rssBefore = process.memoryUsage.rss();
  const slackUrl = `http://127.0.0.1:${slack.address()!.port}/slack/events`;
  console.log(`load: ${settings.n} commands (/brief and /ask, half Slack HTTP mode, half Discord) over ${settings.seconds} s; fake LLM ${settings.llmMs} ms per call, engine openai, concurrency ${concurrency}; corpus ${app.corpus.current().documents.length} documents; store ${app.store.kind}`);

  child.send({ type: 'start', slackUrl, settings } satisfies ToLoad);
  if ((await next()).type !== 'warm') throw new Error('expected warm-up to finish');
  measuring = true;
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  let peakSampled = process.memoryUsage.rss();
  let peakHeap = { heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakSampled = Math.max(peakSampled, m.rss);
    if (m.heapTotal > peakHeap.heapTotal) peakHeap = { heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
  }, 50);
  const message = await next();
  clearInterval(sampler);
  loopDelay.disable();
  if (message.type !== 'result') throw new Error('expected the result');
  const { rows, sendSpreadMs, llmCalls, loadRssMb } = message.result;

  const line = (label: string, subset: Row[]) => {
    const acks = subset.map((r) => r.ack).filter(Number.isFinite);
    const answers = subset.map((r) => r.answer).filter(Number.isFinite);
    const unanswered = subset.filter((r) => r.outcome === 'none').length;
    const errors = subset.filter((r) => r.outcome === 'error').length;
    return `${label.padEnd(16)} n=${String(subset.length).padStart(3)}  answered ${subset.length - unanswered}  unanswered ${unanswered}  (ephemeral errors ${errors}) | ack p50 ${fmt(percentile(acks, 50))}  p99 ${fmt(percentile(acks, 99))}  max ${fmt(Math.max(...acks))} | answer p50 ${fmt(percentile(answers, 50))}  p99 ${fmt(percentile(answers, 99))}`;
  };
  console.log(`sent in ${(sendSpreadMs / 1000).toFixed(1)} s`);
  console.log(line('all', rows));
  console.log(line('slack', rows.filter((r) => r.platform === 'slack')));
  console.log(line('discord', rows.filter((r) => r.platform === 'discord')));
  console.log(line('/brief', rows.filter((r) => r.kind === 'brief')));
  console.log(line('/ask', rows.filter((r) => r.kind === 'ask')));
  const briefs = rows.filter((r) => r.kind === 'brief' && r.outcome === 'reply');
  const cached = briefs.filter((r) => r.cached).length;
  const briefCalls = llmCalls.brief ?? 0;
  console.log(`brief cache: ${cached}/${briefs.length} briefs were cache hits (${((100 * cached) / Math.max(1, briefs.length)).toFixed(0)}%); ${briefCalls} brief model calls for ${briefs.length} briefs (the rest joined a brief in flight: single flight); model calls by schema ${JSON.stringify(llmCalls)}`);
  const ms = (ns: number) => ns / 1e6;
  for (const name of ['slack', 'discord'] as const) {
    const list = botAcks[name];
    console.log(`${name} ack inside the bot (listener → ack sent): p50 ${fmt(percentile(list, 50))}  p99 ${fmt(percentile(list, 99))}  max ${fmt(Math.max(...list))}  (n=${list.length})`);
  }
  console.log(`bot event loop delay during the run: p50 ${fmt(ms(loopDelay.percentile(50)))}  p99 ${fmt(ms(loopDelay.percentile(99)))}  max ${fmt(ms(loopDelay.max))}`);
  const maxRss = process.resourceUsage().maxRSS * 1024;
  console.log(`bot process RSS: before load ${(rssBefore / 1e6).toFixed(0)} MB, peak ${(Math.max(maxRss, peakSampled) / 1e6).toFixed(0)} MB (getrusage maxrss; includes startup and corpus load); at the largest V8 heap: heap ${(peakHeap.heapTotal / 1e6).toFixed(0)} MB (${(peakHeap.heapUsed / 1e6).toFixed(0)} MB used), external ${(peakHeap.external / 1e6).toFixed(0)} MB | load process ${loadRssMb.toFixed(0)} MB`);
  const acks = rows.map((r) => r.ack).filter(Number.isFinite);
  const unanswered = rows.filter((r) => r.outcome === 'none').length;
  const p99 = percentile(acks, 99);
  const peakMb = Math.max(maxRss, peakSampled) / 1e6;
  console.log(`goal: 0 unanswered → ${unanswered === 0 ? 'met' : `NOT met (${unanswered})`}; ack p99 ≤ 50 ms → ${p99 <= 50 ? 'met' : 'NOT met'} (${fmt(p99)}); RSS ≤ 300 MB → ${peakMb <= 300 ? 'met' : 'NOT met'} (${peakMb.toFixed(0)} MB)`);

  child.send({ type: 'close' } satisfies ToLoad);
  await slack.stop();
  await discord.stop();
  await app.close();
  rmSync(seeds, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

if (process.argv[2] === LOAD_SIDE) await loadSide();
else await botSide();
