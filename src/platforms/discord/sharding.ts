// Discord sharding for large bots: discord.js's ShardingManager forks one process per shard, each
// running `briefbot start` with the shard's id and the total in its environment (SHARDS,
// SHARD_COUNT — discord.js's Client reads them itself, so the Discord platform needs no option).
// Every shard opens the same store, so interaction claims, event dedupe and digest claims work
// across shards exactly as across replicas.
//
// What this adds to a bare ShardingManager:
//   - `totalShards: 'auto'` asks GET /gateway/bot through the configured API URL (discord.js's
//     own helper always asks discord.com, ignoring `rest.api`: proxies and the tests' fake);
//   - the shard processes get exactly the environment given (not this process's), and this
//     process's environment is left as it was (the manager writes SHARDING_MANAGER and
//     DISCORD_TOKEN into process.env);
//   - a shard that dies is respawned with a backoff (the manager's own respawn has none: a shard
//     failing at start would be forked in a tight loop);
//   - stop() ends every shard with SIGTERM (each shuts down gracefully) and waits for them.
import { once } from 'node:events';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ShardingManager, type Shard } from 'discord.js';
import type { Config } from '../../config/schema.ts';
import { BriefbotError, UserFacingError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { discordConfig } from './discord-config.ts';

export interface ShardManagerOptions {
  /** The bot token (never logged; the shard processes get it as DISCORD_TOKEN). */
  token: string;
  /** REST base (DISCORD_API_URL); default https://discord.com/api. */
  apiUrl?: string | null;
  /** A number, or 'auto' for Discord's recommendation (GET /gateway/bot). */
  totalShards: number | 'auto';
  /** The script each shard process runs (src/cli.ts). */
  script: string;
  /** Its arguments (['start']). */
  scriptArgs?: string[];
  /** Node flags for the shard processes (default this process's execArgv). */
  execArgv?: string[];
  /** The shard processes' environment (default process.env); SHARDS/SHARD_COUNT/DISCORD_TOKEN are added. */
  env?: NodeJS.ProcessEnv;
  logger: Logger;
  /** Wait between starting shards (default 5500 ms: Discord allows one IDENTIFY per 5 s per bucket). */
  spawnDelayMs?: number;
  /** How long a shard may take to become ready (default 60 s). */
  readyTimeoutMs?: number;
  /** Respawn shards that die (default true), after 1 s, doubling to at most `maxRespawnDelayMs`. */
  respawn?: boolean;
  maxRespawnDelayMs?: number;
  /** How long stop() waits for a shard to exit after SIGTERM before SIGKILL (default 15 s). */
  stopTimeoutMs?: number;
  fetch?: typeof fetch;
}

export interface ShardManagerHandle {
  readonly totalShards: number;
  readonly manager: ShardingManager;
  /** Process ids of the shards running now, by shard id. */
  pids(): Map<number, number>;
  /** SIGTERM to every shard (graceful shutdown), SIGKILL after the timeout; no respawns after this. */
  stop(): Promise<void>;
}

const DEFAULT_API = 'https://discord.com/api';

// discord.js's protocol between the manager and its shard processes (not configuration).
const SHARD_FLAG = 'SHARDING_MANAGER';
const SHARD_MODE = 'SHARDING_MANAGER_MODE';
const MANAGER_WRITES = [SHARD_FLAG, SHARD_MODE, 'DISCORD_TOKEN'];

/** `--shards auto|N` → what runShardManager takes; throws a usage-style error on anything else. */
export function parseShardsOption(value: string): number | 'auto' {
  const text = value.trim().toLowerCase();
  if (text === 'auto') return 'auto';
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) {
    throw new UserFacingError('bad_shards', `--shards must be "auto" or a whole number ≥ 1, got "${value}"`, { exitCode: 2 });
  }
  return n;
}

/**
 * The environment for shard processes: this one's, minus what must run once, not once per shard —
 * Slack (a second Socket Mode connection is harmless, but HTTP mode would fight over the port)
 * and the HTTP port (health, metrics).
 */
export function shardChildEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  for (const name of ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'PORT', 'SHARDS', 'SHARD_COUNT', SHARD_FLAG, SHARD_MODE]) delete out[name];
  return out;
}

