// BM25's length normalisation per slot, K1 · (1 − B + B · length / avgLength), computed once per
// state of the index rather than once per posting. Dead slots get NaN so anything scored with
// them is never ranked.
import { B, K1 } from './bm25.ts';
import type { PassageSlots } from './passage-slots.ts';

interface Norms {
  slotCount: number;
  liveSlots: number;
  avgLength: number;
  norms: Float64Array;
}

// Slots are only appended and only die, so an index's slot and live counts together name one
// state of it. Weak, so an index replaced by a compaction takes its norms with it.
const cache = new WeakMap<PassageSlots, Norms>();

export function lengthNorms(index: PassageSlots, avgLength: number): Float64Array {
  const slotCount = index.slotPassage.length;
  const { liveSlots, slotAlive, slotLength } = index;
  const hit = cache.get(index);
  if (hit && hit.slotCount === slotCount && hit.liveSlots === liveSlots && hit.avgLength === avgLength) return hit.norms;
  const norms = new Float64Array(slotCount);
  for (let slot = 0; slot < slotCount; slot++) norms[slot] = slotAlive[slot] ? K1 * (1 - B + (B * slotLength[slot]) / avgLength) : NaN;
  cache.set(index, { slotCount, liveSlots, avgLength, norms });
  return norms;
}
