// Slash commands and autocomplete. A command is deferred the moment it arrives — before anything
// else runs — because Discord drops interactions not acknowledged within 3 s. Whether the reply
// will be ephemeral is only known when the command finishes, so the defer is public; an ephemeral
// result goes out as an ephemeral follow-up and the public "thinking…" placeholder is deleted.
// Progress, the final edit and follow-ups use the interaction webhook (interaction-webhook.ts).
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ApplicationCommandOptionType,
  ChannelType,
  ThreadAutoArchiveDuration,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type Interaction,
} from 'discord.js';
import type { ChatUser, Reply } from '../../../commands/command-types.ts';
import type { Logger } from '../../core/logger.ts';
import type { Brief } from '../../engines/engine-types.ts';
import type { EventSink } from '../platform-types.ts';
import { describeDiscordError, isAlreadyAcknowledged, isExpiredInteraction, isInvalidBody } from './discord-errors.ts';
import { readCommandOptions } from './interaction-options.ts';
import type { InteractionWebhook, InteractionWebhooks } from './interaction-webhook.ts';
import { apiBody } from './payload.ts';
import { canStartThread, isAdminPermissions } from './permissions.ts';
import { createProgressEditor } from './progress.ts';
import { renderProgress, renderReply, renderText } from './render.ts';

export interface InteractionOptions {
  client: Client;
  log: Logger;
  /** The current sink (set by `start`). */
  sink: () => EventSink;
  /** Posts a reply into a channel (fallback when the interaction token has expired). */
  post: (conversationId: string, reply: Reply) => Promise<unknown>;
  /** Edits and follow-ups of interaction responses (outside discord.js's global rate limiter). */
  webhooks: InteractionWebhooks;
  createThreads: boolean;
  messageContent: boolean;
  firstSeen?: (key: string) => Promise<boolean>;
  claimTimeoutMs?: number;
  autocompleteTimeoutMs?: number;
  progressIntervalMs?: number;
  onAck?: (info: { kind: 'command' | 'autocomplete'; ms: number }) => void;
}

const THREAD_PARENTS: ReadonlySet<ChannelType> = new Set([ChannelType.GuildText, ChannelType.GuildAnnouncement]);

function threadName(brief: Brief): string {
  const subject = (brief.topic?.title || brief.query || brief.headline || 'brief').replace(/\s+/g, ' ').trim();
  const name = `Follow-ups: ${subject}`;
  return name.length <= 100 ? name : `${name.slice(0, 99)}…`;
}

