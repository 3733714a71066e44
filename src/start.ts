// `briefbot start`: every platform whose credentials are present, the digest scheduler, the ops
// HTTP server (/healthz, /readyz, /metrics, and Slack's HTTP mode on the same port), and a
// graceful shutdown on SIGTERM/SIGINT.
//
// Which chat runs:
//   - Slack and/or Discord when their tokens are set (the console too with --console);
//   - otherwise the console chat, when stdin is a terminal, or when there is no HTTP server (a
//     piped script is answered line by line and the process exits at end of input, as before);
//   - otherwise — no tokens, no terminal, an HTTP port set: a container started without
//     credentials — no chat at all: the process serves /healthz, /readyz and /metrics and waits
//     for a signal. (A console there would read an empty stdin and exit at once.)
//
// Shutdown (bounded by BRIEFBOT_SHUTDOWN_TIMEOUT_MS, default 10 s):
//   1. /readyz turns 503, the HTTP server stops accepting connections, new commands get a polite
//      "restarting" reply;
//   2. commands and follow-ups in flight finish, and digest fires already claimed are delivered
//      (both through platforms that are still connected);
//   3. the platforms stop (each lets replies it is posting finish);
//   4. the corpus watcher and the store close. Exit code 0.
// A second signal during shutdown exits at once (130 for SIGINT, 143 for SIGTERM).
import { randomUUID } from 'node:crypto';
import type { Config } from './config/schema.ts';
import { BriefbotError } from './core/errors.ts';
import type { Logger } from './core/logger.ts';
import type { ChatPlatform } from './platforms/platform-types.ts';
import { createBriefbot, type Briefbot } from './main.ts';
import { createOpsServer, type HttpHandler, type OpsServer } from './ops/http-server.ts';
import { createInflightSink, type InflightSink } from './ops/inflight.ts';
import { createMetrics, type Metrics } from './ops/metrics.ts';
import { installFailureHandlers, watchStopSignals, within } from './ops/process-handlers.ts';
import { createReadiness, type Phase } from './ops/readiness.ts';
import { createConsolePlatform, type ConsolePlatform } from './platforms/console/console-platform.ts';
import { PostError } from './platforms/post-error.ts';
import { PLATFORMS } from './platforms/registry.ts';
import { createDigestScheduler, type DigestScheduler } from './scheduler/digest-scheduler.ts';
import { checkStartConfig } from './start-checks.ts';

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
  let signalled: string | null = null;
  void signals.first.then((signal) => { signalled = signal; });

  // `start --shards auto|N`: this process only manages Discord shard processes (each a
  // `briefbot start` with its shard in the environment, all on the same store).
  if (options.shards !== undefined) {
    const { startDiscordShards } = await import('./platforms/discord/sharding.ts');
    try {
      const handle = await startDiscordShards({ config, logger, shards: options.shards });
      const reason = await signals.first;
      logger.info({ reason }, 'stopping Discord shards');
      await handle.stop();
      return 0;
    } finally {
      signals.dispose();
      detachFailureHandlers();
    }
  }
  // A shard whose manager dies shuts down instead of running on as an orphan (IPC children only).
  const undoManagerWatch = typeof process.send === 'function'
    ? (await import('./platforms/discord/sharding.ts')).stopWithShardManager()
    : () => {};

  const metrics = createMetrics();
  let phase: Phase = 'starting';
  let app: Briefbot | null = null;
  let sink: InflightSink | null = null;
  let platforms: RunningPlatform[] = [];
  let digests: DigestScheduler | null = null;
  const mountedHandlers = new Map<string, HttpHandler>();
  const httpPrefixes = platformHttpPrefixes(config);
  const port = httpPortFor(config);

  const readiness = createReadiness({
    phase: () => phase,
    corpus: () => app?.corpus ?? null,
    store: () => app?.store ?? null,
    platforms: () => platforms,
  });
  const server: OpsServer | null = port > 0
    ? createOpsServer({
        port,
        host: config.http.host.trim() || undefined,
        metrics,
        readiness,
        mounts: httpPrefixes.map(({ name, prefix }) => ({ name, prefix, handler: () => mountedHandlers.get(name) ?? null })),
        logger: logger.child({ part: 'http' }),
      })
    : null;
  metrics.setInflight(() => sink?.inflight ?? 0);

  let stopped: Promise<void> | null = null;
  const shutdown = (reason: string): Promise<void> => {
    stopped ??= (async () => {
      phase = 'stopping';
      const deadline = performance.now() + shutdownTimeoutMs;
      const left = () => Math.max(0, deadline - performance.now());
      logger.info({ reason, inflight: sink?.inflight ?? 0, timeoutMs: shutdownTimeoutMs }, 'shutting down');
      sink?.refuseNew();
      server?.stopAccepting();

      // Replies being generated, and digest fires already claimed, finish while platforms can still post.
      const [drained, digestsDone] = await Promise.all([
        sink ? sink.drain(left()) : Promise.resolve(true),
        digests ? within(digests.stop().then(() => true, (error) => { logger.warn({ err: error }, 'digest scheduler stop failed'); return true; }), left(), false) : Promise.resolve(true),
      ]);
      if (!drained) logger.warn({ inflight: sink?.inflight }, 'shutdown timeout reached with replies still in progress; they are abandoned');
      if (!digestsDone) logger.warn('shutdown timeout reached with digest fires in progress; other replicas resolve them after the lease');

      const platformsDone = await within(
        Promise.allSettled(platforms.map((platform) => platform.stop().catch((error) => logger.warn({ err: error, platform: platform.name }, 'platform stop failed')))).then(() => true),
        left(),
        false,
      );
      if (!platformsDone) logger.warn('shutdown timeout reached while platforms were stopping');

      if (app) await app.close().catch((error) => logger.warn({ err: error }, 'closing the store failed'));
      await server?.close().catch(() => {});
      logger.info({ reason }, 'stopped');
    })();
    return stopped;
  };

  const finish = async (reason: string): Promise<number> => {
    await shutdown(reason);
    signals.dispose();
    detachFailureHandlers();
    undoManagerWatch();
    // Everything is closed. (cli.ts exits shortly after if a library still holds a handle open.)
    return 0;
  };

  try {
    if (server) {
      try {
        await server.listen();
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        throw new BriefbotError('http_listen_failed', `Cannot listen on port ${port} (${code}); set PORT to a free port`, { cause: error });
      }
    }
    app = await createBriefbot({ config, logger, metrics, warmUp: true });
    if (signalled) return await finish(signalled);
    // Refuse a bad config digest before connecting to any chat platform.
    checkStartConfig({ config, topics: app.services.topics, clock: app.clock });

    sink = createInflightSink(app.replies);
    platforms = await createPlatforms(app, {
      forceConsole: options.forceConsole ?? false,
      interactive: options.interactive ?? Boolean(process.stdin.isTTY),
      httpServer: server !== null,
      mounted: new Set(httpPrefixes.map((m) => m.name)),
      metrics,
      stopTimeoutMs: shutdownTimeoutMs,
    });
    const running = app;
    const chats = new Map(platforms.map((p) => [p.name, p]));
    digests = createDigestScheduler({
      store: running.store,
      services: running.services,
      hasPlatform: (name) => chats.has(name),
      // A posted digest is a brief like any other: its thread takes follow-up questions.
      deliver: async (name, conversationId, reply) => {
        const chat = chats.get(name);
        if (!chat) throw new PostError('platform_not_connected', `platform ${name} is not connected on this replica`, { retryable: false });
        return running.replies.deliver(chat.outbox(conversationId), reply);
      },
      clock: running.clock,
      logger: logger.child({ part: 'digests' }),
      config: { digests: running.config.digests, digest: running.config.digest },
      owner: running.instanceId,
      stopTimeoutMs: shutdownTimeoutMs,
      onFire: (info) => metrics.digestFire(info),
    });
    running.services.digests = digests.service;

    for (const platform of platforms) {
      await platform.start(sink);
      if (httpPrefixes.some((m) => m.name === platform.name) && platform.handleHttp) mountedHandlers.set(platform.name, platform as HttpHandler);
      logger.info({ platform: platform.name, engine: running.defaultEngine, documents: running.corpus.current().documents.length }, 'platform started');
      if (signalled) return await finish(signalled);
    }
    if (!platforms.length) {
      logger.info({ port: server?.address()?.port }, 'no chat platform configured and no terminal: serving /healthz, /readyz and /metrics only (set SLACK_BOT_TOKEN or DISCORD_TOKEN, or run with --console)');
    }
    await digests.start();
    await running.feeds.start();
  } catch (error) {
    await within(shutdown('startup failed'), shutdownTimeoutMs + 1000, undefined);
    signals.dispose();
    detachFailureHandlers();
    undoManagerWatch();
    throw error;
  }

  phase = 'running';
  logger.info({ port: server?.address()?.port ?? null, platforms: platforms.map((p) => p.name), instance: app.instanceId }, 'briefbot running');
  const consolePlatform = platforms.find((p): p is ConsolePlatform => p.name === 'console');
  const reason = await Promise.race<string>([
    signals.first,
    consolePlatform ? consolePlatform.done.then(() => 'end of input') : new Promise<string>(() => {}),
  ]);
  return finish(reason);
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
