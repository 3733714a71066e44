// Replies → Discord message payloads. A brief is embeds: title = headline, description = bullets
// with numbered citations, one field per quote, the sources/engine/freshness in the footer.
// Discord rejects a whole message when one limit is exceeded, so everything is packed against
// the documented limits and long briefs continue in further embeds/messages — always between
// bullets, never inside one.
import type { APIEmbed, APIEmbedField } from 'discord.js';
import { briefCitations, numberSources } from '../../core/source-numbers.ts';
import { storyLabel } from '../../core/story-label.ts';
import type { Reply } from '../../../commands/command-types.ts';
import type { Answer, Brief } from '../../engines/engine-types.ts';
import { packLines, splitText } from '../../replies/pack-text.ts';
import { WORDING } from '../../replies/wording.ts';
import { escapeMarkdown, plain, truncate } from './markdown.ts';

export const DISCORD_LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  /** Sum of title, description, field names/values, footer and author over all embeds of a message. */
  messageEmbedChars: 6000,
  embedsPerMessage: 10,
} as const;

const COLORS = { brief: 0x2b6cb0, answer: 0x2f855a, notFound: 0x718096, text: 0x4a5568 } as const;

/** One message's worth of payload; the adapter adds `allowedMentions` and flags. */
export interface DiscordMessage {
  content?: string;
  embeds?: APIEmbed[];
}

export interface RenderOptions {
  /** A last footer line for briefs (how to ask follow-ups here). */
  note?: string;
}

export function renderReply(reply: Reply, options: RenderOptions = {}): DiscordMessage[] {
  switch (reply.kind) {
    case 'brief':
      return renderBrief(reply.brief, options, reply.title);
    case 'answer':
      return renderAnswer(reply.answer);
    default:
      return renderText(reply.text, reply.title);
  }
}

/** The deferred reply while a brief is being written. */
export function renderProgress(text: string): DiscordMessage {
  return { content: truncate(`⏳ ${escapeMarkdown(text.trim() || 'Working on it…')}`, DISCORD_LIMITS.content), embeds: [] };
}

/** Characters an embed contributes to the 6,000 per-message budget. */
export function embedChars(embed: APIEmbed): number {
  let n = (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const field of embed.fields ?? []) n += field.name.length + field.value.length;
  return n;
}

// ─── Brief ─────────────────────────────────────────────────────────────────────────────────

export function renderBrief(brief: Brief, options: RenderOptions = {}, title?: string): DiscordMessage[] {
  const { number, marks, list } = numberSources(brief.sources, briefCitations(brief));

  const lines = brief.bullets.map((b) => {
    const cites = [marks(b.citations), storyLabel(b)].filter(Boolean).join(' ');
    const suffix = cites ? ` ${cites}` : '';
    // A bullet is never split; one longer than a whole description is shortened instead.
    return `• ${truncate(escapeMarkdown(b.text.trim()), DISCORD_LIMITS.description - 2 - suffix.length)}${suffix}`;
  });
  if (!lines.length && !brief.quotes.length) lines.push(`_${WORDING.emptyBrief}_`);

  const fields: APIEmbedField[] = brief.quotes.map((q) => {
    const who = [q.speaker, q.role].filter(Boolean).join(', ');
    const cite = ` [${number(q.citation)}]`;
    const body = truncate(escapeMarkdown(q.text.trim()), DISCORD_LIMITS.fieldValue - cite.length - 2);
    return { name: truncate(escapeMarkdown(who || 'Unattributed'), DISCORD_LIMITS.fieldName), value: `“${body}”${cite}` };
  });
  if (brief.notes.length) {
    fields.push({ name: 'Notes', value: truncate(brief.notes.map((n) => escapeMarkdown(n)).join('\n'), DISCORD_LIMITS.fieldValue) });
  }

  const footer = briefFooter(brief, list, options.note);
  const messages = pack({
    title: truncate(escapeMarkdown(brief.headline.trim() || brief.topic?.title || brief.query), DISCORD_LIMITS.title),
    lines,
    fields,
    footer,
    timestamp: validIso(brief.generatedAt),
    color: COLORS.brief,
  });
  // A digest's header ("Daily digest: …") rides above the embeds as plain content.
  if (title && messages[0]) messages[0] = { ...messages[0], content: truncate(escapeMarkdown(title), DISCORD_LIMITS.content) };
  return messages;
}

function briefFooter(brief: Brief, sources: Array<{ title: string; date: string | null }>, note?: string): string {
  const tail: string[] = [`Engine: ${brief.engine}`];
  const newest = sources.map((s) => s.date).filter((d): d is string => Boolean(d)).sort().at(-1);
  if (newest) tail.push(`newest source ${newest.slice(0, 10)}`);
  const tailText = tail.join(' · ') + (note ? `\n${truncate(note, 200)}` : '');
  // Keep the footer well under its limit; it is counted against the message's 6,000 too.
  const budget = 1500 - tailText.length;
  const shown: string[] = [];
  let used = 0;
  for (const [i, s] of sources.entries()) {
    const line = `[${i + 1}] ${truncate(s.title, 120)}${s.date ? ` (${s.date.slice(0, 10)})` : ''}`;
    if (used + line.length + 1 > budget) {
      shown.push(`…and ${sources.length - i} more`);
      break;
    }
    shown.push(line);
    used += line.length + 1;
  }
  return plain([...shown, tailText].join('\n'));
}

// ─── Answer ────────────────────────────────────────────────────────────────────────────────

