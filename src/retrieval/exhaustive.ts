// Top-k by scoring every posting of every query term into one score buffer, term after term.
// Each posting is a multiply-add on typed arrays, so this is the fastest way to the answer when
// most passages hold some query term; its cost is the query's postings plus one pass over slots.
import { K1, type QueryTerm } from './bm25.ts';
import type { PassageSlots } from './passage-slots.ts';
import { TopK } from './top-k.ts';
import { lengthNorms } from './length-norms.ts';

let scores = new Float64Array(0);

/** `allowed`, when given, marks the slots a search is restricted to. */
export function exhaustiveTopK(index: PassageSlots, terms: QueryTerm[], avgLength: number, k: number, allowed?: Uint8Array): TopK {
  const slotCount = index.slotPassage.length;
  if (scores.length < slotCount) scores = new Float64Array(slotCount * 2);
  // Dead slots' norms are NaN, so their scores are too and never pass the comparisons below.
  const norms = lengthNorms(index, avgLength);
  for (const { postings, idf } of terms) {
    const { slots, tfs, size } = postings;
    for (let i = 0; i < size; i++) {
      const slot = slots[i];
      const tf = tfs[i];
      scores[slot] += idf * (tf * (K1 + 1)) / (tf + norms[slot]);
    }
  }
  const top = new TopK(k);
  let limit = 0;
  for (let slot = 0; slot < slotCount; slot++) {
    const score = scores[slot];
    if (score > limit && (!allowed || allowed[slot] === 1) && top.offer(slot, score) && top.full) limit = top.threshold;
  }
  scores.fill(0, 0, slotCount);
  return top;
}
