// The outbox of one slash command. Progress shows in a placeholder message (progress.ts) that the
// reply then replaces in place; a brief opens a thread under itself. Private replies go through
// the command's response_url as ephemeral messages, and so does the reply itself, visibly, when
// the bot may not post in the channel (it is not a member): no thread we could hear, then.
import type { Reply } from '../../../commands/command-types.ts';
import type { EventOutbox, PostedRef } from '../platform-types.ts';
import { conversationIdFor } from './parse.ts';
import { createProgressMessage } from './progress.ts';
import { renderReply, renderText, type SlackMessage } from './render.ts';
import { postFailed, type OutboxDeps } from './slack-outbox.ts';
import { describeSlackError, slackErrorCode, toPostError } from './web.ts';

/** Bolt's `respond`: posts to the command's response_url. */
export type Respond = (message: Record<string, unknown>) => Promise<unknown>;

export interface CommandOutbox extends EventOutbox {
  /** After the core is done: stops progress and removes a placeholder no reply took over. */
  close(): Promise<void>;
}

export interface CommandOutboxOptions extends OutboxDeps {
  channel: string;
  respond: Respond;
  /** Minimum time between placeholder updates (ms). */
  progressIntervalMs?: number;
}

// Slack answers these when the bot may not post in a channel.
const NOT_A_MEMBER = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);
export const INVITE_HINT = 'Invite me to this channel (type `/invite` and pick this app) and I can answer follow-up questions in a thread.';

async function respondAll(respond: Respond, messages: SlackMessage[], responseType: 'ephemeral' | 'in_channel'): Promise<void> {
  for (const m of messages) await respond({ response_type: responseType, text: m.text, blocks: m.blocks });
}

export function createCommandOutbox(options: CommandOutboxOptions): CommandOutbox {
  const { client, poster, logger, channel, respond } = options;
  const progress = createProgressMessage({
    logger,
    intervalMs: options.progressIntervalMs,
    messenger: {
      post: (m) => poster.postOne(channel, null, m),
      update: async (ts, m) => { await client.chat.update({ channel, ts, text: m.text, blocks: m.blocks, link_names: false }); },
    },
  });
  let finished: Promise<void> | null = null;
  // The placeholder while it still shows progress (null: never posted, replaced or deleted).
  let placeholder: string | null = null;

  async function stopProgress(): Promise<string | null> {
    finished ??= progress.finish().then((ts) => { placeholder = ts; });
    await finished;
    return placeholder;
  }

  async function dropPlaceholder(): Promise<void> {
    const ts = await stopProgress();
    if (!ts) return;
    placeholder = null;
    await poster.quietly('chat.delete', () => client.chat.delete({ channel, ts }));
  }

  async function postThroughResponseUrl(reply: Reply, error: unknown): Promise<PostedRef> {
    logger.info({ ...describeSlackError(error), channel }, 'slack bot cannot post in channel; replying via response_url');
    await dropPlaceholder();
    try {
      await respondAll(respond, renderReply(reply, { threadHint: false }), 'in_channel');
    } catch (respondError) {
      throw toPostError('respond', respondError);
    }
    await poster.quietly('respond', () => respondAll(respond, renderText(INVITE_HINT), 'ephemeral'));
    // A response_url post has no ts of its own.
    return { messageId: '', conversationId: null };
  }

  return {
    update: (text) => progress.update(text),
    async post(reply, { followUps }) {
      const into = await stopProgress();
      try {
        const messages = renderReply(reply, { threadHint: followUps });
        const ts = await poster.postMessages(channel, null, messages, into, (first) => {
          if (first === placeholder) placeholder = null;
        });
        return { messageId: ts, conversationId: conversationIdFor(channel, ts) };
      } catch (error) {
        const code = slackErrorCode(error);
        if (code && NOT_A_MEMBER.has(code)) return postThroughResponseUrl(reply, error);
        throw postFailed(logger, 'chat.postMessage', error, { channel });
      }
    },
    async postPrivately(reply) {
      await dropPlaceholder();
      await respondAll(respond, renderReply(reply), 'ephemeral');
    },
    close: dropPlaceholder,
  };
}
