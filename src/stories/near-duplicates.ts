// Syndicated copies: MinHash signatures of the lead's shingles, bucketed by band (LSH), so only
// articles that share a band are compared — near-linear in the number of articles. A pair is a
// copy when its estimated shingle Jaccard reaches the threshold.
import type { StoryFeatures } from './story-features.ts';

const HASHES = 48;
const ROWS = 4;
const SEEDS = Uint32Array.from({ length: HASHES }, (_, i) => mix(0x9e3779b9 ^ Math.imul(i + 1, 0x85ebca6b)));

function mix(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

export function minHash(shingles: Uint32Array): Uint32Array {
  const sig = new Uint32Array(HASHES).fill(0xffffffff);
  for (const s of shingles) {
    for (let i = 0; i < HASHES; i++) {
      const h = mix(s ^ SEEDS[i]);
      if (h < sig[i]) sig[i] = h;
    }
  }
  return sig;
}

export function estimatedJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < HASHES; i++) if (a[i] === b[i]) same++;
  return same / HASHES;
}

/** Pairs [i, j] (i < j, by feature index) whose leads are near-duplicates, in a stable order. */
export function nearDuplicatePairs(features: readonly StoryFeatures[], threshold: number, allowed: (a: StoryFeatures, b: StoryFeatures) => boolean): Array<[number, number]> {
  const signatures = features.map((f) => (f.shingles.length ? minHash(f.shingles) : null));
  const buckets = new Map<string, number[]>();
  const seen = new Set<number>();
  const pairs: Array<[number, number]> = [];
  for (let band = 0; band < HASHES / ROWS; band++) {
    buckets.clear();
    for (let i = 0; i < features.length; i++) {
      const sig = signatures[i];
      if (!sig) continue;
      let key = `${band}`;
      for (let r = 0; r < ROWS; r++) key += `:${sig[band * ROWS + r]}`;
      const list = buckets.get(key);
      if (list) list.push(i);
      else buckets.set(key, [i]);
    }
    for (const list of buckets.values()) {
      for (let x = 0; x < list.length; x++) {
        for (let y = x + 1; y < list.length; y++) {
          const i = list[x];
          const j = list[y];
          const key = i * features.length + j;
          if (seen.has(key)) continue;
          seen.add(key);
          if (estimatedJaccard(signatures[i]!, signatures[j]!) >= threshold && allowed(features[i], features[j])) pairs.push([i, j]);
        }
      }
    }
  }
  return pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}
