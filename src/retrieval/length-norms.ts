// BM25's length normalisation per slot, K1 · (1 − B + B · length / avgLength), computed once per
// average length rather than once per posting. Dead slots get NaN so anything scored with
// them is never ranked.
import { B, K1 } from './bm25.ts';
import type { PassageSlots } from './passage-slots.ts';

// Slots are only appended and only die, so an index, its slot count and its live count
// together name one state of it.
let cached: { index: PassageSlots; slotCount: number; liveSlots: number; avgLength: number; norms: Float64Array } | undefined;

export function lengthNorms(index: PassageSlots, avgLength: number): Float64Array {
  const slotCount = index.slotPassage.length;
  if (cached && cached.index === index && cached.slotCount === slotCount && cached.liveSlots === index.liveSlots && cached.avgLength === avgLength) return cached.norms;
  const norms = new Float64Array(slotCount);
  const { slotAlive, slotLength } = index;
  for (let slot = 0; slot < slotCount; slot++) norms[slot] = slotAlive[slot] ? K1 * (1 - B + (B * slotLength[slot]) / avgLength) : NaN;
  cached = { index, slotCount, liveSlots: index.liveSlots, avgLength, norms };
  return norms;
}
