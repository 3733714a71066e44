// `briefbot start`: every platform the registry's entries enable, the digest scheduler, the ops
// HTTP server (/healthz, /readyz, /metrics, and the platforms' HTTP mounts on the same port), and
// a graceful shutdown on SIGTERM/SIGINT (start-shutdown.ts).
//
// Which chat runs:
//   - the platforms whose credentials are set (the console too with --console);
//   - otherwise the console chat, when stdin is a terminal, or when there is no HTTP server (a
//     piped script is answered line by line and the process exits at end of input, as before);
//   - otherwise — no tokens, no terminal, an HTTP port set: a container started without
//     credentials — no chat at all: the process serves /healthz, /readyz and /metrics and waits
//     for a signal. (A console there would read an empty stdin and exit at once.)
//
// Shutdown is bounded by BRIEFBOT_SHUTDOWN_TIMEOUT_MS (default 10 s) and exits 0; a second signal
// during shutdown exits at once (130 for SIGINT, 143 for SIGTERM).
import { randomUUID } from 'node:crypto';
import type { Config } from './config/schema.ts';
import { BriefbotError } from './core/errors.ts';
import type { Logger } from './core/logger.ts';
import type { ChatPlatform } from './platforms/platform-types.ts';
import { createBriefbot, type Briefbot } from './main.ts';
import { createOpsServer, type HttpHandler, type HttpMount, type OpsServer } from './ops/http-server.ts';
import { createInflightSink } from './ops/inflight.ts';
import type { Metrics } from './ops/metrics-types.ts';
import { createUnservedMetrics } from './ops/unserved-metrics.ts';
import { installFailureHandlers, watchStopSignals, within } from './ops/process-handlers.ts';
import { createReadiness } from './ops/readiness.ts';
import { createConsolePlatform, type ConsolePlatform } from './platforms/console/console-platform.ts';
import { PLATFORMS } from './platforms/registry.ts';
import { checkStartConfig } from './start-checks.ts';
import { createDigests } from './start-digests.ts';
import { createShutdown, type RunningParts } from './start-shutdown.ts';

/** A platform serving HTTP (Slack's HTTP mode) needs a port; this one when PORT is not set. */
export const DEFAULT_PLATFORM_HTTP_PORT = 3000;

export interface StartOptions {
  config: Config;
  logger: Logger;
  /** Run the console chat even when chat platforms are configured. */
  forceConsole?: boolean;
  shards?: string;
  /** Whether stdin is a terminal (default: process.stdin.isTTY). */
  interactive?: boolean;
}

/** The HTTP paths enabled platforms serve on the ops port. */
function platformHttpPrefixes(config: Config): Array<{ name: string; prefix: string }> {
  return PLATFORMS.filter((p) => p.enabled(config))
    .map((p) => ({ name: p.name, prefix: p.httpPrefix?.(config) ?? null }))
    .filter((m): m is { name: string; prefix: string } => m.prefix !== null);
}

export function httpPortFor(config: Config): number {
  if (config.http.port > 0) return config.http.port;
  return platformHttpPrefixes(config).length ? DEFAULT_PLATFORM_HTTP_PORT : 0;
}

export async function startBot(options: StartOptions): Promise<number> {
  const { config, logger } = options;
  const shutdownTimeoutMs = config.http.shutdownTimeoutMs;
  const detachFailureHandlers = installFailureHandlers({ logger });
  const signals = watchStopSignals({
    onForce: (signal) => {
      logger.warn({ signal }, 'second signal during shutdown: exiting now');
      process.exit(signal === 'SIGINT' ? 130 : 143);
    },
  });
  if (options.shards !== undefined) return manageShards(options, signals, detachFailureHandlers);
  let signalled: string | null = null;
  void signals.first.then((signal) => { signalled = signal; });
  const undoManagerWatch = await watchShardManager();

  const parts: RunningParts = { phase: 'starting', app: null, sink: null, platforms: [], digests: null, server: null };
  const mountedHandlers = new Map<string, HttpHandler>();
  const httpPrefixes = platformHttpPrefixes(config);
  const port = httpPortFor(config);
  const metrics = port > 0 ? (await import('./ops/metrics.ts')).createMetrics() : createUnservedMetrics();
  parts.server = port > 0 ? createServer(config, port, { parts, metrics, logger, mounts: httpPrefixes.map(({ name, prefix }) => ({ name, prefix, handler: () => mountedHandlers.get(name) ?? null })) }) : null;
  metrics.setInflight(() => parts.sink?.inflight ?? 0);
  const shutdown = createShutdown(parts, { logger, timeoutMs: shutdownTimeoutMs });

  const finish = async (reason: string): Promise<number> => {
    await shutdown(reason);
    signals.dispose();
    detachFailureHandlers();
    undoManagerWatch();
    // Everything is closed. (cli.ts exits shortly after if a library still holds a handle open.)
    return 0;
  };

  let consolePlatform: ConsolePlatform | undefined;
  try {
    await listenOps(parts.server, port);
    const app = (parts.app = await createBriefbot({ config, logger, metrics, warmUp: true }));
    if (signalled) return await finish(signalled);
    // Refuse a bad config digest before connecting to any chat platform.
    checkStartConfig({ config, topics: app.services.topics, clock: app.clock });

    const sink = (parts.sink = createInflightSink(app.replies));
    const platforms = (parts.platforms = await createPlatforms(app, {
      forceConsole: options.forceConsole ?? false,
      interactive: options.interactive ?? Boolean(process.stdin.isTTY),
      httpServer: parts.server !== null,
      mounted: new Set(httpPrefixes.map((m) => m.name)),
      metrics,
      stopTimeoutMs: shutdownTimeoutMs,
    }));
    const digests = (parts.digests = createDigests(app, platforms, { logger: logger.child({ part: 'digests' }), metrics, stopTimeoutMs: shutdownTimeoutMs }));
    app.services.digests = digests.service;

    for (const platform of platforms) {
      await platform.start(sink);
      if (httpPrefixes.some((m) => m.name === platform.name) && platform.handleHttp) mountedHandlers.set(platform.name, platform as HttpHandler);
      logger.info({ platform: platform.name, engine: app.defaultEngine, documents: app.corpus.current().documents.length }, 'platform started');
      if (signalled) return await finish(signalled);
    }
    if (!platforms.length) logger.info({ port: parts.server?.address()?.port }, NO_CHAT);
    await digests.start();
    await app.feeds.start();
    consolePlatform = platforms.find((p): p is ConsolePlatform => p.name === 'console');
  } catch (error) {
    await within(shutdown('startup failed'), shutdownTimeoutMs + 1000, undefined);
    signals.dispose();
    detachFailureHandlers();
    undoManagerWatch();
    throw error;
  }

  parts.phase = 'running';
  logger.info({ port: parts.server?.address()?.port ?? null, platforms: parts.platforms.map((p) => p.name), instance: parts.app.instanceId }, 'briefbot running');
  const reason = await Promise.race<string>([
    signals.first,
    consolePlatform ? consolePlatform.done.then(() => 'end of input') : new Promise<string>(() => {}),
  ]);
  return finish(reason);
}

