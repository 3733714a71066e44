// The outbox of one slash command, answered through its deferred reply: progress edits the
// placeholder, a post replaces it (the rest follows up) and may open a follow-up thread on it, a
// private reply is an ephemeral follow-up after which the public placeholder is deleted. When the
// interaction token has lapsed the reply goes to the channel instead.
import type { ChatInputCommandInteraction, Client } from 'discord.js';
import type { Reply } from '../../../commands/command-types.ts';
import type { Logger } from '../../core/logger.ts';
import type { EventOutbox, PostedRef } from '../platform-types.ts';
import { PostError } from '../post-error.ts';
import type { ChannelPoster } from './channel-outbox.ts';
import { describeDiscordError, isExpiredInteraction, isInvalidBody, isPermanentDiscordError } from './discord-errors.ts';
import { followUpPlan, openFollowUpThread } from './follow-up-thread.ts';
import type { InteractionWebhook } from './interaction-webhook.ts';
import { apiBody } from './payload.ts';
import { createProgressEditor } from './progress.ts';
import { renderProgress, renderReply } from './render.ts';

export interface InteractionOutboxOptions {
  client: Client;
  log: Logger;
  interaction: ChatInputCommandInteraction;
  webhook: InteractionWebhook;
  /** Posts into the channel when the interaction token has expired. */
  poster: ChannelPoster;
  createThreads: boolean;
  messageContent: boolean;
  progressIntervalMs?: number;
}

export interface InteractionOutbox extends EventOutbox {
  /** Something reached the user (a post or a private reply). */
  readonly answered: boolean;
  /** Stops progress edits; waits for one in flight. */
  finish(): Promise<void>;
}

export function createInteractionOutbox(options: InteractionOutboxOptions): InteractionOutbox {
  const { interaction, webhook, log } = options;
  const command = interaction.commandName;
  const channelConversation = `discord:${interaction.channelId}`;
  let answered = false;
  const progress = createProgressEditor({
    intervalMs: options.progressIntervalMs,
    edit: (text) => webhook.editOriginal(apiBody(renderProgress(text))),
    onError: (error) => log.debug({ err: describeDiscordError(error) }, 'discord: progress edit failed'),
  });

  function failure(error: unknown): PostError {
    const safe = describeDiscordError(error);
    const code = isInvalidBody(error) ? 'discord_invalid_body' : 'discord_post_failed';
    return new PostError(code, `Discord did not accept the reply to /${command}: ${safe.message}`, { cause: safe, retryable: !isPermanentDiscordError(error) });
  }

  /** Where follow-ups to the posted reply arrive: a new thread on it, else the channel. */
  async function followUpsAt(messageId: string, reply: Reply, thread: boolean): Promise<string> {
    const opened = thread ? await openFollowUpThread(interaction.channel, messageId, reply, log) : null;
    return opened ? `discord:${opened}` : channelConversation;
  }

  async function post(reply: Reply, { followUps }: { followUps: boolean }): Promise<PostedRef> {
    await progress.finish();
    const plan = followUps ? followUpPlan(interaction, { createThreads: options.createThreads, messageContent: options.messageContent, botName: options.client.user?.username }) : { thread: false };
    const [first, ...rest] = renderReply(reply, { note: plan.note });
    let original: { id: string };
    try {
      original = await webhook.editOriginal(apiBody(first, { clearContent: true }));
      for (const message of rest) await webhook.followUp(apiBody(message));
    } catch (error) {
      if (!isExpiredInteraction(error)) throw failure(error);
      // The interaction token lapsed (15 min) or Discord lost the interaction: post the result in the channel instead.
      log.warn({ command }, 'discord: interaction expired; posting the reply in the channel');
      const posted = await options.poster.outbox(channelConversation).post(reply, { followUps });
      answered = true;
      return posted;
    }
    answered = true;
    return { messageId: original.id, conversationId: await followUpsAt(original.id, reply, plan.thread) };
  }

  async function postPrivately(reply: Reply): Promise<void> {
    await progress.finish();
    for (const message of renderReply(reply)) await webhook.followUp(apiBody(message, { ephemeral: true }));
    answered = true;
    await webhook.deleteOriginal().catch((error: unknown) => log.debug({ err: describeDiscordError(error) }, 'discord: could not delete the placeholder'));
  }

  return {
    get answered() {
      return answered;
    },
    post,
    postPrivately,
    update: (text) => progress.update(text),
    finish: () => progress.finish(),
  };
}
