// The embedded default engine: extractive, deterministic, no network. Every bullet is a
// sentence from a passage, every quote is a quote the corpus parser attributed.
import { citationOf, sourceOf } from '../core/citations.ts';
import type { Document, Quote } from '../corpus/corpus-types.ts';
import type { Brief, BriefBullet, BriefLength, BriefQuote, BriefRequest, Engine } from './engine-types.ts';
import { countWords, terms } from '../retrieval/terms.ts';
import { planStories, storyBullet } from '../stories/story-brief.ts';
import { entitiesOfBrief, noEntities } from './brief-entities.ts';
import { offlineAnswer } from './offline-answer.ts';
import { compressSentence } from './offline-compress.ts';
import { selectCovering, type CoveredBullet } from './offline-coverage.ts';
import { headlineAbout, headlineFrom, ownTitle, shortTitle } from './offline-headline.ts';
import { storyModeBullets } from './offline-stories.ts';
import { clip, selectSentences } from './offline-summarize.ts';

export { NOT_FOUND_ANSWER, offlineAnswer } from './offline-answer.ts';

const QUOTES: Record<BriefLength, number> = { short: 2, standard: 3, detailed: 5 };
const MAX_WORDS = 40;
/** A short brief is the lead; longer ones cover the story within a word budget for their bullets. */
const SHORT_BULLETS = 3;
/** Short bullets are clipped harder: a lead sentence's tail is mostly detail (ROUGE-1 +0.5 on the dev half). */
const SHORT_MAX_WORDS = 30;
/** Longer briefs fit more developments into their budget with bullets clipped a little sooner. */
const STANDARD_MAX_WORDS = 30;
const COVER: Record<Exclude<BriefLength, 'short'>, { maxBullets: number; wordBudget: number }> = {
  standard: { maxBullets: 10, wordBudget: 180 },
  detailed: { maxBullets: 12, wordBudget: 320 },
};

export interface OfflineEngineOptions {
  /**
   * Name the people, organisations and places of each brief (default on). The tagger costs
   * ~50 MB and ~0.45 s to load; a process that never shows them (chat, the text brief) skips it.
   */
  entities?: boolean;
}

export function createOfflineEngine(options: OfflineEngineOptions = {}): Engine {
  return {
    name: 'offline',
    async brief(request) {
      return offlineBrief(request, options);
    },
    async answer(request) {
      return offlineAnswer(request);
    },
  };
}

export async function offlineBrief(request: BriefRequest, options: OfflineEngineOptions = {}): Promise<Brief> {
  // Syndicated copies count once: the brief reads each report, not each copy of it.
  const plan = planStories(request.documents);
  const docs = plan.reports;
  const query = request.topic ? undefined : request.query;
  const { picked, bullets } = plan.storyMode
    ? storyModeBullets(plan, request.length, query)
    : coverBullets(docs, request.length, query);
  // One story from several outlets keeps its ordinary brief; its lead bullet cites them all.
  const [only] = plan.stories;
  if (!plan.storyMode && plan.stories.length === 1 && only.coverage >= 2 && bullets[0]) bullets[0] = storyBullet(bullets[0], only);
  const quotes = pickQuotes(docs, QUOTES[request.length], query);
  const cited = new Set([...bullets.flatMap((b) => b.citations.map((c) => c.docId)), ...quotes.map((q) => q.citation.docId)]);
  const sources = docs.filter((d) => cited.has(d.id)).map(sourceOf);
  const headline = headlineFor(request, docs, picked, quotes);
  const entities = options.entities === false ? noEntities() : await entitiesOfBrief({ headline, bullets, quotes });
  return {
    query: request.query,
    topic: request.topic,
    headline,
    bullets,
    quotes,
    entities,
    sources,
    engine: 'offline',
    notes: [
      ...(docs.length > sources.length ? [`Drawn from ${sources.length} of ${docs.length} matching documents.`] : []),
      ...copiesNote(request.documents.length - docs.length),
    ],
  };
}

