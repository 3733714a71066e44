// Picks how to find a query's k best slots. Queries whose postings cover a good share of the
// corpus are scored exhaustively into one buffer (a multiply-add a posting beats any skipping
// when most passages match); the rest go through MaxScore, whose cost follows the postings it
// walks, not the corpus. A search restricted to documents with few passages between them
// scores just those passages.
import type { QueryTerm } from './bm25.ts';
import { exhaustiveTopK } from './exhaustive.ts';
import { maxScoreTopK } from './max-score.ts';
import type { PassageSlots } from './passage-slots.ts';
import { scoreSlotsTopK } from './slot-scoring.ts';
import type { TopK } from './top-k.ts';

// The exhaustive pass reads every slot once to pick the best; with at least this many slots per
// posting, that read costs more than MaxScore's slower walk of the postings alone.
const SLOTS_PER_POSTING = 4;
// A probe gallops (a few steps) where a posting walk takes one; below this share of the
// postings, probing the filter's passages is the cheaper way.
const PROBE_COST = 8;

let mask = new Uint8Array(0);

export function rankSlots(index: PassageSlots, terms: QueryTerm[], avgLength: number, k: number, docIds?: ReadonlySet<string>): TopK {
  const postings = terms.reduce((n, t) => n + t.postings.size, 0);
  const rank = postings * SLOTS_PER_POSTING >= index.slotPassage.length
    ? (allowed?: Uint8Array) => exhaustiveTopK(index, terms, avgLength, k, allowed)
    : (allowed?: Uint8Array) => maxScoreTopK(terms, index, avgLength, k, allowed);
  if (!docIds) return rank();
  const slots = filterSlots(index, docIds);
  if (slots.length * terms.length * PROBE_COST < postings) return scoreSlotsTopK(terms, slots, index.slotLength, avgLength, k);
  if (mask.length < index.slotPassage.length) mask = new Uint8Array(index.slotPassage.length * 2);
  for (const slot of slots) mask[slot] = 1;
  try {
    return rank(mask);
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
