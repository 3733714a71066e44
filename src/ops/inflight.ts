// Graceful shutdown needs to know what is still being answered, posting included. The platforms
// call the reply path through this wrapper (an EventSink itself), which counts calls in flight and,
// once shutdown has begun, turns new commands away politely instead of starting work that would
// be cut off: the person is told to try again (another replica, or this one after the restart).
import type { Reply } from '../../commands/command-types.ts';
import type { EventOutbox, EventSink } from '../platforms/platform-types.ts';

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

  const refusal: Reply = { kind: 'text', text: RESTARTING_TEXT, ephemeral: true };
  // Best effort: the notice is a courtesy, and the process is on its way out.
  const refuse = (outbox: EventOutbox) => outbox.postPrivately(refusal).catch(() => undefined);

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
    command(event, outbox) {
      if (refusing) return refuse(outbox);
      return tracked(() => sink.command(event, outbox));
    },
    message(event, outbox) {
      // A mention during a restart gets the notice; plain thread chatter stays unanswered as usual.
      if (refusing) return event.mentioned ? refuse(outbox) : Promise.resolve();
      return tracked(() => sink.message(event, outbox));
    },
    autocomplete: (command, option, partial) => (refusing ? Promise.resolve([]) : sink.autocomplete(command, option, partial)),
  };
}
