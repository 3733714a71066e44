// Reply view → Discord message payloads. A brief is embeds: title = headline, description = bullets
// with numbered citations, one field per quote, the sources/engine/freshness in the footer.
// Discord rejects a whole message when one limit is exceeded, so everything is packed against
// the documented limits and long briefs continue in further embeds/messages — always between
// bullets, never inside one.
import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Reply } from '../../../commands/command-types.ts';
import type { Answer, Brief } from '../../engines/engine-types.ts';
import { packLines, splitText } from '../../replies/pack-text.ts';
import { buildAnswerView, buildBriefView, buildReplyView, buildTextView, bulletTail, quoteAttribution } from '../../replies/reply-view.ts';
import type { ReplyView, ViewSection, ViewSource } from '../../replies/view-types.ts';
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
  return renderView(buildReplyView(reply), options);
}

export function renderBrief(brief: Brief, options: RenderOptions = {}, title?: string): DiscordMessage[] {
  return renderView(buildBriefView(brief, title), options);
}

export function renderAnswer(answer: Answer): DiscordMessage[] {
  return renderView(buildAnswerView(answer), {});
}

export function renderText(text: string, title?: string): DiscordMessage[] {
  return renderView(buildTextView(text, title), {});
}

/** The deferred reply while a brief is being written. */
export function renderProgress(text: string): DiscordMessage {
  return { content: truncate(`⏳ ${escapeMarkdown(text.trim() || WORDING.working)}`, DISCORD_LIMITS.content), embeds: [] };
}

/** Characters an embed contributes to the 6,000 per-message budget. */
export function embedChars(embed: APIEmbed): number {
  let n = (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const field of embed.fields ?? []) n += field.name.length + field.value.length;
  return n;
}

// ─── View → embeds ─────────────────────────────────────────────────────────────────────────

function renderView(view: ReplyView, options: RenderOptions): DiscordMessage[] {
  const lines = view.sections.flatMap(descriptionLines);
  const fields = view.sections.flatMap(quoteFields);
  // A brief's sources ride in its footer when they fit there; otherwise, like an answer's, they
  // are fields, which continue into further embeds: a cited source is never left out.
  const inFooter = view.kind === 'brief' ? footerSources(view, options.note) : null;
  if (!inFooter) fields.push(...sourceFields(view.sources));
  if (view.footer.notes.length) {
    fields.push({ name: WORDING.notes, value: truncate(view.footer.notes.map((n) => escapeMarkdown(n)).join('\n'), DISCORD_LIMITS.fieldValue) });
  }
  // A short text reply without a title is plain message content, like a person's message.
  if (view.kind === 'text' && !view.title && !fields.length) {
    const content = lines.join('\n');
    if (content.length <= DISCORD_LIMITS.content) return [{ content }];
  }
  const heading = view.kind === 'text' ? view.title : view.heading;
  const messages = pack({
    title: heading ? truncate(escapeMarkdown(heading), DISCORD_LIMITS.title) : undefined,
    lines,
    fields,
    footer: footerText(view, options.note, inFooter ?? []),
    timestamp: view.footer.generatedAt,
    color: COLORS[view.kind],
  });
  // A digest's header ("Daily digest: …") rides above the embeds as plain content.
  if (view.kind === 'brief' && view.title && messages[0]) {
    messages[0] = { ...messages[0], content: truncate(escapeMarkdown(view.title), DISCORD_LIMITS.content) };
  }
  return messages;
}

/** Description lines, each whole: a bullet is never split, one too long is shortened instead. */
function descriptionLines(part: ViewSection): string[] {
  switch (part.type) {
    case 'bullets':
      return part.bullets.map((b) => {
        const suffix = bulletTail(b) ? ` ${bulletTail(b)}` : '';
        return `• ${truncate(escapeMarkdown(b.text), DISCORD_LIMITS.description - 2 - suffix.length)}${suffix}`;
      });
    case 'notice':
      return [`_${escapeMarkdown(part.text)}_`];
    case 'paragraphs': {
      const text = escapeMarkdown(part.text) + (part.marks ? ` ${part.marks}` : '');
      return text.split('\n').flatMap((line) => splitLine(line, DISCORD_LIMITS.description));
    }
    default:
      return [];
  }
}

function quoteFields(part: ViewSection): APIEmbedField[] {
  if (part.type !== 'quotes') return [];
  return part.quotes.map((q) => {
    const cite = q.marks ? ` ${q.marks}` : '';
    const body = truncate(escapeMarkdown(q.text), DISCORD_LIMITS.fieldValue - cite.length - 2);
    return { name: truncate(escapeMarkdown(quoteAttribution(q)), DISCORD_LIMITS.fieldName), value: `“${body}”${cite}` };
  });
}

/** Sources as fields: an answer's, and a brief's too many for its footer. */
function sourceFields(sources: readonly ViewSource[]): APIEmbedField[] {
  const lines = sources.map((s) => `[${s.n}] ${truncate(escapeMarkdown(s.title), 200)} — \`${truncate(s.path.replace(/`/g, "'"), 150)}\``);
  return packLines(lines, DISCORD_LIMITS.fieldValue, { truncate }).map((value, i) => ({ name: i === 0 ? WORDING.sources : WORDING.sourcesContinued, value }));
}

/** Keep the footer well under its limit; it is counted against the message's 6,000 too. */
const FOOTER_BUDGET = 1500;

function footerTail(view: ReplyView, note?: string): string {
  const { engine, newestSource } = view.footer;
  const tail = [WORDING.engine(engine ?? ''), ...(newestSource ? [WORDING.newestSource(newestSource)] : [])];
  return tail.join(' · ') + (note ? `\n${truncate(note, 200)}` : '');
}

/** A brief's source lines for the footer, or null when they do not all fit. */
function footerSources(view: ReplyView, note?: string): string[] | null {
  const lines = view.sources.map((s) => `[${s.n}] ${truncate(s.title, 120)}${s.date ? ` (${s.date})` : ''}`);
  const used = lines.reduce((n, line) => n + line.length + 1, 0);
  return used + footerTail(view, note).length <= FOOTER_BUDGET ? lines : null;
}

function footerText(view: ReplyView, note: string | undefined, sources: readonly string[]): string | undefined {
  const { engine } = view.footer;
  if (view.kind === 'text' || engine === undefined) return undefined;
  if (view.kind !== 'brief') return plain(view.kind === 'notFound' ? `${WORDING.engine(engine)} · ${WORDING.notFoundTag}` : WORDING.engine(engine));
  return plain([...sources, footerTail(view, note)].join('\n'));
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
