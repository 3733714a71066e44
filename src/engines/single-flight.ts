// Concurrent identical requests share one generation. Each caller may give up (its own
// AbortSignal) without cancelling the others; the shared work is aborted only when every
// caller has left. Progress reported by the work reaches every caller still waiting.

export interface FlightContext {
  /** Aborted when every waiting caller has aborted. */
  signal: AbortSignal;
  /** Present when the caller that started the flight asked for progress; fans out to all waiters. */
  progress?: (partial: string) => void;
}

export interface SingleFlight<T> {
  run(
    key: string,
    work: (context: FlightContext) => Promise<T>,
    options?: { signal?: AbortSignal; onProgress?: (partial: string) => void },
  ): Promise<T>;
  /** Flights in progress (for tests and metrics). */
  readonly size: number;
}

interface Flight<T> {
  promise: Promise<T>;
  controller: AbortController;
  waiters: number;
  listeners: Set<(partial: string) => void>;
  settled: boolean;
}

export function createSingleFlight<T>(): SingleFlight<T> {
  const flights = new Map<string, Flight<T>>();

  return {
    get size() {
      return flights.size;
    },
    run(key, work, options = {}) {
      const { signal, onProgress } = options;
      if (signal?.aborted) return Promise.reject(abortReason(signal));
      const flight = flights.get(key) ?? startFlight(flights, key, work, Boolean(onProgress));
      flight.waiters += 1;
      if (onProgress) flight.listeners.add(onProgress);

      return new Promise<T>((resolve, reject) => {
        let left = false;
        const leave = () => {
          if (left) return;
          left = true;
          signal?.removeEventListener('abort', onAbort);
          if (onProgress) flight.listeners.delete(onProgress);
          flight.waiters -= 1;
        };
        const onAbort = () => {
          leave();
          if (flight.waiters === 0 && !flight.settled) {
            // Nobody wants the result any more: stop the work, and let the next caller start afresh.
            if (flights.get(key) === flight) flights.delete(key);
            flight.controller.abort(abortReason(signal!));
          }
          reject(abortReason(signal!));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        flight.promise.then(
          (value) => {
            leave();
            resolve(value);
          },
          (error: unknown) => {
            leave();
            reject(error);
          },
        );
      });
    },
  };
}

/** A new flight under `key`, removed from `flights` once it settles. */
function startFlight<T>(flights: Map<string, Flight<T>>, key: string, work: (context: FlightContext) => Promise<T>, wantsProgress: boolean): Flight<T> {
  const flight: Flight<T> = {
    promise: undefined as unknown as Promise<T>,
    controller: new AbortController(),
    waiters: 0,
    listeners: new Set(),
    settled: false,
  };
  const progress = wantsProgress
    ? (partial: string) => {
        for (const listener of flight.listeners) {
          try {
            listener(partial);
          } catch {
            // A progress listener's failure must not break the shared generation.
          }
        }
      }
    : undefined;
  flight.promise = (async () => {
    try {
      return await work({ signal: flight.controller.signal, progress });
    } finally {
      flight.settled = true;
      if (flights.get(key) === flight) flights.delete(key);
    }
  })();
  // Waiters attach their own handlers; this keeps an abandoned flight's rejection from
  // surfacing as an unhandled rejection.
  flight.promise.catch(() => {});
  flights.set(key, flight);
  return flight;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}
