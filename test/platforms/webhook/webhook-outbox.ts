// Posting to the webhook: each post is one JSON body POSTed to the URL; a long reply is several
// posts in a row. Conversation ids are `webhook:<channel>` for a channel and
// `webhook:<channel>:<messageId>` for the thread under a message; every post opens one.
import { randomUUID } from 'node:crypto';
import type { Reply } from '../../../commands/command-types.ts';
import { PostError } from '../../../src/platforms/post-error.ts';
import type { EventOutbox, Outbox } from '../../../src/platforms/platform-types.ts';
import { renderWebhookPosts } from './render.ts';

export interface Place {
  channel: string;
  thread: string | null;
}

/** `webhook:<channel>[:<thread>]`. */
export function placeOf(conversationId: string): Place {
  const [prefix, channel, thread, ...rest] = conversationId.split(':');
  if (prefix !== 'webhook' || !channel || rest.length) throw new PostError('webhook_bad_conversation', `Not a webhook conversation id: ${conversationId}`, { retryable: false });
  return { channel, thread: thread || null };
}

/** POSTs one body; a PostError when the receiver cannot be reached or refuses it. */
async function postJson(url: string, body: Record<string, unknown>): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch (error) {
    throw new PostError('webhook_unreachable', `The webhook could not be reached: ${(error as Error).message}`, { retryable: true, cause: error });
  }
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('retry-after')) || undefined;
    throw new PostError('webhook_rejected', `The webhook answered ${response.status}`, { retryable: response.status === 429 || response.status >= 500, retryAfter });
  }
}

export interface WebhookOutboxes {
  /** A channel's or thread's outbox (digests, and the public side of an event's). */
  outbox(place: Place): Outbox;
  /** An event's outbox: private replies go to its user. */
  eventOutbox(place: Place, user: string): EventOutbox;
}

export function createWebhookOutboxes(url: string): WebhookOutboxes {
  function outbox(place: Place): Outbox {
    return {
      async post(reply) {
        const messageId = `m${randomUUID().slice(0, 8)}`;
        for (const [i, text] of renderWebhookPosts(reply).entries()) {
          await postJson(url, { id: i === 0 ? messageId : `${messageId}.${i}`, channel: place.channel, thread: place.thread, text });
        }
        return { messageId, conversationId: `webhook:${place.channel}:${place.thread ?? messageId}` };
      },
    };
  }
  return {
    outbox,
    eventOutbox(place, user) {
      return {
        ...outbox(place),
        async postPrivately(reply: Reply) {
          for (const text of renderWebhookPosts(reply)) await postJson(url, { channel: place.channel, thread: place.thread, private: true, user, text });
        },
      };
    },
  };
}
