// Reply view → terminal text. Plain text: nothing here can ping anyone, but control characters
// from documents are stripped so a file cannot drive the terminal. Styling (bold headings,
// `code` in the bot's own messages) is added after that stripping, or it would be stripped too.
import type { Reply } from '../../../commands/command-types.ts';
import { buildReplyView, bulletTail, quoteAttribution, utcMinutes } from '../../replies/reply-view.ts';
import type { ReplyView, ViewSection, ViewSource } from '../../replies/view-types.ts';
import { WORDING } from '../../replies/wording.ts';

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const clean = (s: string) => s.replace(CONTROL, '');

export interface RenderOptions {
  /** ANSI styling (a terminal); without it, plain text that keeps `backticks` as written. */
  color?: boolean;
  /** End a brief with the hint that a plain line asks a follow-up (the chat console, not a one-shot). */
  followUpHint?: boolean;
}

interface Style {
  bold(s: string): string;
  dim(s: string): string;
  code(s: string): string;
}

export function renderReply(reply: Reply, options: RenderOptions = {}): string {
  const style: Style = {
    bold: (s) => (options.color ? `\x1b[1m${s}\x1b[0m` : s),
    dim: (s) => (options.color ? `\x1b[2m${s}\x1b[0m` : s),
    code: (s) => (options.color ? styleCode(s) : s),
  };
  const view = buildReplyView(reply);
  switch (view.kind) {
    case 'brief':
      return `${view.title ? `${style.bold(clean(view.title))}\n\n` : ''}${renderBrief(view, style, options.followUpHint ?? false)}`;
    case 'text': {
      const text = view.sections.map((part) => style.code(clean(part.type === 'paragraphs' || part.type === 'notice' ? part.text : ''))).join('\n');
      return view.title ? `${style.bold(clean(view.title))}\n${text}` : text;
    }
    default:
      return renderAnswer(view, style);
  }
}

/** The bot's own messages mark commands and slugs with `backticks`; a terminal shows them in cyan instead. */
function styleCode(text: string): string {
  return text.replace(/`([^`\n]+)`/g, '\x1b[36m$1\x1b[39m');
}

function sourceLines(list: readonly ViewSource[]): string[] {
  return list.map((s) => `  [${s.n}] ${clean(s.title)} — ${clean(s.path)}${s.passageIds.length ? ` (passage ${s.passageIds.map(clean).join(', ')})` : ''}`);
}

function sectionLines(part: ViewSection, style: Style): string[] {
  switch (part.type) {
    case 'bullets':
      return part.bullets.map((b) => `  • ${clean(b.text)}${bulletTail(b) ? ` ${bulletTail(b)}` : ''}`);
    case 'notice':
      return [`  ${clean(part.text)}`];
    case 'quotes':
      return ['', style.bold(clean(part.heading)), ...part.quotes.flatMap((q) => [`  “${clean(q.text)}”`, `     — ${clean(quoteAttribution(q))}${q.marks ? ` ${q.marks}` : ''}`])];
    case 'paragraphs':
      return [`${clean(part.text)}${part.marks ? ` ${part.marks}` : ''}`];
  }
}

function renderBrief(view: ReplyView, style: Style, followUpHint: boolean): string {
  const lines = [style.bold(clean(view.heading ?? '')), ''];
  for (const part of view.sections) lines.push(...sectionLines(part, style));
  lines.push('', style.bold(WORDING.sources), ...(view.sources.length ? sourceLines(view.sources) : [`  ${WORDING.noSources}`]));
  const { engine, generatedAt, notes } = view.footer;
  const meta = [engine === undefined ? '' : WORDING.engine(engine), generatedAt ? WORDING.generated(utcMinutes(generatedAt)) : ''];
  lines.push('', style.dim(clean([...meta.filter(Boolean), ...notes].join(' · '))));
  if (followUpHint) lines.push(style.dim(WORDING.consoleFollowUp));
  return lines.join('\n');
}

/** An answer: its words and marks, the sources it cites, any notes. */
function renderAnswer(view: ReplyView, style: Style): string {
  const lines = view.sections.flatMap((part) => sectionLines(part, style));
  lines.push(...sourceLines(view.sources));
  if (view.footer.notes.length) lines.push(style.dim(clean(view.footer.notes.join(' · '))));
  return lines.join('\n');
}
