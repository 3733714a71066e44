// BM25's parts, in one place so that the scores pruning bounds are computed from and the scores
// a search reports come from the very same arithmetic.
import type { Postings } from './postings.ts';

export const K1 = 1.2;
export const B = 0.75;

/** One query term as a search sees it: its postings, weight and the most it can add to a score. */
export interface QueryTerm {
  postings: Postings;
  idf: number;
  /** Upper bound of this term's contribution to any passage (from its largest tf and shortest passage). */
  bound: number;
  /** Position among the query's terms: contributions are summed in this order, as they always were. */
  order: number;
}

export function idf(liveSlots: number, live: number): number {
  return Math.log(1 + (liveSlots - live + 0.5) / (live + 0.5));
}

export function termScore(idf: number, tf: number, length: number, avgLength: number): number {
  return idf * (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / avgLength));
}

/** The query's terms that occur in live passages, in query order. */
export function queryTerms(terms: string[], postings: Map<string, Postings>, liveSlots: number, avgLength: number): QueryTerm[] {
  const out: QueryTerm[] = [];
  for (const term of terms) {
    const p = postings.get(term);
    if (!p || p.live <= 0) continue;
    const w = idf(liveSlots, p.live);
    out.push({ postings: p, idf: w, bound: termScore(w, p.maxTf, p.minLength, avgLength), order: out.length });
  }
  return out;
}
