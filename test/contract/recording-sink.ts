// The real reply path, watched: every event a platform hands in goes on to the core's sink with
// the platform's own outbox, wrapped only to note what the outbox answered (the PostedRef of each
// post) and when the event was finished. The platform's outbox still does all the posting.
import type { Reply } from '../../commands/command-types.ts';
import type { CommandEvent, EventOutbox, EventSink, MessageEvent, PostedRef } from '../../src/platforms/platform-types.ts';

export interface HandledEvent {
  kind: 'command' | 'message';
  event: CommandEvent | MessageEvent;
  /** What each post through the platform's outbox returned, in order. */
  posted: Array<{ reply: Reply; ref: PostedRef }>;
  privately: Reply[];
  /** A post or private reply the outbox rejected. */
  failures: unknown[];
}

export interface RecordingSink extends EventSink {
  readonly handled: HandledEvent[];
  /** Resolves with the n-th (1-based) event once the core has finished with it. */
  waitForHandled(n: number, timeoutMs?: number): Promise<HandledEvent>;
}

function watch(outbox: EventOutbox, record: HandledEvent): EventOutbox {
  const watched: EventOutbox = {
    async post(reply, options) {
      try {
        const ref = await outbox.post(reply, options);
        record.posted.push({ reply, ref });
        return ref;
      } catch (error) {
        record.failures.push(error);
        throw error;
      }
    },
    async postPrivately(reply) {
      try {
        await outbox.postPrivately(reply);
        record.privately.push(reply);
      } catch (error) {
        record.failures.push(error);
        throw error;
      }
    },
  };
  if (outbox.update) watched.update = (text) => outbox.update!(text);
  return watched;
}

export function createRecordingSink(inner: EventSink): RecordingSink {
  const handled: HandledEvent[] = [];
  const waiters = new Set<() => void>();
  const finished = (): void => { for (const wake of [...waiters]) wake(); };

  async function run(kind: HandledEvent['kind'], event: CommandEvent | MessageEvent, work: (outbox: EventOutbox) => Promise<void>, outbox: EventOutbox): Promise<void> {
    const record: HandledEvent = { kind, event, posted: [], privately: [], failures: [] };
    try {
      await work(watch(outbox, record));
    } finally {
      handled.push(record);
      finished();
    }
  }

  return {
    handled,
    command: (event, outbox) => run('command', event, (o) => inner.command(event, o), outbox),
    message: (event, outbox) => run('message', event, (o) => inner.message(event, o), outbox),
    autocomplete: (command, option, partial) => inner.autocomplete(command, option, partial),
    waitForHandled(n, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (handled.length < n) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(handled[n - 1]);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for event ${n} to be handled (${handled.length} so far)`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}