/** Discord's recommended shard count, asked through `apiUrl` (GET /gateway/bot). */
export async function resolveShardCount(options: { token: string; apiUrl?: string | null; fetch?: typeof fetch }): Promise<{ shards: number; remainingSessions: number | null }> {
  const base = (options.apiUrl || DEFAULT_API).replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(`${base}/v10/gateway/bot`, { headers: { authorization: `Bot ${options.token.replace(/^Bot\s+/i, '')}` }, signal: AbortSignal.timeout(15_000) });
  } catch (error) {
    throw new BriefbotError('discord_unreachable', `Could not ask Discord for the shard count: ${(error as Error).message}`, { cause: error });
  }
  if (response.status === 401) throw new BriefbotError('discord_login_failed', 'Discord rejected the bot token (DISCORD_TOKEN)');
  if (!response.ok) throw new BriefbotError('discord_unreachable', `Discord answered ${response.status} to GET /gateway/bot`);
  const body = (await response.json()) as { shards?: unknown; session_start_limit?: { remaining?: unknown } };
  const shards = typeof body.shards === 'number' && Number.isInteger(body.shards) && body.shards >= 1 ? body.shards : 1;
  const remaining = body.session_start_limit?.remaining;
  return { shards, remainingSessions: typeof remaining === 'number' ? remaining : null };
}

export async function runShardManager(options: ShardManagerOptions): Promise<ShardManagerHandle> {
  const log = options.logger.child({ component: 'shard-manager' });
  const token = options.token.replace(/^Bot\s+/i, '');
  const totalShards = options.totalShards === 'auto' ? await autoShardCount(options, token, log) : options.totalShards;
  const childEnv = { ...(options.env ?? process.env) };
  if (options.apiUrl) childEnv.DISCORD_API_URL = options.apiUrl;
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const manager = createManager(options, totalShards, token);
  const supervision: Supervision = {
    stopping: false,
    timers: new Set(),
    deaths: new Map(),
    respawn: options.respawn ?? true,
    maxRespawnDelayMs: options.maxRespawnDelayMs ?? 60_000,
    readyTimeoutMs,
  };
  manager.on('shardCreate', (shard: Shard) => {
    // Exactly the environment given, plus what a shard needs; not a copy of this process's.
    shard.env = {
      ...childEnv,
      [SHARD_FLAG]: 'true',
      [SHARD_MODE]: 'process',
      SHARDS: String(shard.id),
      SHARD_COUNT: String(totalShards),
      DISCORD_TOKEN: token,
    };
    superviseShard(shard, supervision, log.child({ shard: shard.id, totalShards }));
  });

  const pids = () => new Map([...manager.shards.values()].filter((s) => s.process?.pid !== undefined && s.process.exitCode === null).map((s) => [s.id, s.process!.pid!] as const));
  const stop = async () => {
    supervision.stopping = true;
    for (const timer of supervision.timers) clearTimeout(timer);
    supervision.timers.clear();
    await stopShards(manager, options.stopTimeoutMs ?? 15_000, log);
    log.info({ totalShards }, 'all shards stopped');
  };

  log.info({ totalShards, requested: options.totalShards }, 'starting Discord shards');
  try {
    await manager.spawn({ amount: totalShards, delay: options.spawnDelayMs ?? 5500, timeout: readyTimeoutMs });
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new BriefbotError('discord_shards_failed', `Discord shards did not start: ${reason}`, { cause: error });
  }
  log.info({ totalShards, pids: Object.fromEntries(pids()) }, 'all Discord shards ready');
  return { totalShards, manager, pids, stop };
}

async function autoShardCount(options: ShardManagerOptions, token: string, log: Logger): Promise<number> {
  const info = await resolveShardCount({ token, apiUrl: options.apiUrl, fetch: options.fetch });
  if (info.remainingSessions !== null && info.remainingSessions < info.shards) {
    log.warn({ remainingSessions: info.remainingSessions, totalShards: info.shards }, 'fewer session starts left today than shards; some shards may not connect until the limit resets');
  }
  return info.shards;
}

