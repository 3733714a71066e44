// The embedded default engine: extractive, deterministic, no network. Every bullet is a
// sentence from a passage, every quote is a quote the corpus parser attributed.
import { citationOf, sourceOf } from '../core/citations.ts';
import type { Answer, AnswerRequest, Brief, BriefLength, BriefQuote, BriefRequest, Document, Engine, Quote, SearchHit } from '../core/types.ts';
import { countWords, terms, words } from '../retrieval/terms.ts';
import { extractEntities } from './entities.ts';
import { clip, selectSentences } from './offline-summarize.ts';

const BULLETS: Record<BriefLength, number> = { short: 3, standard: 5, detailed: 6 };
const QUOTES: Record<BriefLength, number> = { short: 2, standard: 3, detailed: 5 };
const MAX_WORDS = 40;

export const NOT_FOUND_ANSWER = "The documents don't cover this.";

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

export function offlineAnswer(request: AnswerRequest): Answer {
  const base = { question: request.question, engine: 'offline', notes: [] as string[] };
  if (!request.hits.length) return { ...base, answer: NOT_FOUND_ANSWER, found: false, citations: [] };

  const spoken = answerFromQuotes(request);
  if (spoken) return { ...base, ...spoken, found: true };

  const questionTerms = new Set(terms(request.query ?? request.question));
  let best: { text: string; hit: SearchHit; score: number; index: number } | null = null;
  const scored: Array<{ text: string; hit: SearchHit; score: number; index: number }> = [];
  request.hits.slice(0, 8).forEach((hit, rank) => {
    hit.passage.sentences.forEach((sentence, index) => {
      const t = new Set(terms(sentence.text));
      const overlap = [...questionTerms].filter((q) => t.has(q)).length;
      if (!overlap) return;
      const score = overlap / Math.max(1, questionTerms.size) + 0.3 / (1 + rank) - (countWords(sentence.text) > 50 ? 0.1 : 0);
      const entry = { text: sentence.text.trim(), hit, score, index };
      scored.push(entry);
      if (!best || score > best.score) best = entry;
    });
  });
  if (!best) return { ...base, answer: NOT_FOUND_ANSWER, found: false, citations: [] };
  const top = best as { text: string; hit: SearchHit; score: number; index: number };
  // A second sentence only when it adds question terms the first lacks.
  const covered = new Set(terms(top.text));
  const second = scored
    .filter((s) => s !== top && [...questionTerms].some((q) => !covered.has(q) && terms(s.text).includes(q)))
    .sort((a, b) => b.score - a.score)[0];
  const parts = second ? [top, second] : [top];
  const citations = dedupeCitations(parts.map((p) => p.hit.citation));
  return { ...base, answer: parts.map((p) => p.text).join(' '), found: true, citations };
}

/** "What did Peskov say?" is best answered with Peskov's own words. */
function answerFromQuotes(request: AnswerRequest): Pick<Answer, 'answer' | 'citations'> | null {
  const questionWords = new Set(words(request.question));
  const asksForWords = /\b(say|said|says|tell|told|think|thinks|claim|claimed|quote|call|called|describe|described|view|position|stance|react)\b/i.test(request.question);
  if (!asksForWords) return null;
  const hitByDoc = new Map(request.hits.map((h) => [h.passage.docId, h] as const));
  const matches: Array<{ quote: Quote; citation: SearchHit['citation'] }> = [];
  for (const quote of request.quotes ?? []) {
    const hit = hitByDoc.get(quote.docId);
    const names = words(quote.speaker ?? '');
    if (!hit || !names.some((n) => n.length > 2 && questionWords.has(n))) continue;
    if (!matches.some((m) => m.quote.text === quote.text)) matches.push({ quote, citation: { ...hit.citation, passageId: quote.passageId } });
  }
  if (!matches.length) return null;
  const shown = matches.slice(0, 2);
  const speaker = shown[0].quote;
  const who = speaker.role ? `${speaker.speaker} (${speaker.role})` : speaker.speaker;
  const text = shown.map((m) => `“${m.quote.text}”`).join(' … ');
  return { answer: `${who} said: ${text}`, citations: dedupeCitations(shown.map((m) => m.citation)) };
}

function dedupeCitations<T extends { passageId: string }>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((c) => (seen.has(c.passageId) ? false : (seen.add(c.passageId), true)));
}
