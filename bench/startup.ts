// What starting costs, per configuration, on real processes started the way `npm start` and
// `npm run briefbot` start them (the node flags are read from package.json):
//   - start-up: from spawning `briefbot start` to its "briefbot running" log line (every platform
//     connected, warm-up done);
//   - idle RSS: the resident set (VmRSS) a few seconds after that, with nothing asked, and the
//     peak so far (VmHWM);
//   - a one-shot `briefbot brief us-russia` on the seed: wall time from spawn to exit, the median
//     of 5, and once more with Node's compile cache disabled (what the first run after an install
//     or a change costs).
// Configurations: the offline console (stdin a pipe kept open); Slack only (HTTP mode, the fake
// Slack); Discord only (the fake gateway); both with a model (a fake OpenAI-compatible server).
// The fakes run in this process on 127.0.0.1, started afresh for every run. Each figure is shown
// as min–max over --runs runs. RSS and CPU time are read from /proc (Linux); CPU time (user +
// system, all threads) tells what the work costs when other processes compete for the cores.
//
//   node --disable-warning=ExperimentalWarning bench/startup.ts [--runs 3] [--idle-ms 3000] [--cli 5] [--root DIR]
//
// --root measures another checkout of briefbot with this checkout's fakes (before/after a change).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../src/config/load.ts';
import { createFakeSlack } from '../test/fakes/slack/fake-slack.ts';
import { startFakeDiscord } from '../test/fakes/discord/fake-discord.ts';
import { startFakeOpenAI, extractiveModel } from '../test/fakes/openai-server.ts';
import { freePort } from '../test/ops/helpers.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    'idle-ms': { type: 'string', default: '3000' },
    cli: { type: 'string', default: '5' },
    root: { type: 'string', default: PROJECT_ROOT },
  },
});
const RUNS = Number(values.runs);
const IDLE_MS = Number(values['idle-ms']);
const CLI_RUNS = Number(values.cli);
const ROOT = path.resolve(values.root);

/** The node flags and script of an npm script (`node <flags> src/cli.ts …`). */
function nodeArgsOf(script: string): string[] {
  const scripts = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
  const words = scripts[script].split(/\s+/).filter(Boolean);
  if (words[0] !== 'node') throw new Error(`npm script ${script} does not start with node: ${scripts[script]}`);
  return words.slice(1);
}

function baseEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, BRIEFBOT_DATA_DIR: dataDir, ...extra };
}

function procStatus(pid: number): { rssMb: number; peakMb: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return { rssMb: NaN, peakMb: NaN };
  }
}

/** CPU time (user + system, ms) a process has used; children's once waited for, with `children`. */
function cpuMs(pid: number | 'self', children = false): number {
  try {
    // Fields after the command name: state is field 3; utime 14, stime 15, cutime 16, cstime 17.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const at = (n: number) => Number(fields[n - 3]);
    const ticks = children ? at(16) + at(17) : at(14) + at(15);
    return ticks * (1000 / CLOCK_TICKS);
  } catch {
    return NaN;
  }
}
/** USER_HZ: 100 on every Linux Node supports. */
const CLOCK_TICKS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface StartFigures { readyMs: number; readyCpuMs: number; rssMb: number; peakMb: number }

