// Is a passage about the question at all? BM25 alone ranks; it cannot say "nothing here".
// IDF-weighted coverage of the question's content terms can: "who is the president of France?"
// matches "President Trump" on one common word and misses the rarer one, so it is not covered.
import type { SearchHit } from '../core/types.ts';
import { terms } from '../retrieval/terms.ts';

export interface RelevanceOptions {
  minScore: number;
  minCoverage?: number;
  documentFrequency: (term: string) => number;
  documentCount: number;
}

/**
 * Names in a question ("Champions League", "Peskov") are constraints, not just words: a passage
 * about League One's semi-final does not answer who won the Champions League final.
 */
export function namedTerms(question: string): string[] {
  const out: string[] = [];
  const tokens = question.split(/\s+/);
  tokens.forEach((token, i) => {
    const word = token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    // The first word is capitalised by grammar, not because it is a name.
    if (i === 0 || !/^\p{Lu}/u.test(word) || word === 'I') return;
    out.push(...terms(word));
  });
  return [...new Set(out)];
}

export function coverage(question: string, hit: SearchHit, options: RelevanceOptions): number {
  const q = [...new Set(terms(question))];
  if (!q.length) return 0;
  const present = new Set(terms(`${hit.citation.title} ${hit.passage.text}`));
  if (namedTerms(question).some((t) => !present.has(t))) return 0;
  let total = 0;
  let covered = 0;
  for (const term of q) {
    const idf = Math.log(1 + options.documentCount / (1 + options.documentFrequency(term)));
    total += idf;
    if (present.has(term)) covered += idf;
  }
  return total ? covered / total : 0;
}

export function relevantHits(question: string, hits: readonly SearchHit[], options: RelevanceOptions): SearchHit[] {
  const minCoverage = options.minCoverage ?? 0.5;
  return hits.filter((h) => h.score >= options.minScore && coverage(question, h, options) >= minCoverage);
}
