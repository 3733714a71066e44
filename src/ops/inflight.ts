// Graceful shutdown needs to know what is still being answered. The platforms call the router
// through this wrapper (an EventSink like the router itself), which counts calls in flight and,
// once shutdown has begun, turns new commands away politely instead of starting work that would
// be cut off: the person is told to try again (another replica, or this one after the restart).
import type { Reply } from '../../commands/command-types.ts';
import type { EventSink } from '../platforms/platform-types.ts';

export const RESTARTING_TEXT = 'briefbot is restarting and cannot take new requests right now. Please try again in a minute.';

export interface InflightSink extends EventSink {
  /** Calls into the router not finished yet. */
  readonly inflight: number;
  /** From now on new commands and follow-ups get RESTARTING_TEXT; calls already running continue. */
  refuseNew(): void;
  /** Resolves true when nothing is in flight, or false when `timeoutMs` passed first. */
  drain(timeoutMs: number): Promise<boolean>;
}

export function createInflightSink(sink: EventSink): InflightSink {
  let inflight = 0;
  let refusing = false;
  let waiters: Array<() => void> = [];

  async function tracked<T>(work: () => Promise<T>): Promise<T> {
    inflight++;
    try {
      return await work();
    } finally {
      inflight--;
      if (inflight === 0) {
        const done = waiters;
        waiters = [];
        for (const resolve of done) resolve();
      }
    }
  }

  const refusal = (): Reply => ({ kind: 'text', text: RESTARTING_TEXT, ephemeral: true });

  return {
    get inflight() {
      return inflight;
    },
    refuseNew() {
      refusing = true;
    },
    async drain(timeoutMs) {
      if (inflight === 0) return true;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const idle = new Promise<boolean>((resolve) => waiters.push(() => resolve(true)));
      const late = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), Math.max(0, timeoutMs)); });
      try {
        return await Promise.race([idle, late]);
      } finally {
        clearTimeout(timer);
      }
    },
    command(event) {
      if (refusing) return Promise.resolve(refusal());
      return tracked(() => sink.command(event));
    },
    message(event) {
      // A mention during a restart gets the notice; plain thread chatter stays unanswered as usual.
      if (refusing) return Promise.resolve(event.mentioned ? refusal() : null);
      return tracked(() => sink.message(event));
    },
    // Bookkeeping after a reply was posted belongs to work already accepted: never refused.
    posted: (conversationId, reply) => tracked(() => sink.posted(conversationId, reply)),
    autocomplete: (command, option, partial) => (refusing ? Promise.resolve([]) : sink.autocomplete(command, option, partial)),
  };
}
