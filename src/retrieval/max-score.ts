// Top-k by MaxScore (Turtle & Flood): passages are visited in slot order, but only those holding
// an "essential" term. Terms are ranked by the most they can add; once the k-th best score is
// above what the weakest terms together could give, a passage holding only those cannot get in,
// so they are merely probed for passages the essential ones bring up — and a probe stops as
// soon as the rest cannot lift the passage past the k-th score. The kept passages and their
// scores are exactly those of scoring every posting: nothing above the threshold is skipped.
import { termScore, type QueryTerm } from './bm25.ts';
import { advance } from './cursor.ts';
import { TopK } from './top-k.ts';

export interface SlotTable {
  slotAlive: ArrayLike<boolean>;
  slotLength: ArrayLike<number>;
}

// Bounds and running sums are added in a different order from the reported score, so they may
// round differently; a passage is only passed over when its bound is clearly below the k-th score.
const SAFE = 1 - 1e-12;
const NONE = 0x7fffffff;

export function maxScoreTopK(terms: QueryTerm[], table: SlotTable, avgLength: number, k: number, allowed?: Uint8Array): TopK {
  const top = new TopK(k);
  const { slotAlive, slotLength } = table;
  const byBound = [...terms].sort((a, b) => a.bound - b.bound);
  const n = byBound.length;
  const lists = byBound.map((t) => t.postings.slots);
  const tfs = byBound.map((t) => t.postings.tfs);
  const sizes = byBound.map((t) => t.postings.size);
  const idfs = byBound.map((t) => t.idf);
  const orders = byBound.map((t) => t.order);
  // upTo[i]: the most terms 0..i together can add.
  const upTo = new Float64Array(n);
  for (let i = 0, sum = 0; i < n; i++) upTo[i] = sum += byBound[i].bound;
  const pos = new Int32Array(n);
  const contrib = new Float64Array(n);
  let first = 0;
  let limit = -Infinity;
  for (;;) {
    let slot = NONE;
    for (let i = first; i < n; i++) if (pos[i] < sizes[i] && lists[i][pos[i]] < slot) slot = lists[i][pos[i]];
    if (slot === NONE) break;
    const wanted = slotAlive[slot] && (!allowed || allowed[slot] === 1);
    const length = slotLength[slot];
    let partial = 0;
    contrib.fill(0);
    for (let i = first; i < n; i++) {
      if (pos[i] >= sizes[i] || lists[i][pos[i]] !== slot) continue;
      if (wanted) partial += contrib[orders[i]] = termScore(idfs[i], tfs[i][pos[i]], length, avgLength);
      pos[i]++;
    }
    if (!wanted) continue;
    let i = first - 1;
    for (; i >= 0 && partial + upTo[i] >= limit; i--) {
      const p = (pos[i] = advance(lists[i], pos[i], sizes[i], slot));
      if (p < sizes[i] && lists[i][p] === slot) partial += contrib[orders[i]] = termScore(idfs[i], tfs[i][p], length, avgLength);
    }
    if (i >= 0) continue;
    let score = 0;
    for (let j = 0; j < n; j++) score += contrib[j];
    if (top.offer(slot, score) && top.full) {
      limit = top.threshold * SAFE;
      while (first < n && upTo[first] < limit) first++;
    }
  }
  return top;
}
