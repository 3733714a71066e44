// A minimal chat platform used only in tests: events arrive as JSON lines POSTed to its path on
// the ops HTTP port (webhook-events.ts), replies leave as JSON POSTs to a URL (webhook-outbox.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../../src/core/logger.ts';
import type { HttpHandler } from '../../../src/ops/http-server.ts';
import type { ChatPlatform, EventSink } from '../../../src/platforms/platform-types.ts';
import { createEventReader } from './webhook-events.ts';
import { createWebhookOutboxes, placeOf } from './webhook-outbox.ts';

export interface WebhookPlatformOptions {
  /** Where replies are POSTed. */
  url: string;
  /** Its path on the ops port, e.g. `/webhook/`. */
  path: string;
  logger: Logger;
  /** True the first time an event id is seen (redeliveries are answered once). */
  firstSeen?: (key: string) => Promise<boolean>;
}

const MAX_BODY_BYTES = 64 * 1024;

export function createWebhookPlatform(options: WebhookPlatformOptions): ChatPlatform & HttpHandler {
  const { logger } = options;
  const outboxes = createWebhookOutboxes(options.url);
  const handle = createEventReader({ outboxes, logger, firstSeen: options.firstSeen });
  const inflight = new Set<Promise<void>>();
  let sink: EventSink | null = null;

  function accept(lines: string[]): void {
    // Events are answered concurrently, like a chat platform's; stop() waits for them.
    for (const line of lines) {
      const work = handle(line, sink!)
        .catch((error: unknown) => logger.error({ err: error }, 'webhook: handling an event failed'))
        .finally(() => inflight.delete(work));
      inflight.add(work);
    }
  }

  function handleHttp(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.url !== `${options.path}events`) return false;
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return true;
    }
    if (!sink) {
      res.writeHead(503).end();
      return true;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      // Acknowledged before any answer is worked out, as chat platforms expect.
      res.writeHead(202).end();
      accept(Buffer.concat(chunks).toString('utf8').split('\n'));
    });
    return true;
  }

  return {
    name: 'webhook',
    async start(eventSink) {
      sink = eventSink;
    },
    async stop() {
      sink = null;
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
    handleHttp,
    isReady: () => sink !== null,
  };
}