function createManager(options: ShardManagerOptions, totalShards: number, token: string): ShardingManager {
  // The manager writes these into process.env (for a Client in this process, which we do not
  // have); put them back so nothing else here mistakes this process for a shard.
  const saved = new Map(MANAGER_WRITES.map((name) => [name, process.env[name]]));
  try {
    return new ShardingManager(options.script, {
      totalShards,
      mode: 'process',
      // Our own respawn, with a backoff (superviseShard).
      respawn: false,
      shardArgs: options.scriptArgs ?? [],
      execArgv: options.execArgv ?? process.execArgv,
      token,
    });
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** What the supervision of every shard shares: deaths per shard for the backoff, and its timers. */
interface Supervision {
  stopping: boolean;
  timers: Set<ReturnType<typeof setTimeout>>;
  deaths: Map<number, number>;
  respawn: boolean;
  maxRespawnDelayMs: number;
  readyTimeoutMs: number;
}

/** Logs a shard's life and respawns it when it dies, after a backoff that resets once it has been ready a while. */
function superviseShard(shard: Shard, sup: Supervision, slog: Logger): void {
  shard.on('spawn', (child) => slog.info({ pid: (child as ChildProcess).pid }, 'shard process started'));
  shard.on('ready', () => {
    slog.info('shard ready');
    const timer = setTimeout(() => { sup.timers.delete(timer); sup.deaths.delete(shard.id); }, 5 * 60_000);
    timer.unref();
    sup.timers.add(timer);
  });
  shard.on('disconnect', () => slog.warn('shard gateway closed and will not reconnect'));
  shard.on('reconnecting', () => slog.info('shard gateway reconnecting'));
  // An 'error' event without a listener would throw in this process.
  shard.on('error', (error) => slog.error({ err: error }, 'shard error'));
  shard.on('death', (child) => {
    const code = (child as ChildProcess).exitCode;
    if (sup.stopping) return;
    const n = (sup.deaths.get(shard.id) ?? 0) + 1;
    sup.deaths.set(shard.id, n);
    const delay = Math.min(sup.maxRespawnDelayMs, 1000 * 2 ** (n - 1));
    slog.error({ exitCode: code, signal: (child as ChildProcess).signalCode, deaths: n, respawnInMs: sup.respawn ? delay : null }, 'shard process exited');
    if (!sup.respawn) return;
    const timer = setTimeout(() => {
      sup.timers.delete(timer);
      if (sup.stopping || shard.process) return;
      shard.spawn(sup.readyTimeoutMs).catch((error: unknown) => slog.error({ err: error }, 'shard respawn failed'));
    }, delay);
    sup.timers.add(timer);
  });
}

/** SIGTERM to every shard process; SIGKILL to those still running after `timeoutMs`. */
async function stopShards(manager: ShardingManager, timeoutMs: number, log: Logger): Promise<void> {
  await Promise.all([...manager.shards.values()].map(async (shard) => {
    const child = shard.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit').then(() => true, () => true);
    child.kill('SIGTERM');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const inTime = await Promise.race([exited, new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); })]);
    clearTimeout(timer);
    if (!inTime) {
      log.warn({ shard: shard.id }, 'shard did not stop in time; killing it');
      child.kill('SIGKILL');
      await exited;
    }
  }));
}

/**
 * In a shard process: when the sharding manager goes away (its IPC channel closes — it crashed or
 * was killed), shut down gracefully instead of running on as an orphan. Returns an undo.
 */
export function stopWithShardManager(env: NodeJS.ProcessEnv = process.env): () => void {
  if (!env[SHARD_FLAG] || typeof process.send !== 'function') return () => {};
  const onDisconnect = () => process.kill(process.pid, 'SIGTERM');
  process.once('disconnect', onDisconnect);
  return () => process.off('disconnect', onDisconnect);
}

/** The CLI every shard process runs (`briefbot start`, with the shard in its environment). */
export const CLI_SCRIPT = fileURLToPath(new URL('../../cli.ts', import.meta.url));

/**
 * `briefbot start --shards auto|N`: this process becomes the sharding manager; each shard process
 * runs `briefbot start` for Discord only (Slack and the HTTP port are left to this process or to
 * other replicas: see shardChildEnv), all on the configured store.
 */
export async function startDiscordShards(options: {
  config: Pick<Config, 'platforms'>;
  logger: Logger;
  /** The --shards value as typed. */
  shards: string;
  env?: NodeJS.ProcessEnv;
  spawnDelayMs?: number;
}): Promise<ShardManagerHandle> {
  const { secrets, endpoints } = discordConfig.of(options.config);
  if (!secrets.token) throw new UserFacingError('shards_without_discord', '--shards runs Discord shards: set DISCORD_TOKEN', { exitCode: 2 });
  return runShardManager({
    token: secrets.token,
    apiUrl: endpoints.apiUrl,
    totalShards: parseShardsOption(options.shards),
    script: CLI_SCRIPT,
    scriptArgs: ['start'],
    execArgv: process.execArgv,
    env: shardChildEnv(options.env ?? process.env),
    logger: options.logger,
    spawnDelayMs: options.spawnDelayMs,
  });
}
