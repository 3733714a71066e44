// Acked events go to Bolt's processEvent one per event-loop iteration (setImmediate), so requests
// that arrive meanwhile are read and acked in between instead of waiting behind a burst.
import type { App, ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';

export interface DispatchQueue {
  setApp(app: App): void;
  enqueue(event: ReceiverEvent): void;
  /** Resolves once every queued event has been handed to the App. */
  flushed(): Promise<void>;
  /** Resolves once every queued event has been handed over and its listeners have finished. */
  drain(): Promise<void>;
}

export function createDispatchQueue(logger: Logger): DispatchQueue {
  let app: App | null = null;
  const queue: ReceiverEvent[] = [];
  let scheduled = false;
  const running = new Set<Promise<void>>();
  const waiting: Array<() => void> = [];

  function dispatchNext(): void {
    scheduled = false;
    const event = queue.shift();
    if (event && app) {
      const work: Promise<void> = app.processEvent(event).catch((error: unknown) => {
        // Already acked: nothing to tell Slack, and a bad event must never take the process down.
        logger.error({ err: error }, 'slack event processing failed');
      });
      running.add(work);
      void work.finally(() => running.delete(work));
    }
    if (queue.length) {
      scheduled = true;
      setImmediate(dispatchNext);
    } else {
      for (const resolve of waiting.splice(0)) resolve();
    }
  }

  async function flushed(): Promise<void> {
    if (queue.length || scheduled) await new Promise<void>((resolve) => waiting.push(resolve));
  }

  return {
    setApp(a) {
      app = a;
    },
    enqueue(event) {
      queue.push(event);
      if (!scheduled) {
        scheduled = true;
        setImmediate(dispatchNext);
      }
    },
    flushed,
    async drain() {
      await flushed();
      await Promise.allSettled([...running]);
    },
  };
}
