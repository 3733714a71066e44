// Reply → Block Kit. Every piece of Reply text goes through escapeText before it lands in a
// mrkdwn field or a message `text`; the only raw markup here is our own (bold, quote bars,
// `[n]` markers, `<!date^…>`). Slack limits shape the output: a section's text ≤ 3,000 chars,
// ≤ 50 blocks a message. Long replies are packed into several sections and, past 50 blocks, into
// several messages, always between bullets (a bullet is never split across sections or messages).
import { briefCitations, numberSources } from '../../core/source-numbers.ts';
import { storyLabel } from '../../core/story-label.ts';
import type { Reply } from '../../../commands/command-types.ts';
import type { Answer, Brief, SourceRef } from '../../engines/engine-types.ts';
import { keepSurrogates, packLines as packTextLines, splitText as splitFreeText } from '../../replies/pack-text.ts';
import { WORDING } from '../../replies/wording.ts';
import { escapeText, truncateEscaped } from './escape.ts';

export interface TextObject {
  type: 'mrkdwn' | 'plain_text';
  text: string;
}

export type Block =
  | { type: 'section'; text: TextObject }
  | { type: 'context'; elements: TextObject[] }
  | { type: 'divider' };

/** One chat.postMessage worth: `text` is the notification/accessibility fallback (escaped too). */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export interface RenderLimits {
  /** Max characters of a section's text (Slack: 3,000). */
  sectionChars: number;
  /** Max blocks in one message (Slack: 50). */
  blocksPerMessage: number;
  /** Soft cap on the characters of one message's blocks, well under Slack's message size limit. */
  messageChars: number;
  /** Max elements in one context block (Slack: 10). */
  contextElements: number;
  /** Max characters of the fallback `text`. */
  fallbackChars: number;
}

export const SLACK_LIMITS: RenderLimits = {
  sectionChars: 3000,
  blocksPerMessage: 50,
  messageChars: 12_000,
  contextElements: 10,
  fallbackChars: 300,
};

export interface RenderOptions {
  /** Add "Reply in this thread…" (only where the bot can actually hear the thread). */
  threadHint?: boolean;
  limits?: Partial<RenderLimits>;
}

export const THREAD_HINT = ':speech_balloon: Reply in this thread to ask follow-up questions.';

export function renderReply(reply: Reply, options: RenderOptions = {}): SlackMessage[] {
  switch (reply.kind) {
    case 'brief':
      return renderBrief(reply.brief, options, reply.title);
    case 'answer':
      return renderAnswer(reply.answer, options);
    default:
      return renderText(reply.text, reply.title, options);
  }
}

// ─── Brief ─────────────────────────────────────────────────────────────────────────────────

