// A Reply becomes a ReplyView once, here: headline, bullets with their `[n]` marks and story
// labels, quotes, numbered sources and footer facts, with the bot's own words from WORDING. The
// platforms only map the view to their markup, so numbering and wording cannot drift apart.
import type { Reply } from '../../commands/command-types.ts';
import { briefCitations, numberSources, type NumberedSource } from '../core/source-numbers.ts';
import { storyLabel } from '../core/story-label.ts';
import type { Answer, Brief, SourceRef } from '../engines/engine-types.ts';
import type { ReplyView, ViewSection, ViewSource } from './view-types.ts';
import { WORDING } from './wording.ts';

export function buildReplyView(reply: Reply): ReplyView {
  switch (reply.kind) {
    case 'brief':
      return buildBriefView(reply.brief, reply.title);
    case 'answer':
      return buildAnswerView(reply.answer);
    default:
      return buildTextView(reply.text, reply.title);
  }
}

export function buildBriefView(brief: Brief, title?: string): ReplyView {
  const { list, marks } = numberSources(brief.sources, briefCitations(brief));
  const generatedAt = validIso(brief.generatedAt);
  const newestSource = newestDate(brief.sources);
  const sections: ViewSection[] = [];
  if (brief.bullets.length) {
    sections.push({
      type: 'bullets',
      bullets: brief.bullets.map((b) => ({ text: oneLine(b.text), marks: marks(b.citations), label: storyLabel(b) })),
    });
  } else {
    sections.push({ type: 'notice', text: WORDING.emptyBrief });
  }
  if (brief.quotes.length) {
    sections.push({
      type: 'quotes',
      heading: WORDING.keyQuotes,
      quotes: brief.quotes.map((q) => ({
        text: oneLine(q.text),
        speaker: oneLine(q.speaker) || WORDING.unattributed,
        role: oneLine(q.role ?? '') || null,
        marks: marks([q.citation]),
      })),
    });
  }
  return {
    kind: 'brief',
    ...(title?.trim() ? { title: oneLine(title) } : {}),
    heading: oneLine(brief.headline) || oneLine(brief.topic?.title ?? '') || oneLine(brief.query) || WORDING.briefHeading,
    sections,
    sources: list.map(viewSource),
    footer: {
      engine: brief.engine,
      ...(brief.topic ? { topic: { title: oneLine(brief.topic.title), slug: brief.topic.slug } } : {}),
      ...(generatedAt ? { generatedAt } : {}),
      ...(newestSource ? { newestSource } : {}),
      notes: brief.notes.map(oneLine),
    },
  };
}

/**
 * A not-found answer shows neither marks nor sources: the passages it looked at do not support
 * it, so pointing at them would suggest they do.
 */
export function buildAnswerView(answer: Answer): ReplyView {
  const cited = answer.found ? answer.citations : [];
  const numbered = numberSources([], cited);
  return {
    kind: answer.found ? 'answer' : 'notFound',
    heading: oneLine(answer.question),
    sections: [{ type: 'paragraphs', text: answer.answer.trim() || (answer.found ? '' : WORDING.notFound), marks: numbered.marks(cited) }],
    sources: numbered.list.map(viewSource),
    footer: { engine: answer.engine, notes: answer.notes.map(oneLine) },
  };
}

export function buildTextView(text: string, title?: string): ReplyView {
  const body = text.trim();
  const heading = title ? oneLine(title) : '';
  const sections: ViewSection[] = body ? [{ type: 'paragraphs', text: body, marks: '' }] : [];
  if (!body && !heading) sections.push({ type: 'notice', text: WORDING.emptyText });
  return { kind: 'text', ...(heading ? { title: heading } : {}), sections, sources: [], footer: { notes: [] } };
}

/** What follows a bullet's text: its marks, then its story label (`[1][3] — 3 outlets`). */
export function bulletTail(bullet: { marks: string; label: string }): string {
  return [bullet.marks, bullet.label].filter(Boolean).join(' ');
}

/** A quote's attribution: `Dmitry Peskov, Kremlin spokesman`. */
export function quoteAttribution(quote: { speaker: string; role: string | null }): string {
  return quote.role ? `${quote.speaker}, ${quote.role}` : quote.speaker;
}

/** `2025-03-02 09:30 UTC`: the text form of a generated-at time. */
export function utcMinutes(iso: string): string {
  return `${new Date(iso).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function viewSource(s: NumberedSource): ViewSource {
  return { n: s.n, title: oneLine(s.title) || s.path, path: s.path, date: s.date ? s.date.slice(0, 10) : null, passageIds: [...s.passageIds] };
}

function newestDate(sources: readonly SourceRef[]): string | undefined {
  const dates = sources.map((s) => s.date?.slice(0, 10)).filter((d): d is string => Boolean(d && /^\d{4}-\d{2}-\d{2}$/.test(d)));
  return dates.sort().at(-1);
}

function validIso(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
