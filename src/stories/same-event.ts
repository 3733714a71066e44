// Same-event pairs: IDF-weighted cosine of title+lead terms, with names counted extra and at
// least one shared name required unless the wording alone is very close. Candidates come from
// an inverted index over the rarer terms (a word in every other article finds nothing worth
// comparing), so the work grows with real overlaps, not with n².
import type { StoryFeatures } from './story-features.ts';

export interface Vector {
  ids: Int32Array;
  weights: Float64Array;
}

export interface SameEventOptions {
  /** Cosine at which two articles with a shared name are the same event. */
  threshold: number;
  /** Cosine at which they are, shared name or not. */
  strongThreshold: number;
  /** The part of the cosine that words other than names must carry: a shared name is not a shared event. */
  eventWords: number;
  allowed(a: StoryFeatures, b: StoryFeatures): boolean;
}

export interface ScoredPair {
  i: number;
  j: number;
  score: number;
}

/** Names weigh more than other words: the same people and places make the same event. */
const ENTITY_BOOST = 1.5;
/** Small sets are not a collection to learn rarity from: IDF is taken as if over at least this many. */
const MIN_COLLECTION = 100;

export function weightVectors(features: readonly StoryFeatures[]): { vectors: Vector[]; df: Map<number, number> } {
  const df = new Map<number, number>();
  for (const f of features) for (const id of f.counts.keys()) df.set(id, (df.get(id) ?? 0) + 1);
  const n = Math.max(features.length, MIN_COLLECTION);
  const vectors = features.map((f) => {
    const ids = Int32Array.from([...f.counts.keys()].sort((a, b) => a - b));
    const weights = new Float64Array(ids.length);
    let norm = 0;
    ids.forEach((id, k) => {
      const w = (1 + Math.log(f.counts.get(id)!)) * Math.log(1 + n / df.get(id)!) * (f.entities.has(id) ? ENTITY_BOOST : 1);
      weights[k] = w;
      norm += w * w;
    });
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < weights.length; k++) weights[k] /= norm;
    return { ids, weights };
  });
  return { vectors, df };
}

export function cosine(a: Vector, b: Vector, skip?: (id: number) => boolean): number {
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < a.ids.length && j < b.ids.length) {
    if (a.ids[i] === b.ids[j]) {
      if (!skip?.(a.ids[i])) dot += a.weights[i] * b.weights[j];
      i++;
      j++;
    } else if (a.ids[i] < b.ids[j]) i++;
    else j++;
  }
  return dot;
}

function sharesEntity(a: StoryFeatures, b: StoryFeatures): boolean {
  const [small, large] = a.entities.size <= b.entities.size ? [a.entities, b.entities] : [b.entities, a.entities];
  for (const e of small) if (large.has(e)) return true;
  return false;
}

export function sameEventPairs(features: readonly StoryFeatures[], vectors: readonly Vector[], df: ReadonlyMap<number, number>, options: SameEventOptions): ScoredPair[] {
  const n = features.length;
  // Terms in more articles than this only add noise to candidate generation (their IDF is low
  // anyway); the cosine of a candidate is then computed over all its terms.
  const maxDf = Math.max(20, Math.ceil(n * 0.005));
  const postings = new Map<number, number[]>();
  vectors.forEach((v, i) => {
    for (const id of v.ids) {
      if (df.get(id)! > maxDf) continue;
      const list = postings.get(id);
      if (list) list.push(i);
      else postings.set(id, [i]);
    }
  });
  const partial = new Float64Array(n);
  const touched: number[] = [];
  const pairs: ScoredPair[] = [];
  for (let i = 0; i < n; i++) {
    const v = vectors[i];
    for (let k = 0; k < v.ids.length; k++) {
      const list = postings.get(v.ids[k]);
      if (!list) continue;
      for (const j of list) {
        if (j <= i) continue;
        if (partial[j] === 0) touched.push(j);
        partial[j] += v.weights[k];
      }
    }
    for (const j of touched) {
      // Rare terms alone must already say something before the full cosine is worth computing.
      if (partial[j] >= 0.1) {
        const score = cosine(v, vectors[j]);
        const a = features[i];
        const b = features[j];
        if ((score >= options.strongThreshold || (score >= options.threshold && sharesEntity(a, b))) && options.allowed(a, b)) {
          const what = cosine(v, vectors[j], (id) => a.entities.has(id) || b.entities.has(id));
          if (what >= options.eventWords) pairs.push({ i, j, score });
        }
      }
      partial[j] = 0;
    }
    touched.length = 0;
  }
  return pairs;
}