export function renderAnswer(answer: Answer): DiscordMessage[] {
  const numbered = numberSources([], answer.citations);
  const sources = numbered.list.map((s) => `[${s.n}] ${truncate(escapeMarkdown(s.title), 200)} — \`${truncate(s.path.replace(/`/g, "'"), 150)}\``);
  const cites = numbered.marks(answer.citations);
  const text = escapeMarkdown(answer.answer.trim()) + (cites ? ` ${cites}` : '');
  const fields = packLines(sources, DISCORD_LIMITS.fieldValue, { truncate }).map((value, i) => ({ name: i === 0 ? 'Sources' : 'Sources (continued)', value }));
  if (answer.notes.length) fields.push({ name: 'Notes', value: truncate(answer.notes.map((n) => escapeMarkdown(n)).join('\n'), DISCORD_LIMITS.fieldValue) });
  return pack({
    title: truncate(escapeMarkdown(answer.question.trim()), DISCORD_LIMITS.title),
    lines: splitLine(text, DISCORD_LIMITS.description),
    fields,
    footer: plain(`Engine: ${answer.engine}${answer.found ? '' : ' · the documents do not say'}`),
    color: answer.found ? COLORS.answer : COLORS.notFound,
  });
}

// ─── Text ──────────────────────────────────────────────────────────────────────────────────

export function renderText(text: string, title?: string): DiscordMessage[] {
  const body = escapeMarkdown(text.trim());
  if (!title && body.length <= DISCORD_LIMITS.content) return [{ content: body || '…' }];
  const lines = body.split('\n').flatMap((line) => splitLine(line, DISCORD_LIMITS.description));
  return pack({
    title: title ? truncate(escapeMarkdown(title), DISCORD_LIMITS.title) : undefined,
    lines,
    fields: [],
    color: COLORS.text,
  });
}

// ─── Packing ───────────────────────────────────────────────────────────────────────────────

interface PackInput {
  title?: string;
  /** Description lines, kept whole (each ≤ 4,096). */
  lines: string[];
  fields: APIEmbedField[];
  footer?: string;
  timestamp?: string;
  color: number;
}

/**
 * Fills embeds line by line and field by field, opening a new embed when the description or the
 * field count is full and a new message when the message's 6,000 characters or 10 embeds are.
 * The footer (and timestamp) go on the very last embed; its length is reserved in every message.
 */
function pack(input: PackInput): DiscordMessage[] {
  const footer = input.footer ? truncate(input.footer, DISCORD_LIMITS.footer) : undefined;
  const budget = DISCORD_LIMITS.messageEmbedChars - (footer?.length ?? 0);
  const messages: APIEmbed[][] = [];
  let embeds: APIEmbed[] = [];
  let used = 0;
  let embed: APIEmbed | null = null;

  const newMessage = () => {
    if (embeds.length) messages.push(embeds);
    embeds = [];
    used = 0;
    embed = null;
  };
  const newEmbed = (): APIEmbed => {
    if (embeds.length >= DISCORD_LIMITS.embedsPerMessage) newMessage();
    const fresh: APIEmbed = { color: input.color };
    embeds.push(fresh);
    embed = fresh;
    return fresh;
  };

  const first = newEmbed();
  if (input.title) {
    first.title = input.title;
    used += input.title.length;
  }

  for (const line of input.lines) {
    let current = embed ?? newEmbed();
    const added = current.description ? line.length + 1 : line.length;
    if ((current.description?.length ?? 0) + added > DISCORD_LIMITS.description || used + added > budget) {
      if (used + line.length > budget) newMessage();
      current = newEmbed();
      current.description = line;
      used += line.length;
      continue;
    }
    current.description = current.description ? `${current.description}\n${line}` : line;
    used += added;
  }

  for (const field of input.fields) {
    const cost = field.name.length + field.value.length;
    let current = embed ?? newEmbed();
    if ((current.fields?.length ?? 0) >= DISCORD_LIMITS.fields || used + cost > budget) {
      if (used + cost > budget) newMessage();
      current = newEmbed();
    }
    (current.fields ??= []).push({ ...field, inline: false });
    used += cost;
  }

  const last = embed ?? newEmbed();
  if (footer) last.footer = { text: footer };
  if (input.timestamp) last.timestamp = input.timestamp;
  newMessage();
  return messages.map((list) => ({ embeds: list }));
}

/** A line as is when it fits (blank lines too: they separate paragraphs), else split by the shared packer. */
function splitLine(line: string, max: number): string[] {
  return line.length <= max ? [line] : splitText(line, max);
}

function validIso(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

// ─── Without Embed Links ───────────────────────────────────────────────────────────────────

/**
 * The same reply as plain message content, for channels where the bot lacks Embed Links (Discord
 * would silently drop the embeds). Split into ≤ 2,000-character messages between lines.
 */
export function toContentOnly(messages: readonly DiscordMessage[]): DiscordMessage[] {
  const lines: string[] = [];
  for (const message of messages) {
    if (message.content) lines.push(...message.content.split('\n'));
    for (const embed of message.embeds ?? []) {
      if (embed.title) lines.push(`**${embed.title}**`);
      if (embed.description) lines.push(...embed.description.split('\n'));
      for (const field of embed.fields ?? []) lines.push(`**${field.name}**`, ...field.value.split('\n'));
      if (embed.footer) lines.push(...embed.footer.text.split('\n').map((l) => `-# ${escapeMarkdown(l)}`));
    }
  }
  return packLines(lines.flatMap((l) => splitLine(l, DISCORD_LIMITS.content)), DISCORD_LIMITS.content, { truncate }).map((content) => ({ content }));
}
