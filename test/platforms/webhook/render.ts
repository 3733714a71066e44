// Plain text for the webhook platform, built from the Reply itself, in posts of at most
// MAX_POST_CHARS (split between lines, so a bullet or a source never spans two posts).
import type { Reply } from '../../../commands/command-types.ts';
import { briefCitations, numberSources, type NumberedSource } from '../../../src/core/source-numbers.ts';
import type { Answer, Brief } from '../../../src/engines/engine-types.ts';

/** The receiver's limit on one post's text. */
export const MAX_POST_CHARS = 1500;

export function renderWebhookPosts(reply: Reply, max = MAX_POST_CHARS): string[] {
  return pack(lines(reply), max);
}

function lines(reply: Reply): string[] {
  switch (reply.kind) {
    case 'brief':
      return [...(reply.title ? [reply.title, ''] : []), ...briefLines(reply.brief)];
    case 'answer':
      return answerLines(reply.answer);
    case 'text':
      return [...(reply.title ? [reply.title] : []), ...reply.text.split('\n')];
  }
}

function sourceLines(list: readonly NumberedSource[]): string[] {
  return list.map((s) => `[${s.n}] ${s.title} — ${s.path}`);
}

function briefLines(brief: Brief): string[] {
  const n = numberSources(brief.sources, briefCitations(brief));
  const out = [brief.headline, ''];
  for (const b of brief.bullets) out.push(`• ${b.text} ${n.marks(b.citations)}`);
  for (const q of brief.quotes) out.push(`“${q.text}” — ${q.speaker}${q.role ? `, ${q.role}` : ''} ${n.marks([q.citation])}`);
  out.push('', 'Sources', ...sourceLines(n.list), '', `engine: ${brief.engine}`);
  return out;
}

function answerLines(answer: Answer): string[] {
  const n = numberSources([], answer.citations);
  const marks = n.marks(answer.citations);
  return [`${answer.answer}${marks ? ` ${marks}` : ''}`, ...sourceLines(n.list)];
}

/** Whole lines per post; a line longer than a post is cut (the receiver would refuse it). */
function pack(all: readonly string[], max: number): string[] {
  const posts: string[] = [];
  let current = '';
  for (const raw of all) {
    const line = raw.length > max ? `${raw.slice(0, max - 1)}…` : raw;
    if (current && current.length + 1 + line.length > max) {
      posts.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current.trim()) posts.push(current);
  return posts;
}
