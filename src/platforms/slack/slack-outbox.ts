// Where replies go out in Slack: into a thread (a mention or a reply in a thread: the answer and
// any private note stay in that thread) and into a conversation by id (digests). Each says where
// follow-ups will arrive; a failed post becomes a PostError, and the core decides what to tell.
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';
import type { EventOutbox, Outbox } from '../platform-types.ts';
import type { PostError } from '../post-error.ts';
import { conversationIdFor, parseConversationId } from './parse.ts';
import { renderReply } from './render.ts';
import type { SlackPoster } from './slack-posting.ts';
import { describeSlackError, toPostError } from './web.ts';

export interface OutboxDeps {
  client: Pick<webApi.WebClient, 'chat'>;
  poster: SlackPoster;
  logger: Logger;
}

/** Logs Slack's own code for a failed post (the core logs the failure with its incident). */
export function postFailed(logger: Logger, method: string, error: unknown, fields: Record<string, unknown>): PostError {
  logger.warn({ ...describeSlackError(error), method, ...fields }, 'slack could not post');
  return toPostError(method, error);
}

/** A thread in a channel; private replies go to `user` as ephemeral messages in that thread. */
export function createThreadOutbox(deps: OutboxDeps, where: { channel: string; threadTs: string; user: string }): EventOutbox {
  const { channel, threadTs, user } = where;
  const conversationId = conversationIdFor(channel, threadTs);
  return {
    async post(reply, { followUps }) {
      try {
        const ts = await deps.poster.postMessages(channel, threadTs, renderReply(reply, { threadHint: followUps }), null);
        return { messageId: ts, conversationId };
      } catch (error) {
        throw postFailed(deps.logger, 'chat.postMessage', error, { conversationId });
      }
    },
    async postPrivately(reply) {
      for (const m of renderReply(reply)) {
        await deps.client.chat.postEphemeral({ channel, user, thread_ts: threadTs, text: m.text, blocks: m.blocks });
      }
    },
  };
}

/** A channel (`slack:C1`) or a thread (`slack:C1:1712345678.000100`): digests. */
export function createConversationOutbox(deps: OutboxDeps, conversationId: string): Outbox {
  return {
    async post(reply, { followUps }) {
      // Parsed here, so a bad id rejects like any failed post.
      const { channel, threadTs } = parseConversationId(conversationId);
      try {
        const ts = await deps.poster.postMessages(channel, threadTs, renderReply(reply, { threadHint: followUps }), null);
        return { messageId: ts, conversationId: conversationIdFor(channel, threadTs ?? ts) };
      } catch (error) {
        throw postFailed(deps.logger, 'chat.postMessage', error, { conversationId });
      }
    },
  };
}