/** `briefbot start` until it logs that it is running, then idle for IDLE_MS; then SIGTERM. */
async function measureStart(env: Record<string, string>): Promise<StartFigures> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'briefbot-startup-'));
  const started = performance.now();
  const child = spawn(process.execPath, nodeArgsOf('start'), {
    cwd: ROOT,
    env: baseEnv(dataDir, { LOG_LEVEL: 'info', ...env }),
    // stdin stays open: the console waits for input instead of ending at EOF.
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  let readyMs = NaN;
  let readyCpuMs = NaN;
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      stderr += d;
      if (Number.isNaN(readyMs) && /"msg":"briefbot running"/.test(stderr)) {
        readyMs = performance.now() - started;
        readyCpuMs = cpuMs(child.pid!);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`briefbot start exited (${code}) before it was running:\n${stderr.slice(-2000)}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await Promise.race([ready, sleep(60_000).then(() => { throw new Error(`not running after 60 s:\n${stderr.slice(-2000)}`); })]);
    await sleep(IDLE_MS);
    return { readyMs, readyCpuMs, ...procStatus(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Wall time and CPU time (ms) of one process run to its end. */
function runOnce(args: string[], env: NodeJS.ProcessEnv): Promise<{ wallMs: number; cpuMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const cpuBefore = cpuMs('self', true);
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.once('exit', (code) => {
      const wallMs = performance.now() - started;
      if (code === 0) resolve({ wallMs, cpuMs: cpuMs('self', true) - cpuBefore });
      else reject(new Error(`exit ${code}: ${stderr}`));
    });
  });
}

/** CLI_RUNS one-shot briefs (the median), and one without the compile cache (a first run). */
interface CliFigures { medianMs: number; medianCpuMs: number; uncachedMs: number }

async function measureCliBrief(): Promise<CliFigures> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'briefbot-startup-'));
  const args = [...nodeArgsOf('briefbot'), 'brief', 'us-russia'];
  try {
    const runs: Array<{ wallMs: number; cpuMs: number }> = [];
    for (let i = 0; i < CLI_RUNS; i++) runs.push(await runOnce(args, baseEnv(dataDir)));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const uncached = await runOnce(args, baseEnv(dataDir, { NODE_DISABLE_COMPILE_CACHE: '1' }));
    return { medianMs: median(runs.map((r) => r.wallMs)), medianCpuMs: median(runs.map((r) => r.cpuMs)), uncachedMs: uncached.wallMs };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

interface Fakes { env: Record<string, string>; close(): Promise<void> }

const SIGNING_SECRET = 'startup-bench-signing-secret';
/** Stand-ins the fakes accept; nothing here is, or looks like, a real credential. */
const SLACK_BOT_TOKEN = 'fake-slack-bot-token';
const OPENAI_KEY = 'fake-openai-key';

async function fakesFor(kind: { slack?: boolean; discord?: boolean; model?: boolean }): Promise<Fakes> {
  const env: Record<string, string> = {};
  const closers: Array<() => Promise<void>> = [];
  if (kind.slack) {
    const slack = await createFakeSlack({ botToken: SLACK_BOT_TOKEN });
    Object.assign(env, { SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl });
    closers.push(() => slack.close());
  }
  if (kind.discord) {
    const discord = await startFakeDiscord();
    Object.assign(env, { DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl });
    closers.push(() => discord.close());
  }
  if (kind.model) {
    const openai = await startFakeOpenAI({ handler: extractiveModel });
    Object.assign(env, { OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: openai.baseURL });
    closers.push(() => openai.close());
  }
  if (kind.slack || kind.discord) Object.assign(env, { PORT: String(await freePort()), BRIEFBOT_HTTP_HOST: '127.0.0.1' });
  return { env, close: async () => { await Promise.allSettled(closers.map((c) => c())); } };
}

const CONFIGS: Array<{ label: string; kind: { slack?: boolean; discord?: boolean; model?: boolean } }> = [
  { label: 'offline console', kind: {} },
  { label: 'Slack only (HTTP mode)', kind: { slack: true } },
  { label: 'Discord only', kind: { discord: true } },
  { label: 'Slack + Discord + model', kind: { slack: true, discord: true, model: true } },
];

const range = (xs: number[], digits = 0) => {
  const lo = Math.min(...xs).toFixed(digits);
  const hi = Math.max(...xs).toFixed(digits);
  return lo === hi ? lo : `${lo}–${hi}`;
};

console.log(`startup: ${RUNS} runs per configuration, idle RSS ${IDLE_MS} ms after "briefbot running"; ${path.relative(process.cwd(), ROOT) || '.'}; node ${process.version}`);
console.log(`${'configuration'.padEnd(26)} ${'start-up (ms)'.padStart(14)} ${'its CPU (ms)'.padStart(14)} ${'idle RSS (MB)'.padStart(14)} ${'peak RSS (MB)'.padStart(14)}`);
for (const config of CONFIGS) {
  const runs: StartFigures[] = [];
  for (let i = 0; i < RUNS; i++) {
    const fakes = await fakesFor(config.kind);
    try {
      runs.push(await measureStart(fakes.env));
    } finally {
      await fakes.close();
    }
  }
  console.log(`${config.label.padEnd(26)} ${range(runs.map((r) => r.readyMs)).padStart(14)} ${range(runs.map((r) => r.readyCpuMs)).padStart(14)} ${range(runs.map((r) => r.rssMb)).padStart(14)} ${range(runs.map((r) => r.peakMb)).padStart(14)}`);
}

const cli: CliFigures[] = [];
for (let i = 0; i < RUNS; i++) cli.push(await measureCliBrief());
console.log(`one-shot \`briefbot brief us-russia\`: median of ${CLI_RUNS} ${range(cli.map((c) => c.medianMs))} ms wall, ${range(cli.map((c) => c.medianCpuMs))} ms CPU; without the compile cache (a first run after an install or a change) ${range(cli.map((c) => c.uncachedMs))} ms`);
process.exit(0);
