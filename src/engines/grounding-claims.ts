// The claims of a headline and an answer, held to their cited passages (see claim-support.ts
// for the rules). Part of the grounding check; kept apart so grounding.ts stays one screenful
// of rules about citations and quotes.
import type { Citation } from '../retrieval/retrieval-types.ts';
import type { Answer, Brief, BriefBullet, BriefQuote } from './engine-types.ts';
import { headlineSupported, supportFrom, unsupportedMentions, type Support } from './claim-support.ts';
import type { GroundingContext } from './grounding.ts';

function supportOf(citations: readonly Citation[], extraDocIds: readonly string[], ctx: GroundingContext): Support {
  const texts: string[] = [];
  const docIds = new Set(extraDocIds);
  for (const c of citations) {
    const passage = ctx.snapshot.getPassage(c.passageId);
    if (passage) texts.push(passage.text);
    docIds.add(c.docId);
  }
  for (const id of docIds) {
    const title = ctx.snapshot.getDocument(id)?.title;
    if (title) texts.push(title);
  }
  return supportFrom(texts);
}

/** The headline, or one rebuilt from the first bullet its own passages support (else a cited title). */
export function checkHeadline(headline: string, bullets: readonly BriefBullet[], quotes: readonly BriefQuote[], sources: Brief['sources'], ctx: GroundingContext): string {
  const cited = [...bullets.flatMap((b) => b.citations), ...quotes.map((q) => q.citation)];
  if (!cited.length) return headline;
  const sourceIds = sources.map((s) => s.docId).filter((id) => ctx.snapshot.getDocument(id));
  if (headlineSupported(headline, supportOf(cited, sourceIds, ctx))) return headline;
  for (const bullet of bullets) {
    const candidate = clipWords(bullet.text, 14);
    if (headlineSupported(candidate, supportOf(bullet.citations, [], ctx))) return candidate;
  }
  return ctx.snapshot.getDocument(cited[0]!.docId)?.title ?? headline;
}

function clipWords(text: string, max: number): string {
  const words = text.trim().replace(/[.;:,]+$/, '').split(/\s+/);
  return words.length <= max ? words.join(' ') : `${words.slice(0, max).join(' ')}…`;
}

/**
 * Names and numbers in a found answer that none of its cited passages contains: such an answer
 * is not sent as found (the engine falls back to the offline answer with a note).
 */
export function unsupportedAnswerClaims(answer: Answer, ctx: GroundingContext): string[] {
  if (!answer.found || !answer.citations.length) return [];
  return unsupportedMentions(answer.answer, supportOf(answer.citations, [], ctx));
}
