// Picks how to find a query's k best slots: over the posting lists with MaxScore pruning, or —
// when the search is restricted to documents with few passages between them — by scoring just
// those passages.
import type { QueryTerm } from './bm25.ts';
import { maxScoreTopK } from './max-score.ts';
import type { PassageSlots } from './passage-slots.ts';
import { scoreSlotsTopK } from './slot-scoring.ts';
import type { TopK } from './top-k.ts';

// A probe gallops (a few steps) where a posting walk takes one; below this share of the
// postings, probing the filter's passages is the cheaper way.
const PROBE_COST = 8;

let mask = new Uint8Array(0);

export function rankSlots(index: PassageSlots, terms: QueryTerm[], avgLength: number, k: number, docIds?: ReadonlySet<string>): TopK {
  if (!docIds) return maxScoreTopK(terms, index, avgLength, k);
  const slots = filterSlots(index, docIds);
  const postings = terms.reduce((n, t) => n + t.postings.size, 0);
  if (slots.length * terms.length * PROBE_COST < postings) return scoreSlotsTopK(terms, slots, index.slotLength, avgLength, k);
  if (mask.length < index.slotPassage.length) mask = new Uint8Array(index.slotPassage.length * 2);
  for (const slot of slots) mask[slot] = 1;
  try {
    return maxScoreTopK(terms, index, avgLength, k, mask);
  } finally {
    for (const slot of slots) mask[slot] = 0;
  }
}

/** The live slots of the filter's documents, ascending. */
function filterSlots(index: PassageSlots, docIds: ReadonlySet<string>): Int32Array {
  const found: number[] = [];
  for (const id of docIds) for (const slot of index.docSlots.get(id) ?? []) if (index.slotAlive[slot]) found.push(slot);
  return Int32Array.from(found).sort();
}
