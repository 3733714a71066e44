// A term's posting list: which passage slots hold it and how often.

/**
 * One term's postings. Rare terms (most of a news vocabulary) stay small plain arrays; common
 * ones move to typed arrays, 4 bytes an entry instead of 8 and outside the V8 heap, so growing
 * them does not leave old-space garbage behind (it was most of the index's memory).
 */
export interface Postings {
  slots: number[] | Int32Array;
  tfs: number[] | Float32Array;
  size: number;
  /** Live postings (df for BM25's idf). */
  live: number;
  /**
   * The largest tf and the shortest passage among the postings, for the bound on what the term
   * can add to a score. Removals leave them as they are: still a bound, if a looser one.
   */
  maxTf: number;
  minLength: number;
}

export function emptyPostings(): Postings {
  return { slots: [], tfs: [], size: 0, live: 0, maxTf: 0, minLength: Infinity };
}

const TYPED_FROM = 64;

export function push(p: Postings, slot: number, tf: number, length: number): void {
  if (tf > p.maxTf) p.maxTf = tf;
  if (length < p.minLength) p.minLength = length;
  if (Array.isArray(p.slots)) {
    (p.slots as number[]).push(slot);
    (p.tfs as number[]).push(tf);
    p.size++;
    if (p.size >= TYPED_FROM) {
      p.slots = Int32Array.from(p.slots as number[]);
      p.tfs = Float32Array.from(p.tfs as number[]);
    }
    return;
  }
  if (p.size === p.slots.length) {
    const slots = new Int32Array(p.size * 2);
    slots.set(p.slots);
    const tfs = new Float32Array(p.size * 2);
    tfs.set(p.tfs as Float32Array);
    p.slots = slots;
    p.tfs = tfs;
  }
  p.slots[p.size] = slot;
  p.tfs[p.size] = tf;
  p.size++;
}
