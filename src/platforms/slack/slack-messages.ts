// @mentions anywhere and replies in threads. Each message is answered once: Slack's redelivery of
// an event (same event id) is claimed at the gate, and a thread reply that @mentions the bot,
// which Slack sends both as `message` and as `app_mention`, is taken from `app_mention` only.
// The core decides whether a thread reply is for the bot (a thread it briefed in) or not.
import type { App } from '@slack/bolt';
import type { EventSink } from '../platform-types.ts';
import type { DeliveryGate } from './dedupe.ts';
import { conversationIdFor, mentions, plainTextFromSlack, readMessageEvent, type InboundMessage } from './parse.ts';
import { createThreadOutbox, type OutboxDeps } from './slack-outbox.ts';
import type { UserDirectory } from './users.ts';

export interface MessageDeps extends OutboxDeps {
  users: UserDirectory;
  gate: DeliveryGate;
  /** The core, once started. */
  sink: () => EventSink | null;
  track: <T>(work: Promise<T>) => Promise<T>;
}

interface BotContext {
  botUserId?: string;
  botId?: string;
}

export function registerMessageHandlers(app: App, deps: MessageDeps): void {
  app.event('app_mention', async ({ event, body, context }) => {
    await deps.track(handleMessage(deps, event, body, context, true));
  });
  app.event('message', async ({ event, body, context }) => {
    await deps.track(handleMessage(deps, event, body, context, false));
  });
}

/** A message event this handler should answer (the other event kind may carry the same message). */
function ours(msg: InboundMessage, mentioned: boolean, botUserId: string | undefined): boolean {
  if (mentioned) return true;
  // Plain messages count only as replies in a thread; one that @mentions the bot also arrives
  // as app_mention and is answered there.
  if (!msg.threadTs || msg.threadTs === msg.ts) return false;
  return !mentions(msg.text, botUserId);
}

async function handleMessage(deps: MessageDeps, event: unknown, body: { event_id?: unknown }, context: BotContext, mentioned: boolean): Promise<void> {
  const { logger } = deps;
  const verdict = readMessageEvent(event, { botUserId: context.botUserId, botId: context.botId });
  if (!verdict.ok) {
    logger.debug({ reason: verdict.reason }, 'slack message ignored');
    return;
  }
  const msg = verdict.message;
  if (!ours(msg, mentioned, context.botUserId)) return;
  const eventId = typeof body.event_id === 'string' ? body.event_id : undefined;
  if (eventId && !(await deps.gate.event(eventId))) {
    logger.info({ eventId }, 'slack duplicate event delivery ignored');
    return;
  }
  const sink = deps.sink();
  if (!sink) return;
  const threadTs = msg.threadTs ?? msg.ts;
  const conversationId = conversationIdFor(msg.channel, threadTs);
  try {
    const user = await deps.users.get(msg.user);
    const outbox = createThreadOutbox(deps, { channel: msg.channel, threadTs, user: msg.user });
    await sink.message({ platform: 'slack', conversationId, text: plainTextFromSlack(msg.text, context.botUserId), user, mentioned }, outbox);
  } catch (error) {
    // The core answers (or stays silent) itself; this is only a bug there, which must not take
    // the process down.
    logger.error({ err: error, conversationId }, 'slack message handling failed');
  }
}
