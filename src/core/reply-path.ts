// The reply path: a platform event goes to the router, which says what to reply; the reply goes
// out through the event's outbox, which says where it landed; a brief's landing place is then
// remembered, so questions asked there are answered from it. Digests take the same path through
// `deliver`. Platforms only translate: they never record anything themselves.
import type { Reply } from '../../commands/command-types.ts';
import type { ConversationMemory } from '../briefing/service-types.ts';
import type { EventOutbox, EventSink, Outbox, PostedRef } from '../platforms/platform-types.ts';
import { errorCode, incidentId } from './errors.ts';
import type { Logger } from './logger.ts';
import type { Router } from './router.ts';
import { WORDING } from '../replies/wording.ts';

export interface ReplyPathOptions {
  router: Router;
  memory: Pick<ConversationMemory, 'rememberBrief'>;
  logger: Logger;
}

export interface ReplyPath extends EventSink {
  /** Posts a reply that no event asked for (a digest) and remembers it like any other. */
  deliver(outbox: Outbox, reply: Reply): Promise<PostedRef>;
}

export function createReplyPath({ router, memory, logger }: ReplyPathOptions): ReplyPath {
  async function deliver(outbox: Outbox, reply: Reply): Promise<PostedRef> {
    const posted = await outbox.post(reply, { followUps: reply.kind === 'brief' });
    if (reply.kind === 'brief' && posted.conversationId) {
      // The reply is out: a memory failure costs follow-up context, and must not look like a
      // failed post (a digest would be posted again).
      await memory.rememberBrief(posted.conversationId, reply.brief)
        .catch((error: unknown) => logger.warn({ err: error, conversationId: posted.conversationId }, 'remembering a posted brief failed'));
    }
    return posted;
  }

  async function privately(outbox: EventOutbox, reply: Reply): Promise<void> {
    try {
      await outbox.postPrivately(reply);
    } catch (error) {
      logger.warn({ err: error, code: errorCode(error) }, 'could not send a private reply');
    }
  }

  /** Sends an event's reply; a reply that cannot be posted becomes a private apology. */
  async function send(outbox: EventOutbox, reply: Reply, conversationId: string): Promise<void> {
    if (reply.ephemeral) return privately(outbox, reply);
    try {
      await deliver(outbox, reply);
    } catch (error) {
      const incident = incidentId();
      logger.error({ err: error, code: errorCode(error), incident, conversationId }, 'could not post a reply');
      await privately(outbox, { kind: 'text', text: WORDING.couldNotPost(incident), ephemeral: true });
    }
  }

  /** The last line: the router turns failures into replies, so this only catches its own bugs. */
  function failed(error: unknown, conversationId: string): Reply {
    const incident = incidentId();
    logger.error({ err: error, incident, conversationId }, 'handling an event failed');
    return { kind: 'text', text: WORDING.failed(incident), ephemeral: true };
  }

  return {
    deliver,
    async command(event, outbox) {
      let reply: Reply;
      try {
        reply = await router.command({ ...event, progress: outbox.update ? (text) => outbox.update!(text) : undefined });
      } catch (error) {
        reply = failed(error, event.conversationId);
      }
      await send(outbox, reply, event.conversationId);
    },
    async message(event, outbox) {
      let reply: Reply | null;
      try {
        reply = await router.message(event);
      } catch (error) {
        reply = failed(error, event.conversationId);
      }
      if (reply) await send(outbox, reply, event.conversationId);
    },
    autocomplete: (command, option, partial) => router.autocomplete(command, option, partial),
  };
}