function coverBullets(docs: readonly Document[], length: BriefLength, query: string | undefined): { picked: CoveredBullet[]; bullets: BriefBullet[] } {
  const picked = pickBullets(docs, length, query);
  return { picked, bullets: picked.map((b) => ({ text: b.text, citations: b.sources.map((c) => citationOf(c.doc, c.passage)) })) };
}

function copiesNote(copies: number): string[] {
  return copies ? [`${copies} syndicated cop${copies === 1 ? 'y' : 'ies'} of other reports counted once.`] : [];
}

function pickBullets(docs: readonly Document[], length: BriefLength, query: string | undefined): CoveredBullet[] {
  if (length !== 'short') return selectCovering(docs, { ...COVER[length], maxWords: STANDARD_MAX_WORDS, query });
  return selectSentences(docs, { count: SHORT_BULLETS, query, maxWords: MAX_WORDS })
    .map((c) => ({ text: clip(compressSentence(c.text), SHORT_MAX_WORDS), sources: [c], relevance: 0 }));
}

/** The lead document's own title; for free text (or without a title) the top bullet's lead clause. */
function headlineFor(request: BriefRequest, docs: readonly Document[], bullets: readonly CoveredBullet[], quotes: readonly BriefQuote[]): string {
  const queryTerms = request.topic ? [] : terms(request.query);
  const hits = (clause: string) => terms(clause).filter((t) => queryTerms.includes(t)).length;
  // The bullet that carries most of the query's words, not one brought in as its context.
  const top = queryTerms.length ? [...bullets].sort((a, b) => hits(b.text) - hits(a.text))[0] : bullets[0];
  const lead = top?.sources[0].doc ?? docs[0];
  const title = lead ? ownTitle(lead.title, lead.passages[0]?.text) : null;
  if (title && (!queryTerms.length || terms(title).some((t) => queryTerms.includes(t)))) return shortTitle(title);
  if (top && hits(top.text) > 0) return headlineAbout(top.text, hits);
  // "brief Peskov": the words are a speaker's name, so the brief leads with what they said.
  const voice = queryTerms.length ? quotes.find((q) => terms(q.speaker).some((t) => queryTerms.includes(t))) : undefined;
  if (voice) return `${voice.speaker}: ${headlineFrom(voice.text.split(/(?<=[.!?])\s+/)[0])}`;
  if (top) return headlineFrom(top.text);
  return shortTitle(lead?.title.replace(/…$/, '') ?? request.query);
}

function pickQuotes(docs: readonly Document[], limit: number, query?: string): BriefQuote[] {
  const queryTerms = new Set(query ? terms(query) : []);
  const candidates: Array<{ quote: Quote; doc: Document; score: number; order: number }> = [];
  let order = 0;
  docs.forEach((doc, rank) => {
    for (const quote of doc.quotes) {
      if (!quote.speaker || countWords(quote.text) < 5) continue;
      const t = terms(`${quote.text} ${quote.speaker} ${quote.role ?? ''}`);
      const relevance = queryTerms.size ? t.filter((x) => queryTerms.has(x)).length / queryTerms.size : 0;
      candidates.push({ quote, doc, score: relevance - rank * 0.1, order: order++ });
    }
  });
  candidates.sort((a, b) => b.score - a.score || a.order - b.order);
  const out: BriefQuote[] = [];
  const perSpeaker = new Map<string, number>();
  for (const c of candidates) {
    if (out.length >= limit) break;
    const speaker = c.quote.speaker!;
    // One voice should not crowd out the others in a short brief.
    if ((perSpeaker.get(speaker) ?? 0) >= Math.max(1, Math.floor(limit / 2))) continue;
    if (out.some((q) => q.text.includes(c.quote.text) || c.quote.text.includes(q.text))) continue;
    perSpeaker.set(speaker, (perSpeaker.get(speaker) ?? 0) + 1);
    out.push({ text: c.quote.text, speaker, role: c.quote.role, citation: citationOf(c.doc, c.quote.passageId) });
  }
  return out;
}
