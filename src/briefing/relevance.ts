// Is a passage about the query at all? BM25 alone ranks; it cannot say "nothing here".
// IDF-weighted coverage of the query's content terms can, and unlike absolute BM25 scores it does
// not shrink as the corpus grows: a word that is in a one-document corpus is found there as it
// is among 10,000. "Who is the president of France?" matches "President Trump" on one common
// word and misses the rarer one, so it is not covered.
import type { SearchHit } from '../retrieval/retrieval-types.ts';
import { acronymTerms } from '../retrieval/acronyms.ts';
import { namedTerms } from '../retrieval/question.ts';
import { terms } from '../retrieval/terms.ts';

export interface RelevanceOptions {
  /** Optional BM25 floor (0 = none). */
  minScore: number;
  minCoverage?: number;
  documentFrequency: (term: string) => number;
  documentCount: number;
}

/** IDF over documents: how much finding a term says. */
export function idfWeight(stats: { documentFrequency(term: string): number; readonly documentCount: number }): (term: string) => number {
  return (term) => Math.log(1 + stats.documentCount / (1 + stats.documentFrequency(term)));
}

export function coverage(query: string, hit: SearchHit, options: RelevanceOptions): number {
  const q = [...new Set(terms(query))];
  if (!q.length) return 0;
  const text = `${hit.citation.title} ${hit.passage.text}`;
  const present = new Set([...terms(text), ...acronymTerms(text)]);
  if (namedTerms(query).some((t) => !present.has(t))) return 0;
  const weight = idfWeight(options);
  let total = 0;
  let covered = 0;
  for (const term of q) {
    total += weight(term);
    if (present.has(term)) covered += weight(term);
  }
  return total ? covered / total : 0;
}

export function relevantHits(query: string, hits: readonly SearchHit[], options: RelevanceOptions): SearchHit[] {
  const minCoverage = options.minCoverage ?? 0.5;
  return hits.filter((h) => h.score >= options.minScore && coverage(query, h, options) >= minCoverage);
}
