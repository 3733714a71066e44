// When sweeps run. They never overlap (each reloads the subscriptions, then sweeps them), requests
// made while one waits are coalesced into it, and while the store fails a fast loop keeps sweeping,
// so a digest that fell due during an outage goes out soon after the store answers — not at the
// next minute tick, nor the next fire.
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { FireOutcome, SchedulerTimers } from './scheduler-types.ts';

export interface SweepLoopDeps {
  timers: Pick<SchedulerTimers, 'setInterval' | 'clearInterval'>;
  clock: Clock;
  logger: Logger;
  /** How often to sweep while the store is failing. */
  storeRetryMs: number;
  /** Reloads the subscriptions (throws while the store is down). */
  reload(): Promise<void>;
  sweep(now: Date): Promise<{ outcomes: FireOutcome[]; failed: boolean }>;
  isStarted(): boolean;
  isStopping(): boolean;
}

export interface SweepLoop {
  /** Reloads and sweeps at `now` (default: the clock) after any sweep already queued. */
  run(now?: Date): Promise<FireOutcome[]>;
  /** Queues a sweep unless one is already waiting to start. */
  request(): void;
  /** The store failed: sweep every `storeRetryMs` until a sweep succeeds. */
  storeFailing(): void;
  stopRetrying(): void;
  /** Settles when the sweeps queued so far are done. */
  idle(): Promise<unknown>;
}

export function createSweepLoop(deps: SweepLoopDeps): SweepLoop {
  const { timers, logger } = deps;
  let chain: Promise<unknown> = Promise.resolve();
  let requested = false;
  let retryLoop: unknown = null;

  function storeFailing(): void {
    if (retryLoop !== null || deps.isStopping() || !deps.isStarted()) return;
    logger.warn({ retryMs: deps.storeRetryMs }, 'digest store unreachable; sweeping often until it answers, to record and deliver what fell due meanwhile');
    retryLoop = timers.setInterval(() => request(), deps.storeRetryMs);
  }

  function storeAnswering(): void {
    if (retryLoop === null) return;
    timers.clearInterval(retryLoop);
    retryLoop = null;
    logger.info('digest store answering again; catch-up done');
  }

  function run(now: Date | undefined, onStart?: () => void): Promise<FireOutcome[]> {
    const next = chain.then(async () => {
      onStart?.();
      if (deps.isStopping()) return [];
      try {
        await deps.reload();
      } catch (error) {
        storeFailing();
        throw error;
      }
      const { outcomes, failed } = await deps.sweep(now ?? deps.clock.now());
      if (failed) storeFailing();
      else storeAnswering();
      return outcomes;
    });
    chain = next.catch(() => undefined);
    return next;
  }

  function request(): void {
    if (requested || deps.isStopping()) return;
    requested = true;
    void run(undefined, () => { requested = false; }).catch((error) => logger.error({ err: error }, 'digest sweep failed'));
  }

  return {
    run: (now) => run(now),
    request,
    storeFailing,
    stopRetrying() {
      if (retryLoop !== null) timers.clearInterval(retryLoop);
      retryLoop = null;
    },
    idle: () => chain,
  };
}