export function renderBrief(brief: Brief, options: RenderOptions = {}, title?: string): SlackMessage[] {
  const limits = { ...SLACK_LIMITS, ...options.limits };
  const { list: sources, marks } = numberSources(brief.sources, briefCitations(brief));
  const blocks: Block[] = [];

  // A digest's header ("Daily digest: …") comes first.
  if (title) blocks.push(section(truncateEscaped(`*${escapeText(oneLine(title))}*`, limits.sectionChars)));

  blocks.push(section(truncateEscaped(`:newspaper: *${escapeText(oneLine(brief.headline)) || 'Brief'}*`, limits.sectionChars)));

  const bulletLines = brief.bullets.map((b) => {
    const mark = [marks(b.citations), storyLabel(b)].filter(Boolean).join(' ');
    return `• ${escapeText(oneLine(b.text))}${mark ? ` ${mark}` : ''}`;
  });
  if (bulletLines.length === 0) bulletLines.push(`_${WORDING.emptyBrief}_`);
  for (const chunk of packLines(bulletLines, limits.sectionChars)) blocks.push(section(chunk));

  if (brief.quotes.length > 0) {
    blocks.push({ type: 'divider' });
    const quoteLines = brief.quotes.map((q) => {
      const who = [q.speaker, q.role].filter((s): s is string => Boolean(s && s.trim())).map((s) => escapeText(oneLine(s)));
      const mark = marks([q.citation]);
      return `>“${escapeText(oneLine(q.text))}”\n>— *${who[0] ?? 'Unattributed'}*${who[1] ? `, ${who[1]}` : ''}${mark ? ` ${mark}` : ''}`;
    });
    const [first, ...rest] = packLines(quoteLines, limits.sectionChars - '*Key quotes*\n'.length);
    blocks.push(section(`*Key quotes*\n${first}`));
    for (const chunk of rest) blocks.push(section(chunk));
  }

  blocks.push({ type: 'divider' });
  const sourceLines = sources.map((s) => {
    const date = s.date ? ` · ${escapeText(s.date.slice(0, 10))}` : '';
    return `[${s.n}] ${escapeText(oneLine(s.title) || s.path)} · \`${escapeText(oneLine(s.path))}\`${date}`;
  });
  blocks.push(...contextBlocks(sourceLines.length ? ['*Sources*', ...sourceLines] : ['_No sources._'], limits));

  const meta = [`Engine: ${escapeText(brief.engine)}`];
  if (brief.topic) meta.push(`Topic: ${escapeText(oneLine(brief.topic.title))} (\`${escapeText(brief.topic.slug)}\`)`);
  if (brief.generatedAt) meta.push(`Generated ${slackDate(brief.generatedAt)}`);
  const newest = newestDate(brief.sources);
  if (newest) meta.push(`Newest source ${escapeText(newest)}`);
  const metaLines = [meta.join(' · '), ...brief.notes.map((n) => `_${escapeText(oneLine(n))}_`)];
  blocks.push(...contextBlocks(metaLines, limits));
  if (options.threadHint) blocks.push({ type: 'context', elements: [mrkdwn(THREAD_HINT)] });

  const headline = escapeText(oneLine(brief.headline)) || 'Brief';
  const fallback = truncateEscaped(`Brief: ${headline} (${sources.length} source${sources.length === 1 ? '' : 's'})`, limits.fallbackChars);
  return paginate(blocks, fallback, limits);
}

function newestDate(sources: readonly SourceRef[]): string | null {
  const dates = sources.map((s) => s.date?.slice(0, 10)).filter((d): d is string => Boolean(d && /^\d{4}-\d{2}-\d{2}$/.test(d)));
  return dates.length ? dates.sort().at(-1)! : null;
}

/** Slack's date token shows the reader's local time; the fallback is the ISO string. */
function slackDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return escapeText(iso);
  const fallback = new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} at {time}|${fallback}>`;
}

// ─── Answer ────────────────────────────────────────────────────────────────────────────────

export function renderAnswer(answer: Answer, options: RenderOptions = {}): SlackMessage[] {
  const limits = { ...SLACK_LIMITS, ...options.limits };
  const body = answer.answer.trim() || (answer.found ? '' : WORDING.notFound);
  const lead = answer.found ? '' : ':grey_question: ';
  const numbered = numberSources([], answer.found ? answer.citations : []);
  const marks = numbered.marks(answer.found ? answer.citations : []);
  const blocks: Block[] = splitText(lead + escapeText(body) + (marks ? ` ${marks}` : ''), limits.sectionChars).map(section);
  const sources = numbered.list;
  if (sources.length) {
    const lines = sources.map((s) => `[${s.n}] ${escapeText(oneLine(s.title) || s.path)} · \`${escapeText(oneLine(s.path))}\``);
    blocks.push(...contextBlocks(['*Sources*', ...lines], limits));
  }
  const meta = [`Engine: ${escapeText(answer.engine)}`, ...answer.notes.map((n) => `_${escapeText(oneLine(n))}_`)];
  blocks.push(...contextBlocks(meta, limits));
  const fallback = truncateEscaped(escapeText(oneLine(body)) || 'Answer', limits.fallbackChars);
  return paginate(blocks, fallback, limits);
}

// ─── Text ──────────────────────────────────────────────────────────────────────────────────

