// Terminal text for replies. Plain text: nothing here can ping anyone, but control characters
// from documents are stripped so a file cannot drive the terminal. Styling (bold headings,
// `code` in the bot's own messages) is added after that stripping, or it would be stripped too.
import { briefCitations, numberSources, type NumberedSource } from '../../core/source-numbers.ts';
import { storyLabel } from '../../core/story-label.ts';
import { WORDING } from '../../replies/wording.ts';
import type { Reply } from '../../../commands/command-types.ts';
import type { Answer, Brief } from '../../engines/engine-types.ts';

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const clean = (s: string) => s.replace(CONTROL, '');

export interface RenderOptions {
  /** ANSI styling (a terminal); without it, plain text that keeps `backticks` as written. */
  color?: boolean;
  /** End a brief with the hint that a plain line asks a follow-up (the chat console, not a one-shot). */
  followUpHint?: boolean;
}

export function renderReply(reply: Reply, options: RenderOptions = {}): string {
  const bold = (s: string) => (options.color ? `\x1b[1m${s}\x1b[0m` : s);
  const dim = (s: string) => (options.color ? `\x1b[2m${s}\x1b[0m` : s);
  switch (reply.kind) {
    case 'brief':
      return `${reply.title ? `${bold(clean(reply.title))}\n\n` : ''}${renderBrief(reply.brief, bold, dim, options.followUpHint ?? false)}`;
    case 'answer':
      return renderAnswer(reply.answer, dim);
    case 'text': {
      const text = options.color ? styleCode(clean(reply.text)) : clean(reply.text);
      return reply.title ? `${bold(clean(reply.title))}\n${text}` : text;
    }
  }
}

/** The bot's own messages mark commands and slugs with `backticks`; a terminal shows them in cyan instead. */
function styleCode(text: string): string {
  return text.replace(/`([^`\n]+)`/g, '\x1b[36m$1\x1b[39m');
}

function sourceLines(list: readonly NumberedSource[]): string[] {
  return list.map((s) => `  [${s.n}] ${clean(s.title)} — ${clean(s.path)}${s.passageIds.length ? ` (passage ${s.passageIds.map(clean).join(', ')})` : ''}`);
}

function renderBrief(brief: Brief, bold: (s: string) => string, dim: (s: string) => string, followUpHint: boolean): string {
  const n = numberSources(brief.sources, briefCitations(brief));
  const lines = [bold(clean(brief.headline)), ''];
  for (const b of brief.bullets) lines.push(`  • ${clean(b.text)} ${n.marks(b.citations)}${storyLabel(b) ? ` ${storyLabel(b)}` : ''}`);
  if (!brief.bullets.length) lines.push(`  ${WORDING.emptyBrief}`);
  if (brief.quotes.length) {
    lines.push('', bold('Quotes'));
    for (const q of brief.quotes) {
      lines.push(`  “${clean(q.text)}”`, `     — ${clean(q.speaker)}${q.role ? `, ${clean(q.role)}` : ''} ${n.marks([q.citation])}`);
    }
  }
  lines.push('', bold('Sources'), ...sourceLines(n.list));
  const meta = [`engine: ${brief.engine}`, brief.generatedAt ? `generated ${brief.generatedAt.replace('T', ' ').slice(0, 16)} UTC` : ''];
  lines.push('', dim([...meta.filter(Boolean), ...brief.notes.map(clean)].join(' · ')));
  if (followUpHint) lines.push(dim('Type a question to follow up on this brief.'));
  return lines.join('\n');
}

function renderAnswer(answer: Answer, dim: (s: string) => string): string {
  const n = numberSources([], answer.citations);
  const marks = n.marks(answer.citations);
  const lines = [`${clean(answer.answer)}${marks ? ` ${marks}` : ''}`];
  if (answer.citations.length) lines.push(...sourceLines(n.list));
  if (answer.notes.length) lines.push(dim(answer.notes.map(clean).join(' · ')));
  return lines.join('\n');
}
