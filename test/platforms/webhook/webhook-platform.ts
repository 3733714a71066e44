// A minimal chat platform used only in tests: events arrive as JSON lines on a stream
// (webhook-events.ts), replies leave as JSON POSTs to a URL (webhook-outbox.ts).
import { createInterface, type Interface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Logger } from '../../../src/core/logger.ts';
import type { ChatPlatform } from '../../../src/platforms/platform-types.ts';
import { createEventReader } from './webhook-events.ts';
import { createWebhookOutboxes, placeOf } from './webhook-outbox.ts';

export interface WebhookPlatformOptions {
  /** JSON lines, one event each. */
  input: Readable;
  /** Where replies are POSTed. */
  url: string;
  logger: Logger;
  /** True the first time an event id is seen (redeliveries are answered once). */
  firstSeen?: (key: string) => Promise<boolean>;
}

export function createWebhookPlatform(options: WebhookPlatformOptions): ChatPlatform {
  const { logger } = options;
  const outboxes = createWebhookOutboxes(options.url);
  const handle = createEventReader({ outboxes, logger, firstSeen: options.firstSeen });
  const inflight = new Set<Promise<void>>();
  let lines: Interface | null = null;

  return {
    name: 'webhook',
    async start(sink) {
      lines = createInterface({ input: options.input, terminal: false });
      // Events are answered concurrently, like a chat platform's; stop() waits for them.
      lines.on('line', (line) => {
        const work = handle(line, sink)
          .catch((error: unknown) => logger.error({ err: error }, 'webhook: handling an event failed'))
          .finally(() => inflight.delete(work));
        inflight.add(work);
      });
    },
    async stop() {
      lines?.close();
      lines = null;
      await Promise.allSettled([...inflight]);
    },
    outbox(conversationId) {
      try {
        return outboxes.outbox(placeOf(conversationId));
      } catch (error) {
        // A bad id is a post that cannot succeed, reported where posts report failures.
        return { post: () => Promise.reject(error) };
      }
    },
    isReady: () => lines !== null,
  };
}
