// The embedded default engine: extractive, deterministic, no network. Every bullet is a
// sentence from a passage, every quote is a quote the corpus parser attributed.
import { citationOf, sourceOf } from '../core/citations.ts';
import type { Brief, BriefLength, BriefQuote, BriefRequest, Document, Engine, Quote } from '../core/types.ts';
import { countWords, terms } from '../retrieval/terms.ts';
import { extractEntities } from './entities.ts';
import { offlineAnswer } from './offline-answer.ts';
import { clip, selectSentences } from './offline-summarize.ts';

export { NOT_FOUND_ANSWER, offlineAnswer } from './offline-answer.ts';

const BULLETS: Record<BriefLength, number> = { short: 3, standard: 5, detailed: 6 };
const QUOTES: Record<BriefLength, number> = { short: 2, standard: 3, detailed: 5 };
const MAX_WORDS = 40;


export function createOfflineEngine(): Engine {
  return {
    name: 'offline',
    async brief(request) {
      return offlineBrief(request);
    },
    async answer(request) {
      return offlineAnswer(request);
    },
  };
}

export async function offlineBrief(request: BriefRequest): Promise<Brief> {
  const docs = request.documents;
  const query = request.topic ? undefined : request.query;
  const picked = selectSentences(docs, { count: BULLETS[request.length], query, maxWords: MAX_WORDS });
  const bullets = picked.map((c) => ({ text: clip(c.text, MAX_WORDS), citations: [citationOf(c.doc, c.passage)] }));
  const quotes = pickQuotes(docs, QUOTES[request.length], query);
  const cited = new Set([...bullets.flatMap((b) => b.citations.map((c) => c.docId)), ...quotes.map((q) => q.citation.docId)]);
  const sources = docs.filter((d) => cited.has(d.id)).map(sourceOf);
  const headline = headlineFor(request, docs, picked[0]?.doc);
  const entities = await extractEntities(
    [headline, ...bullets.map((b) => b.text), ...quotes.map((q) => q.text)].join('\n'),
    [...new Set(quotes.map((q) => q.speaker))],
  );
  return {
    query: request.query,
    topic: request.topic,
    headline,
    bullets,
    quotes,
    entities,
    sources,
    engine: 'offline',
    notes: docs.length > sources.length ? [`Drawn from ${sources.length} of ${docs.length} matching documents.`] : [],
  };
}

function headlineFor(request: BriefRequest, docs: readonly Document[], lead: Document | undefined): string {
  const title = (lead ?? docs[0])?.title ?? request.query;
  return title.length > 120 ? `${title.slice(0, 117).replace(/\s+\S*$/, '')}…` : title;
}

function pickQuotes(docs: readonly Document[], limit: number, query?: string): BriefQuote[] {
  const queryTerms = new Set(query ? terms(query) : []);
  const candidates: Array<{ quote: Quote; doc: Document; score: number; order: number }> = [];
  let order = 0;
  docs.forEach((doc, rank) => {
    for (const quote of doc.quotes) {
      if (!quote.speaker || countWords(quote.text) < 5) continue;
      const t = terms(quote.text);
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
