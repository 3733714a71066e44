// A minimal chat platform used only in tests: events arrive as JSON lines on a stream, replies
// leave as JSON POSTs to a URL. Conversation ids are `webhook:<channel>` for a channel and
// `webhook:<channel>:<messageId>` for the thread under a message; every post opens one.
//   {"type":"command","user":"u1","channel":"c1","text":"/brief us-russia","id":"e1"}
//   {"type":"message","user":"u1","conversation":"webhook:c1:m3","text":"what did X say?"}
import { randomUUID } from 'node:crypto';
import { createInterface, type Interface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Reply } from '../../../commands/command-types.ts';
import type { Logger } from '../../../src/core/logger.ts';
import { PostError } from '../../../src/platforms/post-error.ts';
import type { ChatPlatform, EventOutbox, EventSink, Outbox } from '../../../src/platforms/platform-types.ts';
import { renderWebhookPosts } from './render.ts';

export interface WebhookPlatformOptions {
  /** JSON lines, one event each. */
  input: Readable;
  /** Where replies are POSTed. */
  url: string;
  logger: Logger;
  /** True the first time an event id is seen (redeliveries are answered once). */
  firstSeen?: (key: string) => Promise<boolean>;
}

interface Place {
  channel: string;
  thread: string | null;
}

/** `webhook:<channel>[:<thread>]`. */
export function placeOf(conversationId: string): Place {
  const [prefix, channel, thread, ...rest] = conversationId.split(':');
  if (prefix !== 'webhook' || !channel || rest.length) throw new PostError('webhook_bad_conversation', `Not a webhook conversation id: ${conversationId}`, { retryable: false });
  return { channel, thread: thread || null };
}

export function createWebhookPlatform(options: WebhookPlatformOptions): ChatPlatform {
  const { logger } = options;
  const inflight = new Set<Promise<void>>();
  let lines: Interface | null = null;

  async function send(body: Record<string, unknown>): Promise<void> {
    let response: Response;
    try {
      response = await fetch(options.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    } catch (error) {
      throw new PostError('webhook_unreachable', `The webhook could not be reached: ${(error as Error).message}`, { retryable: true, cause: error });
    }
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) {
      const retryAfter = Number(response.headers.get('retry-after')) || undefined;
      throw new PostError('webhook_rejected', `The webhook answered ${response.status}`, { retryable: response.status === 429 || response.status >= 500, retryAfter });
    }
  }

  function outbox(place: Place): Outbox {
    return {
      async post(reply) {
        const messageId = `m${randomUUID().slice(0, 8)}`;
        const posts = renderWebhookPosts(reply);
        // A long reply is several posts in a row; the first one names the thread.
        for (const [i, text] of posts.entries()) {
          await send({ id: i === 0 ? messageId : `${messageId}.${i}`, channel: place.channel, thread: place.thread, text });
        }
        return { messageId, conversationId: `webhook:${place.channel}:${place.thread ?? messageId}` };
      },
    };
  }

  function eventOutbox(place: Place, user: string): EventOutbox {
    return {
      ...outbox(place),
      async postPrivately(reply: Reply) {
        for (const text of renderWebhookPosts(reply)) await send({ channel: place.channel, thread: place.thread, private: true, user, text });
      },
    };
  }

  async function firstDelivery(id: string): Promise<boolean> {
    try {
      return options.firstSeen ? await options.firstSeen(`webhook:event:${id}`) : true;
    } catch (error) {
      // Fail open: a store hiccup may cost a duplicate answer, never a missing one.
      logger.warn({ err: error }, 'webhook: event dedupe failed; answering anyway');
      return true;
    }
  }

  async function handle(line: string, sink: EventSink): Promise<void> {
    if (!line.trim()) return;
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(line) as Record<string, unknown>;
    } catch {
      logger.warn({}, 'webhook: a line that is not JSON was ignored');
      return;
    }
    const text = typeof event.text === 'string' ? event.text : '';
    const userId = typeof event.user === 'string' ? event.user : '';
    if (!userId) return;
    if (typeof event.id === 'string' && !(await firstDelivery(event.id))) return;
    const user = { id: `webhook:${userId}`, name: userId, isAdmin: false };
    if (event.type === 'command' && typeof event.channel === 'string') {
      const [, command = '', rest = ''] = /^\/(\S+)\s*([\s\S]*)$/.exec(text.trim()) ?? [];
      if (!command) return;
      const place = { channel: event.channel, thread: null };
      await sink.command({ platform: 'webhook', command, text: rest, user, conversationId: `webhook:${place.channel}` }, eventOutbox(place, userId));
    } else if (event.type === 'message' && typeof event.conversation === 'string') {
      const place = placeOf(event.conversation);
      const mentioned = /^@briefbot\b/i.test(text);
      await sink.message({ platform: 'webhook', conversationId: event.conversation, text: text.replace(/^@briefbot\b\s*/i, ''), user, mentioned }, eventOutbox(place, userId));
    }
  }

  return {
    name: 'webhook',
    async start(sink) {
      lines = createInterface({ input: options.input, terminal: false });
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
        return outbox(placeOf(conversationId));
      } catch (error) {
        return { post: () => Promise.reject(error) };
      }
    },
    isReady: () => lines !== null,
  };
}