export function createInteractionHandler(options: InteractionOptions): (interaction: Interaction) => Promise<void> {
  const { client, log, sink, post, createThreads, webhooks } = options;

  function userOfInteraction(interaction: ChatInputCommandInteraction): ChatUser {
    const member = interaction.member;
    const nick = member && 'displayName' in member ? member.displayName : member?.nick;
    return {
      id: `discord:${interaction.user.id}`,
      name: nick || interaction.user.globalName || interaction.user.username,
      // member.permissions in an interaction are the member's effective permissions in this channel.
      isAdmin: isAdminPermissions(interaction.memberPermissions),
    };
  }

  /**
   * True when this process should answer the interaction (another replica on the same shard may
   * have claimed it). Fails open, and gives up waiting after a second: answering twice is better
   * than never, and the 3 s acknowledgement deadline does not wait for a slow store.
   */
  async function claim(interactionId: string): Promise<boolean> {
    if (!options.firstSeen) return true;
    const abort = new AbortController();
    try {
      return await Promise.race([
        options.firstSeen(`discord:interaction:${interactionId}`),
        sleep(options.claimTimeoutMs ?? 1000, true, { signal: abort.signal }).then((v) => {
          log.warn({ interactionId }, 'discord: interaction claim is slow; answering anyway');
          return v;
        }),
      ]);
    } catch (error) {
      log.warn({ err: describeDiscordError(error) }, 'discord: could not claim the interaction; answering anyway');
      return true;
    } finally {
      abort.abort();
    }
  }

  async function handleInteraction(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) return handleAutocomplete(interaction);
    if (interaction.isChatInputCommand()) return handleCommand(interaction);
  }

  async function handleCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const received = performance.now();
    if (!(await claim(interaction.id))) return;
    try {
      await interaction.deferReply();
    } catch (error) {
      if (isAlreadyAcknowledged(error)) log.debug({ command: interaction.commandName }, 'discord: interaction handled elsewhere');
      else log.warn({ err: describeDiscordError(error), command: interaction.commandName }, 'discord: could not acknowledge the command in time');
      return;
    }
    options.onAck?.({ kind: 'command', ms: performance.now() - received });

    const { subcommand, options: values } = readCommandOptions(interaction.options.data);
    const webhook = webhooks.forInteraction(interaction.applicationId, interaction.token);
    const progress = createProgressEditor({
      intervalMs: options.progressIntervalMs,
      edit: (text) => webhook.editOriginal(apiBody(renderProgress(text))),
      onError: (error) => log.debug({ err: describeDiscordError(error) }, 'discord: progress edit failed'),
    });

    let reply: Reply;
    try {
      reply = await sink().command({
        platform: 'discord',
        command: interaction.commandName,
        options: values,
        subcommand,
        user: userOfInteraction(interaction),
        conversationId: `discord:${interaction.channelId}`,
        progress: (text) => progress.update(text),
      });
    } catch (error) {
      // The router turns failures into replies; this is only a last line of defence.
      log.error({ err: describeDiscordError(error), command: interaction.commandName }, 'discord: command failed');
      reply = { kind: 'text', text: 'Sorry, something went wrong. Please try again.', ephemeral: true };
    } finally {
      await progress.finish();
    }
    await deliver(interaction, webhook, reply);
  }

  /** Where follow-ups go after a brief, and the footer line that says how to ask them. */
  function followUpPlan(interaction: ChatInputCommandInteraction, reply: Reply): { thread: boolean; note?: string } {
    if (reply.kind !== 'brief') return { thread: false };
    const thread = createThreads && interaction.inGuild() && Boolean(interaction.channel && THREAD_PARENTS.has(interaction.channel.type)) && canStartThread(interaction.appPermissions);
    const bot = client.user?.username ?? 'the bot';
    // Without the Message Content intent Discord delivers thread messages empty unless they mention the bot.
    const how = options.messageContent ? (thread ? 'reply in the thread below' : `mention @${bot}`) : `mention @${bot}${thread ? ' in the thread below' : ''}`;
    return { thread, note: `Follow-up questions: ${how}, or use /ask.` };
  }

  async function deliver(interaction: ChatInputCommandInteraction, webhook: InteractionWebhook, reply: Reply): Promise<void> {
    const plan = followUpPlan(interaction, reply);
    const messages = renderReply(reply, { note: plan.note });

    if (reply.ephemeral) {
      try {
        for (const message of messages) await webhook.followUp(apiBody(message, { ephemeral: true }));
      } catch (error) {
        log.warn({ err: describeDiscordError(error), command: interaction.commandName }, 'discord: could not send the ephemeral reply');
        if (!isExpiredInteraction(error)) await explain(webhook, 'I could not send my reply. Please try again.');
        return;
      }
      await webhook.deleteOriginal().catch((error: unknown) => log.debug({ err: describeDiscordError(error) }, 'discord: could not delete the placeholder'));
      return;
    }

    let first: { id: string; channel_id: string };
    try {
      first = await webhook.editOriginal(apiBody(messages[0], { clearContent: true }));
      for (const message of messages.slice(1)) await webhook.followUp(apiBody(message));
    } catch (error) {
      if (isExpiredInteraction(error)) {
        // The interaction token lapsed (15 min) or Discord lost the interaction: post the result in the channel instead.
        log.warn({ command: interaction.commandName }, 'discord: interaction expired; posting the reply in the channel');
        try {
          await post(`discord:${interaction.channelId}`, reply);
        } catch (postError) {
          log.warn({ err: describeDiscordError(postError) }, 'discord: could not post the reply in the channel either');
        }
        return;
      }
      log.error({ err: describeDiscordError(error), command: interaction.commandName }, 'discord: could not deliver the reply');
      await explain(webhook, isInvalidBody(error) ? 'Discord rejected the formatted reply. The problem has been logged.' : 'Discord did not accept my reply. Please try again in a moment.');
      return;
    }

    if (reply.kind === 'text') return;
    let conversationId = `discord:${interaction.channelId}`;
    if (plan.thread && reply.kind === 'brief') {
      try {
        conversationId = `discord:${await startThread(interaction, first.id, reply.brief)}`;
      } catch (error) {
        log.warn({ err: describeDiscordError(error) }, 'discord: could not start a follow-up thread; follow-ups go to the channel');
      }
    }
    await sink().posted(conversationId, reply).catch((error: unknown) => log.error({ err: describeDiscordError(error) }, 'discord: recording the posted reply failed'));
  }

  /** A public thread on the reply message; the channel's thread manager caches it at once, so replies in it are not dropped. */
  async function startThread(interaction: ChatInputCommandInteraction, messageId: string, brief: Brief): Promise<string> {
    const channel = interaction.channel;
    if (!channel || !('threads' in channel) || channel.isThread()) throw new Error('channel cannot hold threads');
    const thread = await channel.threads.create({ startMessage: messageId, name: threadName(brief), autoArchiveDuration: ThreadAutoArchiveDuration.OneDay });
    return thread.id;
  }

  /** Last resort: tell the user (privately) that the reply could not be delivered, and drop the placeholder. */
  async function explain(webhook: InteractionWebhook, text: string): Promise<void> {
    try {
      await webhook.followUp(apiBody(renderText(text)[0], { ephemeral: true }));
      await webhook.deleteOriginal().catch(() => undefined);
    } catch (error) {
      log.warn({ err: describeDiscordError(error) }, 'discord: could not explain the failure to the user');
    }
  }

  async function handleAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const received = performance.now();
    const focused = interaction.options.getFocused(true);
    const timeout = options.autocompleteTimeoutMs ?? 2000;
    let values: string[] = [];
    const abort = new AbortController();
    try {
      values = await Promise.race([
        sink().autocomplete(interaction.commandName, focused.name, String(focused.value ?? '')),
        sleep(timeout, [] as string[], { signal: abort.signal }),
      ]);
    } catch (error) {
      log.warn({ err: describeDiscordError(error), command: interaction.commandName }, 'discord: autocomplete failed');
    } finally {
      abort.abort();
    }
    const numeric = focused.type === ApplicationCommandOptionType.Integer;
    const choices = [...new Set(values)]
      .filter((v) => v && v.length <= 100 && (!numeric || Number.isInteger(Number(v))))
      .slice(0, 25)
      .map((v) => ({ name: v, value: numeric ? Number(v) : v }));
    try {
      await interaction.respond(choices);
      options.onAck?.({ kind: 'autocomplete', ms: performance.now() - received });
    } catch (error) {
      log.debug({ err: describeDiscordError(error) }, 'discord: autocomplete response not accepted');
    }
  }

  return handleInteraction;
}
