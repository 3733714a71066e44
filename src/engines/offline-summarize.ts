// Extractive selection for news: lead position + centrality (+ query relevance for free-text
// briefs), one document's best sentence before another document's second, and MMR-style
// dropping of near-duplicates across documents. Sentences are kept verbatim, so every bullet is
// exactly a passage's words.
import type { Document, Passage } from '../corpus/corpus-types.ts';
import { countWords, terms } from '../retrieval/terms.ts';

export interface Candidate {
  doc: Document;
  docRank: number;
  passage: Passage;
  text: string;
  /** Position of the sentence among the document's usable sentences. */
  position: number;
  terms: string[];
  score: number;
}

export interface SelectOptions {
  count: number;
  /** Free-text query terms: sentences that share them rank higher. */
  query?: string;
  maxWords?: number;
}

// A sentence opening with these leans on the one before it; alone it reads as a non sequitur.
export const DANGLING = /^(he|she|it|they|them|this|that|these|those|his|her|its|their|but|and|so|also|however|meanwhile|still|yet|then|that's|it's|there|here|such|which|both|another|others?)\b/i;
const QUOTE_OPEN = /^["“‘']/;

export function selectSentences(documents: readonly Document[], options: SelectOptions): Candidate[] {
  const maxWords = options.maxWords ?? 40;
  const queryTerms = new Set(options.query ? terms(options.query) : []);
  const perDoc = documents.map((doc, docRank) => scoreDocument(doc, docRank, queryTerms, maxWords));

  const chosen: Candidate[] = [];
  const chosenKeys = new Set<string>();
  const keyOf = (c: Candidate) => `${c.doc.id}#${c.position}`;
  // Round-robin across documents by rank, best sentence first within each. A sentence that leans
  // on the one before it waits in its queue until that one is chosen, rather than being lost.
  const queues = perDoc.map((list) => [...list].sort((a, b) => b.score - a.score));
  const eligible = (c: Candidate) => !DANGLING.test(c.text) || chosenKeys.has(`${c.doc.id}#${c.position - 1}`);
  let progress = true;
  while (chosen.length < options.count && progress) {
    progress = false;
    for (const queue of queues) {
      if (chosen.length >= options.count) break;
      for (let i = 0; i < queue.length; i++) {
        const next = queue[i];
        if (chosen.some((c) => similarity(c.terms, next.terms) > 0.5)) {
          queue.splice(i--, 1);
          continue;
        }
        if (!eligible(next)) {
          // A strong sentence that leans on its predecessor brings the predecessor in first,
          // when there is room for both.
          const prev = queue.findIndex((c) => c.doc === next.doc && c.position === next.position - 1);
          if (prev === -1 || chosen.length + 2 > options.count || !eligible(queue[prev])) continue;
          i = prev;
        }
        const pick = queue[i];
        queue.splice(i, 1);
        chosen.push(pick);
        chosenKeys.add(keyOf(pick));
        progress = true;
        break;
      }
    }
  }
  return chosen.sort((a, b) => a.docRank - b.docRank || a.position - b.position);
}

export function scoreDocument(doc: Document, docRank: number, queryTerms: ReadonlySet<string>, maxWords: number): Candidate[] {
  const quotePassages = new Set(doc.quotes.filter((q) => isMostlyQuote(q.text, doc.passages.find((p) => p.id === q.passageId))).map((q) => q.passageId));
  const candidates: Candidate[] = [];
  const tf = new Map<string, number>();
  for (const passage of doc.passages) {
    if (quotePassages.has(passage.id)) continue;
    for (const sentence of passage.sentences) {
      const text = sentence.text.trim();
      const words = countWords(text);
      if (words < 6 || QUOTE_OPEN.test(text) || /^[—–-]\s/.test(text)) continue;
      const t = terms(text);
      for (const term of t) tf.set(term, (tf.get(term) ?? 0) + 1);
      candidates.push({ doc, docRank, passage, text, position: candidates.length, terms: t, score: 0 });
    }
  }
  // Centrality: how much of the document's recurring vocabulary a sentence carries.
  const norm = Math.sqrt([...tf.values()].reduce((s, v) => s + v * v, 0)) || 1;
  for (const c of candidates) {
    const unique = new Set(c.terms);
    let dot = 0;
    for (const term of unique) dot += (tf.get(term) ?? 0) - 1;
    const centrality = unique.size ? dot / (norm * Math.sqrt(unique.size)) : 0;
    const position = 1 / Math.sqrt(1 + c.position);
    const words = countWords(c.text);
    const lengthPenalty = words > maxWords ? 0.15 * Math.min(1, (words - maxWords) / maxWords) : 0;
    let relevance = 0;
    if (queryTerms.size) relevance = [...queryTerms].filter((q) => unique.has(q)).length / queryTerms.size;
    c.score = position + 0.8 * centrality + 1.2 * relevance - lengthPenalty;
  }
  return candidates;
}

function isMostlyQuote(quote: string, passage: Passage | undefined): boolean {
  if (!passage) return false;
  return quote.length >= 0.5 * passage.text.length;
}

export function similarity(a: readonly string[], b: readonly string[]): number {
  return setSimilarity(new Set(a), new Set(b));
}

/** Overlap of two term sets, damped when their sizes differ (a short sentence inside a long one is not a copy). */
export function setSimilarity(sa: ReadonlySet<string>, sb: ReadonlySet<string>): number {
  if (!sa.size || !sb.size) return 0;
  let inter = 0;
  const [small, large] = sa.size <= sb.size ? [sa, sb] : [sb, sa];
  for (const t of small) if (large.has(t)) inter++;
  return inter / small.size * (inter / large.size) ** 0.5;
}

/** Shortens an over-long sentence at a clause boundary; the words kept are the passage's own. */
export function clip(text: string, maxWords: number): string {
  const words = text.split(/\s+/);
  if (words.length <= maxWords) return text;
  const head = words.slice(0, maxWords).join(' ');
  const cut = Math.max(head.lastIndexOf(', '), head.lastIndexOf('; '), head.lastIndexOf(' — '));
  const clause = cut > head.length * 0.4 ? head.slice(0, cut) : head;
  return `${clause.replace(/[,;:\s—–-]+$/, '')}…`;
}
