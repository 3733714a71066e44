// The placeholder a slow (LLM) brief shows while it is generated. The first progress text posts
// a message; later ones update it at most once per interval (Slack allows about one write a
// second per channel), always with the latest text, never two calls at once. finish() stops the
// updates and hands back the placeholder's ts so the final brief can replace it in place.
import type { Logger } from '../../core/logger.ts';
import { renderProgress, type SlackMessage } from './render.ts';
import { describeSlackError } from './web.ts';

export interface ProgressMessenger {
  /** Posts the placeholder; resolves to its ts. */
  post(message: SlackMessage): Promise<string>;
  update(ts: string, message: SlackMessage): Promise<void>;
}

export interface ProgressOptions {
  messenger: ProgressMessenger;
  logger: Logger;
  intervalMs?: number;
  now?: () => number;
  render?: (partial: string) => SlackMessage;
  /** Timer functions (tests observe the delays the throttle asks for). */
  timers?: { set(fn: () => void, ms: number): unknown; clear(handle: unknown): void };
}

export interface ProgressMessage {
  update(partial: string): void;
  /** Stops updating; resolves to the placeholder's ts (null when none was posted or it failed). */
  finish(): Promise<string | null>;
}

export function createProgressMessage(options: ProgressOptions): ProgressMessage {
  const intervalMs = options.intervalMs ?? 1000;
  const now = options.now ?? (() => performance.now());
  const render = options.render ?? ((partial: string) => renderProgress(partial));
  let ts: string | null = null;
  let latest: string | null = null;
  let lastWriteAt = Number.NEGATIVE_INFINITY;
  const timers = options.timers ?? { set: (fn: () => void, ms: number) => setTimeout(fn, ms), clear: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>) };
  let timer: unknown = null;
  let inFlight: Promise<void> | null = null;
  let finished = false;
  let broken = false;

  function schedule(): void {
    if (finished || broken || timer || inFlight || latest === null) return;
    const wait = Math.max(0, lastWriteAt + intervalMs - now());
    timer = timers.set(write, wait);
  }

  function write(): void {
    timer = null;
    if (finished || broken || latest === null) return;
    const message = render(latest);
    latest = null;
    lastWriteAt = now();
    inFlight = (ts === null ? options.messenger.post(message).then((t) => { ts = t; }) : options.messenger.update(ts, message))
      .catch((error: unknown) => {
        // A placeholder is a nicety: on any failure stop updating; the brief is posted normally.
        broken = true;
        options.logger.warn({ ...describeSlackError(error) }, 'slack progress placeholder failed');
      })
      .finally(() => {
        inFlight = null;
        schedule();
      });
  }

  return {
    update(partial) {
      if (finished || broken) return;
      latest = partial;
      schedule();
    },
    async finish() {
      finished = true;
      if (timer) timers.clear(timer);
      timer = null;
      while (inFlight) await inFlight;
      return broken && ts === null ? null : ts;
    },
  };
}
