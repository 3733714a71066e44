// The graceful shutdown of `briefbot start`, bounded by http.shutdownTimeoutMs:
//   1. /readyz turns 503, the HTTP server stops accepting connections, new commands get a polite
//      "restarting" reply;
//   2. commands and follow-ups in flight finish, and digest fires already claimed are delivered
//      (both through platforms that are still connected);
//   3. the platforms stop (each lets replies it is posting finish);
//   4. the corpus watcher and the store close.
import type { Logger } from './core/logger.ts';
import type { Briefbot } from './main.ts';
import type { OpsServer } from './ops/http-server.ts';
import type { InflightSink } from './ops/inflight.ts';
import { within } from './ops/process-handlers.ts';
import type { Phase } from './ops/readiness.ts';
import type { ChatPlatform } from './platforms/platform-types.ts';
import type { DigestScheduler } from './scheduler/digest-scheduler.ts';

/** What a running process holds; filled in as start-up gets further. */
export interface RunningParts {
  phase: Phase;
  app: Briefbot | null;
  sink: InflightSink | null;
  platforms: ChatPlatform[];
  digests: DigestScheduler | null;
  server: OpsServer | null;
}

/** Returns `shutdown(reason)`: the first call does the work, later calls wait for the same. */
export function createShutdown(parts: RunningParts, options: { logger: Logger; timeoutMs: number }): (reason: string) => Promise<void> {
  const { logger, timeoutMs } = options;
  let stopped: Promise<void> | null = null;

  async function stop(reason: string): Promise<void> {
    parts.phase = 'stopping';
    const deadline = performance.now() + timeoutMs;
    const left = () => Math.max(0, deadline - performance.now());
    const { sink, digests, server } = parts;
    logger.info({ reason, inflight: sink?.inflight ?? 0, timeoutMs }, 'shutting down');
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
      Promise.allSettled(parts.platforms.map((platform) => platform.stop().catch((error) => logger.warn({ err: error, platform: platform.name }, 'platform stop failed')))).then(() => true),
      left(),
      false,
    );
    if (!platformsDone) logger.warn('shutdown timeout reached while platforms were stopping');

    if (parts.app) await parts.app.close().catch((error) => logger.warn({ err: error }, 'closing the store failed'));
    await server?.close().catch(() => {});
    logger.info({ reason }, 'stopped');
  }

  return (reason) => (stopped ??= stop(reason));
}