export function renderText(text: string, title?: string, options: RenderOptions = {}): SlackMessage[] {
  const limits = { ...SLACK_LIMITS, ...options.limits };
  const blocks: Block[] = [];
  if (title) blocks.push(section(truncateEscaped(`*${escapeText(oneLine(title))}*`, limits.sectionChars)));
  const escaped = escapeText(text.trim());
  if (escaped) blocks.push(...splitText(escaped, limits.sectionChars).map(section));
  if (blocks.length === 0) blocks.push(section('_(empty)_'));
  const fallback = truncateEscaped(escapeText(oneLine(title ? `${title}: ${text}` : text)) || ' ', limits.fallbackChars);
  return paginate(blocks, fallback, limits);
}

/** The placeholder shown while a brief is being generated. */
export function renderProgress(partial: string, limits: Partial<RenderLimits> = {}): SlackMessage {
  const max = { ...SLACK_LIMITS, ...limits }.sectionChars;
  const head = ':hourglass_flowing_sand: *Working on your brief…*';
  // Keep the end of the partial text (that is where the progress is): walk back from the end
  // counting escaped widths, with room to spare for the ellipsis and defused @-words.
  const room = max - head.length - 32;
  const full = partial.trim();
  let start = full.length;
  let used = 0;
  while (start > 0) {
    const ch = full[start - 1];
    const width = ch === '&' ? 5 : ch === '<' || ch === '>' ? 4 : 1;
    if (used + width > room) break;
    used += width;
    start--;
  }
  if (start > 0 && /[\udc00-\udfff]/.test(full[start] ?? '')) start++;
  const shown = start > 0 ? `…${escapeText(full.slice(start))}` : escapeText(full);
  return { text: 'Working on your brief…', blocks: [section(shown ? `${head}\n${shown}` : head)] };
}

// ─── Packing ───────────────────────────────────────────────────────────────────────────────

function section(text: string): Block {
  return { type: 'section', text: mrkdwn(text) };
}

function mrkdwn(text: string): TextObject {
  return { type: 'mrkdwn', text };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Whole lines in chunks of at most `max`; a line too long alone is shortened, never split. */
export function packLines(lines: readonly string[], max: number): string[] {
  return packTextLines(lines, max, { truncate: truncateEscaped });
}

/** Escaped free text in chunks ≤ max; a hard cut never splits an entity such as `&amp;`. */
export function splitText(text: string, max: number): string[] {
  return splitFreeText(text, max, (rest, at) => {
    let cut = at;
    const amp = rest.lastIndexOf('&', cut - 1);
    if (amp !== -1 && amp > cut - 6 && rest.indexOf(';', amp) >= cut) cut = amp;
    return keepSurrogates(rest, cut);
  });
}

function contextBlocks(lines: readonly string[], limits: RenderLimits): Block[] {
  const elements = packLines(lines, limits.sectionChars).map(mrkdwn);
  const blocks: Block[] = [];
  for (let i = 0; i < elements.length; i += limits.contextElements) {
    blocks.push({ type: 'context', elements: elements.slice(i, i + limits.contextElements) });
  }
  return blocks;
}

function blockChars(block: Block): number {
  if (block.type === 'section') return block.text.text.length;
  if (block.type === 'context') return block.elements.reduce((n, e) => n + e.text.length, 0);
  return 0;
}

/** Groups blocks into messages within the block and size limits, at block boundaries. */
export function paginate(blocks: readonly Block[], fallback: string, limits: RenderLimits): SlackMessage[] {
  const pages: Block[][] = [];
  let page: Block[] = [];
  let chars = 0;
  for (const block of blocks) {
    const size = blockChars(block);
    if (page.length > 0 && (page.length >= limits.blocksPerMessage || chars + size > limits.messageChars)) {
      pages.push(page);
      page = [];
      chars = 0;
    }
    // A divider at the top of a continuation message adds nothing.
    if (page.length === 0 && pages.length > 0 && block.type === 'divider') continue;
    page.push(block);
    chars += size;
  }
  if (page.length) pages.push(page);
  return pages.map((p, i) => ({
    text: pages.length > 1 && i > 0 ? truncateEscaped(`${fallback} (continued ${i + 1}/${pages.length})`, limits.fallbackChars + 24) : fallback,
    blocks: p,
  }));
}
