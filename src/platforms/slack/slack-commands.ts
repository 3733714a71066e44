// The slash command. Slack gives 3 s to acknowledge: the listener acks first (in HTTP mode the
// receiver already has, http-receiver.ts), claims the invocation so a replayed command is not
// answered twice, and only then does the slow work (user lookup, the core, posting).
import type { App } from '@slack/bolt';
import { ROOT_DEFINITION } from '../../core/router.ts';
import type { EventSink } from '../platform-types.ts';
import { commandReplayKey } from './command-replay.ts';
import type { DeliveryGate } from './dedupe.ts';
import { conversationIdFor, plainTextFromSlack } from './parse.ts';
import type { SlackMode } from './receivers.ts';
import { createCommandOutbox, type Respond } from './slack-command-outbox.ts';
import type { OutboxDeps } from './slack-outbox.ts';
import type { UserDirectory } from './users.ts';
import { describeSlackError } from './web.ts';
import { WORDING } from '../../replies/wording.ts';

export const WORKING_TEXT = WORDING.working;
export const WORKING_ACK = { response_type: 'ephemeral', text: WORKING_TEXT } as const;

export interface SlashCommandDeps extends OutboxDeps {
  /** The registered command with its slash (`/brief`, or `/news` from `slack.command`). */
  command: string;
  mode: SlackMode;
  users: UserDirectory;
  gate: DeliveryGate;
  /** The core, once started. */
  sink: () => EventSink | null;
  /** Counts work still running, so stop() can let it finish. */
  track: <T>(work: Promise<T>) => Promise<T>;
  progressIntervalMs?: number;
  onAck?: (info: { kind: 'command'; ms: number }) => void;
}

interface SlashCommand {
  command?: string;
  text?: string;
  channel_id: string;
  user_id: string;
  user_name?: string;
}

/** The configured command is the core's root definition (`/news help` is help); others pass as typed. */
export function commandNameFor(typed: string | undefined, registered: string): string {
  const name = typed || registered;
  return name.toLowerCase() === registered.toLowerCase() ? ROOT_DEFINITION : name.replace(/^\//, '');
}

export function registerSlashCommand(app: App, deps: SlashCommandDeps): void {
  const { logger } = deps;
  app.command(deps.command, async ({ command: cmd, ack, respond, context }) => {
    // Socket Mode: first thing, before any await on our side, since Slack's 3 s clock is running.
    // HTTP mode: the receiver has already acked (with the same body) and reported onAck; this
    // ack() does nothing there.
    const received = performance.now();
    try {
      await ack({ ...WORKING_ACK });
    } catch (error) {
      logger.warn({ ...describeSlackError(error) }, 'slack ack failed');
      return;
    }
    if (deps.mode === 'socket') deps.onAck?.({ kind: 'command', ms: performance.now() - received });
    if (typeof cmd.channel_id !== 'string' || typeof cmd.user_id !== 'string') {
      logger.warn({ command: cmd.command }, 'slack command without channel or user ignored');
      return;
    }
    if (!(await deps.gate.command(commandReplayKey(cmd as unknown as Record<string, unknown>)))) {
      logger.warn({ channel: cmd.channel_id, user: cmd.user_id }, 'slack command already answered (a replay); ignored');
      return;
    }
    // Yield once: requests already waiting on other sockets get their acks before this one's
    // follow-up work (user lookup, engine call) takes the event loop. Matters under bursts.
    await new Promise<void>((resolve) => setImmediate(resolve));
    await deps.track(runCommand(deps, cmd, respond as unknown as Respond, context.botUserId));
  });
}

async function runCommand(deps: SlashCommandDeps, cmd: SlashCommand, respond: Respond, botUserId: string | undefined): Promise<void> {
  const sink = deps.sink();
  if (!sink) {
    deps.logger.warn({ command: cmd.command }, 'slack command before start() ignored');
    return;
  }
  const channel = cmd.channel_id;
  const outbox = createCommandOutbox({ client: deps.client, poster: deps.poster, logger: deps.logger, channel, respond, progressIntervalMs: deps.progressIntervalMs });
  try {
    const user = await deps.users.get(cmd.user_id, cmd.user_name);
    await sink.command({
      platform: 'slack',
      command: commandNameFor(cmd.command, deps.command),
      text: plainTextFromSlack(cmd.text ?? '', botUserId),
      user,
      conversationId: conversationIdFor(channel),
    }, outbox);
  } catch (error) {
    // The core answers every command itself; this is only a bug there, which must not take the
    // process down.
    deps.logger.error({ err: error, channel }, 'slack command handling failed');
  } finally {
    await outbox.close();
  }
}
