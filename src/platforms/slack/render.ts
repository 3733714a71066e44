// Reply view → Block Kit. Every piece of view text goes through escapeText before it lands in a
// mrkdwn field or a message `text`; the only raw markup here is our own (bold, quote bars,
// `[n]` markers, `<!date^…>`). Slack limits shape the output: a section's text ≤ 3,000 chars,
// ≤ 50 blocks a message. Long replies are packed into several sections and, past 50 blocks, into
// several messages, always between bullets (a bullet is never split across sections or messages).
import type { Reply } from '../../../commands/command-types.ts';
import type { Answer, Brief } from '../../engines/engine-types.ts';
import { keepSurrogates, packLines as packTextLines, splitText as splitFreeText } from '../../replies/pack-text.ts';
import { buildAnswerView, buildBriefView, buildReplyView, buildTextView, bulletTail, oneLine, utcMinutes } from '../../replies/reply-view.ts';
import type { ReplyView, ViewSection } from '../../replies/view-types.ts';
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

export const THREAD_HINT = `:speech_balloon: ${WORDING.threadHint}`;

export function renderReply(reply: Reply, options: RenderOptions = {}): SlackMessage[] {
  return renderView(buildReplyView(reply), options);
}

export function renderBrief(brief: Brief, options: RenderOptions = {}, title?: string): SlackMessage[] {
  return renderView(buildBriefView(brief, title), options);
}

export function renderAnswer(answer: Answer, options: RenderOptions = {}): SlackMessage[] {
  return renderView(buildAnswerView(answer), options);
}

export function renderText(text: string, title?: string, options: RenderOptions = {}): SlackMessage[] {
  return renderView(buildTextView(text, title), options);
}

// ─── View → blocks ─────────────────────────────────────────────────────────────────────────

function renderView(view: ReplyView, options: RenderOptions): SlackMessage[] {
  const limits = { ...SLACK_LIMITS, ...options.limits };
  const blocks: Block[] = [];
  // A digest's header ("Daily digest: …") or a text reply's title comes first.
  if (view.title) blocks.push(section(truncateEscaped(`*${escapeText(view.title)}*`, limits.sectionChars)));
  if (view.kind === 'brief') blocks.push(section(truncateEscaped(`:newspaper: *${escapeText(view.heading ?? '')}*`, limits.sectionChars)));
  for (const part of view.sections) blocks.push(...sectionBlocks(part, view.kind, limits));
  blocks.push(...sourceBlocks(view, limits));
  blocks.push(...footerBlocks(view, limits));
  if (options.threadHint && view.kind === 'brief') blocks.push({ type: 'context', elements: [mrkdwn(THREAD_HINT)] });
  return paginate(blocks, fallbackText(view, limits), limits);
}

function sectionBlocks(part: ViewSection, kind: ReplyView['kind'], limits: RenderLimits): Block[] {
  switch (part.type) {
    case 'bullets': {
      const lines = part.bullets.map((b) => `• ${escapeText(b.text)}${bulletTail(b) ? ` ${bulletTail(b)}` : ''}`);
      return packLines(lines, limits.sectionChars).map(section);
    }
    case 'notice':
      return packLines([`_${escapeText(part.text)}_`], limits.sectionChars).map(section);
    case 'quotes': {
      const lines = part.quotes.map((q) => {
        const role = q.role ? `, ${escapeText(q.role)}` : '';
        return `>“${escapeText(q.text)}”\n>— *${escapeText(q.speaker)}*${role}${q.marks ? ` ${q.marks}` : ''}`;
      });
      const heading = `*${escapeText(part.heading)}*\n`;
      const [first, ...rest] = packLines(lines, limits.sectionChars - heading.length);
      return [{ type: 'divider' }, section(`${heading}${first}`), ...rest.map(section)];
    }
    case 'paragraphs': {
      const lead = kind === 'notFound' ? ':grey_question: ' : '';
      return splitText(lead + escapeText(part.text) + (part.marks ? ` ${part.marks}` : ''), limits.sectionChars).map(section);
    }
  }
}

/** A brief always lists its sources (or says it has none); an answer only when it cites some. */
function sourceBlocks(view: ReplyView, limits: RenderLimits): Block[] {
  const lines = view.sources.map((s) => {
    const date = s.date ? ` · ${escapeText(s.date)}` : '';
    return `[${s.n}] ${escapeText(s.title)} · \`${escapeText(oneLine(s.path))}\`${date}`;
  });
  const heading = `*${escapeText(WORDING.sources)}*`;
  if (view.kind === 'brief') {
    return [{ type: 'divider' }, ...contextBlocks(lines.length ? [heading, ...lines] : [`_${escapeText(WORDING.noSources)}_`], limits)];
  }
  return lines.length ? contextBlocks([heading, ...lines], limits) : [];
}

function footerBlocks(view: ReplyView, limits: RenderLimits): Block[] {
  const { engine, topic, generatedAt, newestSource, notes } = view.footer;
  const facts: string[] = [];
  if (engine !== undefined) facts.push(escapeText(WORDING.engine(engine)));
  if (topic) facts.push(escapeText(WORDING.topic(topic.title, topic.slug)));
  if (generatedAt) facts.push(WORDING.generated(slackDate(generatedAt)));
  if (newestSource) facts.push(escapeText(WORDING.newestSource(newestSource)));
  const lines = [...(facts.length ? [facts.join(' · ')] : []), ...notes.map((n) => `_${escapeText(n)}_`)];
  return lines.length ? contextBlocks(lines, limits) : [];
}

/** The notification text: what a phone shows, and what a screen reader reads first. */
function fallbackText(view: ReplyView, limits: RenderLimits): string {
  const paragraphs = view.sections.map((s) => (s.type === 'paragraphs' || s.type === 'notice' ? s.text : '')).join(' ');
  let text: string;
  if (view.kind === 'brief') text = WORDING.briefSummary(view.heading ?? '', view.sources.length);
  else if (view.kind === 'text') text = view.title && paragraphs ? `${view.title}: ${paragraphs}` : view.title || paragraphs;
  else text = paragraphs || WORDING.answerHeading;
  return truncateEscaped(escapeText(oneLine(text)) || ' ', limits.fallbackChars);
}

/** Slack's date token shows the reader's local time; the fallback is the UTC time as text. */
function slackDate(iso: string): string {
  return `<!date^${Math.floor(Date.parse(iso) / 1000)}^{date_short_pretty} at {time}|${utcMinutes(iso)}>`;
}

/** The placeholder shown while a brief is being generated. */
export function renderProgress(partial: string, limits: Partial<RenderLimits> = {}): SlackMessage {
  const max = { ...SLACK_LIMITS, ...limits }.sectionChars;
  const head = `:hourglass_flowing_sand: *${WORDING.workingOnBrief}*`;
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
  return { text: WORDING.workingOnBrief, blocks: [section(shown ? `${head}\n${shown}` : head)] };
}

// ─── Packing ───────────────────────────────────────────────────────────────────────────────

function section(text: string): Block {
  return { type: 'section', text: mrkdwn(text) };
}

function mrkdwn(text: string): TextObject {
  return { type: 'mrkdwn', text };
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
    text: pages.length > 1 && i > 0 ? truncateEscaped(`${fallback} ${WORDING.continued(i + 1, pages.length)}`, limits.fallbackChars + 24) : fallback,
    blocks: p,
  }));
}
