// Scoring a given, small set of slots (a search restricted to a few documents): each slot's
// tf is found by galloping through the term's postings, so the cost follows the filter, not
// the length of the posting lists.
import { termScore, type QueryTerm } from './bm25.ts';
import { advance } from './cursor.ts';
import { TopK } from './top-k.ts';

/** `slots` ascending and alive; terms in query order, so scores add up as they always did. */
export function scoreSlotsTopK(terms: QueryTerm[], slots: ArrayLike<number>, slotLength: ArrayLike<number>, avgLength: number, k: number): TopK {
  const top = new TopK(k);
  const pos = new Int32Array(terms.length);
  for (let s = 0; s < slots.length; s++) {
    const slot = slots[s];
    let score = 0;
    let matched = false;
    for (let i = 0; i < terms.length; i++) {
      const { slots: list, tfs, size } = terms[i].postings;
      const p = (pos[i] = advance(list, pos[i], size, slot));
      if (p >= size || list[p] !== slot) continue;
      score += termScore(terms[i].idf, tfs[p], slotLength[slot], avgLength);
      matched = true;
    }
    if (matched) top.offer(slot, score);
  }
  return top;
}
