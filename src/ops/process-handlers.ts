// Process-level safety nets for `briefbot start`.
//
// Unhandled rejections: Node's default is to crash the process. A bot serving a team must not go
// down because one code path forgot a `.catch` on input nobody anticipated, so they are logged
// (as errors, with the stack, secrets scrubbed by the logger) and the process carries on.
// Uncaught exceptions keep Node's default (the process state may be broken): they are logged
// through the monitor hook first, so the reason reaches the JSON logs.
//
// Signals: the first SIGTERM/SIGINT starts a graceful shutdown; a second one while it runs forces
// an immediate exit (an operator pressing Ctrl-C twice, or an orchestrator losing patience).
import type { Logger } from '../core/logger.ts';

type ProcessLike = Pick<NodeJS.Process, 'on' | 'off'>;

export function installFailureHandlers(options: { logger: Logger; target?: ProcessLike }): () => void {
  const target = options.target ?? process;
  const { logger } = options;
  const onRejection = (reason: unknown) => {
    logger.error({ err: reason }, 'unhandled promise rejection (logged, process continues)');
  };
  const onException = (error: Error, origin: string) => {
    logger.error({ err: error, origin }, 'uncaught exception; the process will exit');
  };
  target.on('unhandledRejection', onRejection);
  target.on('uncaughtExceptionMonitor', onException);
  return () => {
    target.off('unhandledRejection', onRejection);
    target.off('uncaughtExceptionMonitor', onException);
  };
}

export type StopSignal = 'SIGTERM' | 'SIGINT';

export interface SignalWatch {
  /** Resolves with the first signal. */
  readonly first: Promise<StopSignal>;
  /** Removes the listeners (signals then have Node's default effect again). */
  dispose(): void;
}

export function watchStopSignals(options: { onForce: (signal: StopSignal) => void; target?: ProcessLike }): SignalWatch {
  const target = options.target ?? process;
  let received: StopSignal | null = null;
  let resolveFirst!: (signal: StopSignal) => void;
  const first = new Promise<StopSignal>((resolve) => { resolveFirst = resolve; });
  const handlers = new Map<StopSignal, () => void>();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const handler = () => {
      if (received === null) {
        received = signal;
        resolveFirst(signal);
      } else {
        options.onForce(signal);
      }
    };
    handlers.set(signal, handler);
    target.on(signal, handler);
  }
  return {
    first,
    dispose() {
      for (const [signal, handler] of handlers) target.off(signal, handler);
      handlers.clear();
    },
  };
}

/** Resolves with `work`'s result, or with `onTimeout` once `ms` have passed (the work is left running). */
export async function within<T>(work: Promise<T>, ms: number, onTimeout: T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<T>((resolve) => { timer = setTimeout(() => resolve(onTimeout), Math.max(0, ms)); });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