const NO_CHAT = 'no chat platform configured and no terminal: serving /healthz, /readyz and /metrics only (configure a chat platform, e.g. SLACK_BOT_TOKEN or DISCORD_TOKEN, or run with --console)';

/** A shard whose manager dies shuts down instead of running on as an orphan (IPC children only). */
async function watchShardManager(): Promise<() => void> {
  if (typeof process.send !== 'function') return () => {};
  return (await import('./platforms/discord/sharding.ts')).stopWithShardManager();
}

/**
 * `start --shards auto|N`: this process only manages Discord shard processes (each a
 * `briefbot start` with its shard in the environment, all on the same store).
 */
async function manageShards(options: StartOptions, signals: ReturnType<typeof watchStopSignals>, detachFailureHandlers: () => void): Promise<number> {
  const { config, logger } = options;
  const { startDiscordShards } = await import('./platforms/discord/sharding.ts');
  try {
    const handle = await startDiscordShards({ config, logger, shards: options.shards! });
    const reason = await signals.first;
    logger.info({ reason }, 'stopping Discord shards');
    await handle.stop();
    return 0;
  } finally {
    signals.dispose();
    detachFailureHandlers();
  }
}

function createServer(config: Config, port: number, options: { parts: RunningParts; metrics: Metrics; logger: Logger; mounts: HttpMount[] }): OpsServer {
  const { parts } = options;
  return createOpsServer({
    port,
    host: config.http.host.trim() || undefined,
    metrics: options.metrics,
    readiness: createReadiness({
      phase: () => parts.phase,
      corpus: () => parts.app?.corpus ?? null,
      store: () => parts.app?.store ?? null,
      platforms: () => parts.platforms,
    }),
    mounts: options.mounts,
    logger: options.logger.child({ part: 'http' }),
  });
}

async function listenOps(server: OpsServer | null, port: number): Promise<void> {
  if (!server) return;
  try {
    await server.listen();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new BriefbotError('http_listen_failed', `Cannot listen on port ${port} (${code}); set PORT to a free port`, { cause: error });
  }
}

interface PlatformChoice {
  forceConsole: boolean;
  interactive: boolean;
  httpServer: boolean;
  /** Platforms whose HTTP paths the ops server serves (they do not listen themselves). */
  mounted: ReadonlySet<string>;
  metrics: Metrics;
  stopTimeoutMs: number;
}

type RunningPlatform = ChatPlatform & Partial<HttpHandler>;

async function createPlatforms(app: Briefbot, choice: PlatformChoice): Promise<RunningPlatform[]> {
  const firstSeen = (key: string) => app.commandStore.claim(key, randomUUID(), 24 * 60 * 60 * 1000);
  const platforms: RunningPlatform[] = [];
  for (const entry of PLATFORMS.filter((p) => p.enabled(app.config))) {
    platforms.push(await entry.create({
      config: app.config,
      logger: app.logger.child({ platform: entry.name }),
      firstSeen,
      onAck: (info) => choice.metrics.ack(entry.name, info.kind, info.ms),
      stopTimeoutMs: choice.stopTimeoutMs,
      httpPort: httpPortFor(app.config),
      httpMounted: choice.mounted.has(entry.name),
    }));
  }
  const chat = platforms.length > 0;
  if (choice.forceConsole || (!chat && (choice.interactive || !choice.httpServer))) platforms.push(createConsolePlatform());
  return platforms;
}
