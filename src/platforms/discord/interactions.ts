// Slash commands and autocomplete. A command is deferred the moment it arrives — before anything
// else runs — because Discord drops interactions not acknowledged within 3 s. Whether the reply
// will be ephemeral is only known when the command finishes, so the defer is public; the
// interaction's outbox (interaction-outbox.ts) then replaces or deletes the placeholder.
import type { ChatInputCommandInteraction, Client, Interaction } from 'discord.js';
import type { ChatUser } from '../../../commands/command-types.ts';
import type { Logger } from '../../core/logger.ts';
import type { EventSink } from '../platform-types.ts';
import { answerAutocomplete } from './autocomplete.ts';
import type { ChannelPoster } from './channel-outbox.ts';
import type { Claim } from './claim.ts';
import { describeDiscordError, isAlreadyAcknowledged } from './discord-errors.ts';
import { readCommandOptions } from './interaction-options.ts';
import { createInteractionOutbox, type InteractionOutbox } from './interaction-outbox.ts';
import type { InteractionWebhooks } from './interaction-webhook.ts';
import { DISCORD_ADMIN_RULE, isAdminPermissions } from './permissions.ts';
import { WORDING } from '../../replies/wording.ts';

export interface InteractionOptions {
  client: Client;
  log: Logger;
  /** The current sink (set by `start`). */
  sink: () => EventSink;
  /** Channel posts (when the interaction token has expired). */
  poster: ChannelPoster;
  /** Edits and follow-ups of interaction responses (outside discord.js's global rate limiter). */
  webhooks: InteractionWebhooks;
  claim: Claim;
  createThreads: boolean;
  messageContent: boolean;
  autocompleteTimeoutMs?: number;
  progressIntervalMs?: number;
  onAck?: (info: { kind: 'command' | 'autocomplete'; ms: number }) => void;
}

function userOfInteraction(interaction: ChatInputCommandInteraction): ChatUser {
  const member = interaction.member;
  const nick = member && 'displayName' in member ? member.displayName : member?.nick;
  return {
    id: `discord:${interaction.user.id}`,
    name: nick || interaction.user.globalName || interaction.user.username,
    // member.permissions in an interaction are the member's effective permissions in this channel.
    isAdmin: isAdminPermissions(interaction.memberPermissions),
    adminRule: DISCORD_ADMIN_RULE,
  };
}

export function createInteractionHandler(options: InteractionOptions): (interaction: Interaction) => Promise<void> {
  const { log, sink } = options;

  /** True once the command is acknowledged here (not claimed by another replica, not expired). */
  async function acknowledge(interaction: ChatInputCommandInteraction): Promise<boolean> {
    const received = performance.now();
    if (!(await options.claim(`discord:interaction:${interaction.id}`, 'interaction'))) return false;
    try {
      await interaction.deferReply();
    } catch (error) {
      if (isAlreadyAcknowledged(error)) log.debug({ command: interaction.commandName }, 'discord: interaction handled elsewhere');
      else log.warn({ err: describeDiscordError(error), command: interaction.commandName }, 'discord: could not acknowledge the command in time');
      return false;
    }
    options.onAck?.({ kind: 'command', ms: performance.now() - received });
    return true;
  }

  /** The sink never throws for user input; if it does anyway, the user is not left with "thinking…". */
  async function lastResort(outbox: InteractionOutbox, error: unknown, command: string): Promise<void> {
    log.error({ err: describeDiscordError(error), command }, 'discord: command failed');
    if (outbox.answered) return;
    await outbox.postPrivately({ kind: 'text', text: WORDING.failed(), ephemeral: true })
      .catch((failure: unknown) => log.warn({ err: describeDiscordError(failure), command }, 'discord: could not tell the user the command failed'));
  }

  async function handleCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    if (!(await acknowledge(interaction))) return;
    const { subcommand, options: values } = readCommandOptions(interaction.options.data);
    const outbox = createInteractionOutbox({
      client: options.client,
      log,
      interaction,
      webhook: options.webhooks.forInteraction(interaction.applicationId, interaction.token),
      poster: options.poster,
      createThreads: options.createThreads,
      messageContent: options.messageContent,
      progressIntervalMs: options.progressIntervalMs,
    });
    const event = { platform: 'discord', command: interaction.commandName, options: values, subcommand, user: userOfInteraction(interaction), conversationId: `discord:${interaction.channelId}` };
    try {
      await sink().command(event, outbox);
    } catch (error) {
      await lastResort(outbox, error, interaction.commandName);
    } finally {
      await outbox.finish();
    }
  }

  return async (interaction) => {
    if (interaction.isAutocomplete()) return answerAutocomplete(interaction, { log, sink, timeoutMs: options.autocompleteTimeoutMs, onAck: options.onAck });
    if (interaction.isChatInputCommand()) return handleCommand(interaction);
  };
}
