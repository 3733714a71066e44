// Slack shapes in, opaque platform-prefixed ids out (and back). The core never sees a channel id
// or a thread ts: it sees `slack:C123` (a channel) or `slack:C123:1712345678.000100` (a thread).
import { BriefbotError } from '../../core/errors.ts';

export const PREFIX = 'slack';

export function conversationIdFor(channel: string, threadTs?: string | null): string {
  return threadTs ? `${PREFIX}:${channel}:${threadTs}` : `${PREFIX}:${channel}`;
}

export function parseConversationId(id: string): { channel: string; threadTs: string | null } {
  const match = /^slack:([A-Z0-9]+)(?::(\d+\.\d+))?$/i.exec(id);
  if (!match) throw new BriefbotError('bad_conversation_id', `Not a Slack conversation id: ${JSON.stringify(id)}`);
  return { channel: match[1], threadTs: match[2] ?? null };
}

export function userIdFor(slackUserId: string): string {
  return `${PREFIX}:${slackUserId}`;
}

/**
 * Turns Slack's message markup into the plain text the router and engines expect: drops the
 * mention of the bot, renders other mentions/links as readable text and undoes Slack's `&amp;`
 * escaping. (The output is untrusted again when echoed; render.ts escapes it on the way out.)
 */
export function plainTextFromSlack(text: string, botUserId?: string | null): string {
  const out = text.replace(/<([^<>]*)>/g, (_all, inner: string) => {
    const [target, label] = splitLabel(inner);
    if (target.startsWith('@')) {
      const id = target.slice(1);
      if (botUserId && id === botUserId) return ' ';
      return `@${label ?? id}`;
    }
    if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
    if (target.startsWith('!subteam^')) return label ?? '@group';
    if (target.startsWith('!date^')) return label ?? '';
    if (target.startsWith('!')) return `@${target.slice(1)}`;
    return label ?? target.replace(/^mailto:/, '');
  });
  return unescapeSlack(out).replace(/[ \t]+/g, ' ').replace(/ *\n */g, '\n').trim();
}

function splitLabel(inner: string): [string, string | undefined] {
  const bar = inner.indexOf('|');
  return bar === -1 ? [inner, undefined] : [inner.slice(0, bar), inner.slice(bar + 1)];
}

export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** True when the text mentions this user (`<@U123>` or `<@U123|name>`). */
export function mentions(text: string, userId: string | null | undefined): boolean {
  if (!userId) return false;
  return text.includes(`<@${userId}>`) || text.includes(`<@${userId}|`);
}

/** The subset of a Slack `message`/`app_mention` event the adapter reads (validated, never trusted). */
export interface InboundMessage {
  channel: string;
  user: string;
  text: string;
  ts: string;
  threadTs: string | null;
}

// Subtypes that are a person writing something new. Everything else (message_changed,
// message_deleted, bot_message, channel_join, …) is ignored: edits must not re-trigger answers.
const HUMAN_SUBTYPES = new Set([undefined, 'thread_broadcast', 'file_share']);

export type MessageVerdict = { ok: true; message: InboundMessage } | { ok: false; reason: string };

/** Decides whether an event is a person's new message we may answer, and extracts its fields. */
export function readMessageEvent(event: unknown, self: { botUserId?: string | null; botId?: string | null }): MessageVerdict {
  if (!event || typeof event !== 'object') return { ok: false, reason: 'not_an_object' };
  const e = event as Record<string, unknown>;
  const subtype = typeof e.subtype === 'string' ? e.subtype : undefined;
  if (!HUMAN_SUBTYPES.has(subtype)) return { ok: false, reason: `subtype:${subtype}` };
  if (e.bot_id !== undefined && e.bot_id !== null) return { ok: false, reason: e.bot_id === self.botId ? 'self' : 'bot' };
  if (e.bot_profile !== undefined) return { ok: false, reason: 'bot' };
  const { channel, user, text, ts } = e;
  if (typeof channel !== 'string' || typeof user !== 'string' || typeof ts !== 'string') return { ok: false, reason: 'missing_fields' };
  if (self.botUserId && user === self.botUserId) return { ok: false, reason: 'self' };
  if (e.edited !== undefined) return { ok: false, reason: 'edited' };
  const threadTs = typeof e.thread_ts === 'string' ? e.thread_ts : null;
  return { ok: true, message: { channel, user, text: typeof text === 'string' ? text : '', ts, threadTs } };
}
