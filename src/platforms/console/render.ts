// Terminal text for replies. Plain text: nothing here can ping anyone, but control characters
// from documents are stripped so a file cannot drive the terminal.
import type { Answer, Brief, Citation, Reply } from '../../core/types.ts';

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const clean = (s: string) => s.replace(CONTROL, '');

export function renderReply(reply: Reply, options: { color?: boolean } = {}): string {
  const bold = (s: string) => (options.color ? `\x1b[1m${s}\x1b[0m` : s);
  const dim = (s: string) => (options.color ? `\x1b[2m${s}\x1b[0m` : s);
  switch (reply.kind) {
    case 'brief':
      return `${reply.title ? `${bold(clean(reply.title))}\n\n` : ''}${renderBrief(reply.brief, bold, dim)}`;
    case 'answer':
      return renderAnswer(reply.answer, dim);
    case 'text':
      return clean(reply.title ? `${bold(reply.title)}\n${reply.text}` : reply.text);
  }
}

function numberer() {
  const order: Citation[] = [];
  const index = new Map<string, number>();
  return {
    mark(c: Citation) {
      if (!index.has(c.passageId)) {
        order.push(c);
        index.set(c.passageId, order.length);
      }
      return `[${index.get(c.passageId)}]`;
    },
    list: () => order.map((c, i) => `  [${i + 1}] ${clean(c.title)} — ${clean(c.path)} (passage ${clean(c.passageId)})`),
  };
}

function renderBrief(brief: Brief, bold: (s: string) => string, dim: (s: string) => string): string {
  const n = numberer();
  const lines = [bold(clean(brief.headline)), ''];
  for (const b of brief.bullets) lines.push(`  • ${clean(b.text)} ${b.citations.map((c) => n.mark(c)).join('')}`);
  if (brief.quotes.length) {
    lines.push('', bold('Quotes'));
    for (const q of brief.quotes) {
      lines.push(`  “${clean(q.text)}”`, `     — ${clean(q.speaker)}${q.role ? `, ${clean(q.role)}` : ''} ${n.mark(q.citation)}`);
    }
  }
  lines.push('', bold('Sources'), ...n.list());
  const meta = [`engine: ${brief.engine}`, brief.generatedAt ? `generated ${brief.generatedAt.replace('T', ' ').slice(0, 16)} UTC` : ''];
  lines.push('', dim([...meta.filter(Boolean), ...brief.notes.map(clean)].join(' · ')));
  lines.push(dim('Type a question to follow up on this brief.'));
  return lines.join('\n');
}

function renderAnswer(answer: Answer, dim: (s: string) => string): string {
  const n = numberer();
  const marks = answer.citations.map((c) => n.mark(c)).join('');
  const lines = [`${clean(answer.answer)}${marks ? ` ${marks}` : ''}`];
  if (answer.citations.length) lines.push(...n.list());
  if (answer.notes.length) lines.push(dim(answer.notes.map(clean).join(' · ')));
  return lines.join('\n');
}
