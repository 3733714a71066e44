// Reading the webhook's events: one JSON event per line, turned into the core's events.
//   {"type":"command","user":"u1","channel":"c1","text":"/brief us-russia","id":"e1"}
//   {"type":"message","user":"u1","conversation":"webhook:c1:m3","text":"what did X say?"}
// An event with an `id` seen before (a redelivery) is dropped here, once, at the edge.
import type { Logger } from '../../../src/core/logger.ts';
import type { EventSink } from '../../../src/platforms/platform-types.ts';
import { placeOf, type WebhookOutboxes } from './webhook-outbox.ts';

export interface EventReaderOptions {
  outboxes: WebhookOutboxes;
  logger: Logger;
  firstSeen?: (key: string) => Promise<boolean>;
}

export function createEventReader({ outboxes, logger, firstSeen }: EventReaderOptions): (line: string, sink: EventSink) => Promise<void> {
  async function firstDelivery(id: string): Promise<boolean> {
    try {
      return firstSeen ? await firstSeen(`webhook:event:${id}`) : true;
    } catch (error) {
      // Fail open: a store hiccup may cost a duplicate answer, never a missing one.
      logger.warn({ err: error }, 'webhook: event dedupe failed; answering anyway');
      return true;
    }
  }

  return async function handle(line, sink) {
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
      await sink.command({ platform: 'webhook', command, text: rest, user, conversationId: `webhook:${place.channel}` }, outboxes.eventOutbox(place, userId));
    } else if (event.type === 'message' && typeof event.conversation === 'string') {
      const place = placeOf(event.conversation);
      const mentioned = /^@briefbot\b/i.test(text);
      const question = text.replace(/^@briefbot\b\s*/i, '');
      await sink.message({ platform: 'webhook', conversationId: event.conversation, text: question, user, mentioned }, outboxes.eventOutbox(place, userId));
    }
  };
}
