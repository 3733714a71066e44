// BM25 over passages with flat posting arrays. MiniSearch (the first choice) took 13.6 s to
// index 10k articles and ~300 ms per query at 80k passages, because common terms have posting
// lists of tens of thousands of objects; parallel number arrays and one score buffer make the
// same work a few milliseconds. Kept in step with the corpus incrementally: a changed file
// tombstones its old passages and appends the new ones; tombstones are compacted when they
// pile up.
import type { CorpusSnapshot } from '../corpus/corpus-types.ts';
import type { Retriever, SearchHit, SearchOptions } from './retrieval-types.ts';
import { acronymTerms } from './acronyms.ts';
import { normalizeAbbreviations, processTerm } from './terms.ts';

export interface PassageIndex extends Retriever {
  /** Brings the index in line with a new snapshot (adds and removes whole documents). */
  update(snapshot: CorpusSnapshot): void;
  /** Number of documents containing a term (after normalisation), for IDF-weighted checks. */
  documentFrequency(term: string): number;
  readonly passageCount: number;
  readonly documentCount: number;
}

const K1 = 1.2;
const B = 0.75;
/** Title words count, but less than the passage's own words. */
const TITLE_WEIGHT = 0.5;
const TOKENIZE = /[\s\p{P}\p{S}]+/u;

/**
 * One term's postings. Rare terms (most of a news vocabulary) stay small plain arrays; common
 * ones move to typed arrays, 4 bytes an entry instead of 8 and outside the V8 heap, so growing
 * them does not leave old-space garbage behind (it was most of the index's memory).
 */
interface Postings {
  slots: number[] | Int32Array;
  tfs: number[] | Float32Array;
  size: number;
  /** Live postings (df for BM25's idf). */
  live: number;
}

const TYPED_FROM = 64;

function push(p: Postings, slot: number, tf: number): void {
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

// News vocabulary is Zipfian: a few thousand words make up most tokens, so normalising each
// distinct raw token once (and remembering it) is most of the indexing speed.
const termCache = new Map<string, string | null>();
const TERM_CACHE_LIMIT = 500_000;

export function tokenTerms(text: string): string[] {
  const out: string[] = [];
  for (const raw of normalizeAbbreviations(text).split(TOKENIZE)) {
    if (!raw) continue;
    let term = termCache.get(raw);
    if (term === undefined) {
      term = processTerm(raw);
      if (termCache.size < TERM_CACHE_LIMIT) termCache.set(raw, term);
    }
    if (term) out.push(term);
  }
  return out;
}

export function createPassageIndex(initial: CorpusSnapshot): PassageIndex {
  let snapshot = initial;
  let postings = new Map<string, Postings>();
  let slotPassage: string[] = []; // slot → passage id
  let slotDoc: string[] = [];
  let slotLength: number[] = [];
  let slotAlive: boolean[] = [];
  let liveSlots = 0;
  let totalLength = 0;
  const docSlots = new Map<string, number[]>();
  const docFreq = new Map<string, number>();
  const docTermSets = new Map<string, string[]>();

  function add(docId: string): void {
    const doc = snapshot.getDocument(docId);
    if (!doc) return;
    const titleTerms = tokenTerms(doc.title);
    const seen = new Set<string>(titleTerms);
    const slots: number[] = [];
    for (const passage of doc.passages) {
      const slot = slotPassage.length;
      const tf = new Map<string, number>();
      const words = tokenTerms(passage.text);
      for (const t of words) {
        tf.set(t, (tf.get(t) ?? 0) + 1);
        seen.add(t);
      }
      // "PMI" finds "Purchasing Managers' Index".
      for (const t of acronymTerms(passage.text)) {
        tf.set(t, (tf.get(t) ?? 0) + 1);
        seen.add(t);
      }
      for (const t of titleTerms) tf.set(t, (tf.get(t) ?? 0) + TITLE_WEIGHT);
      const length = words.length + TITLE_WEIGHT * titleTerms.length;
      for (const [term, count] of tf) {
        let p = postings.get(term);
        if (!p) postings.set(term, (p = { slots: [], tfs: [], size: 0, live: 0 }));
        push(p, slot, count);
        p.live++;
      }
      slotPassage.push(passage.id);
      slotDoc.push(docId);
      slotLength.push(length);
      slotAlive.push(true);
      liveSlots++;
      totalLength += length;
      slots.push(slot);
    }
    docSlots.set(docId, slots);
    const terms = [...seen];
    docTermSets.set(docId, terms);
    for (const t of terms) docFreq.set(t, (docFreq.get(t) ?? 0) + 1);
  }

  function remove(docId: string, previous: CorpusSnapshot): void {
    const slots = docSlots.get(docId) ?? [];
    const doc = previous.getDocument(docId);
    for (const slot of slots) {
      if (!slotAlive[slot]) continue;
      slotAlive[slot] = false;
      liveSlots--;
      totalLength -= slotLength[slot];
    }
    // Only the terms this document used lose a live posting.
    if (doc) {
      for (const passage of doc.passages) {
        for (const t of new Set([...tokenTerms(passage.text), ...acronymTerms(passage.text), ...tokenTerms(doc.title)])) {
          const p = postings.get(t);
          if (p) p.live--;
        }
      }
    }
    for (const t of docTermSets.get(docId) ?? []) {
      const n = (docFreq.get(t) ?? 1) - 1;
      if (n > 0) docFreq.set(t, n);
      else docFreq.delete(t);
    }
    docSlots.delete(docId);
    docTermSets.delete(docId);
  }

  function rebuild(): void {
    postings = new Map();
    slotPassage = [];
    slotDoc = [];
    slotLength = [];
    slotAlive = [];
    liveSlots = 0;
    totalLength = 0;
    docSlots.clear();
    docFreq.clear();
    docTermSets.clear();
    for (const doc of snapshot.documents) add(doc.id);
  }

  rebuild();
  let scores = new Float64Array(0);

  return {
    update(next) {
      const previous = snapshot;
      snapshot = next;
      const nextIds = new Set(next.documents.map((d) => d.id));
      for (const id of [...docSlots.keys()]) if (!nextIds.has(id)) remove(id, previous);
      for (const id of nextIds) if (!docSlots.has(id)) add(id);
      if (slotPassage.length > 1000 && liveSlots < slotPassage.length / 2) rebuild();
    },

    search(query: string, options: SearchOptions = {}): SearchHit[] {
      const limit = options.limit ?? 10;
      const terms = [...new Set(tokenTerms(query))];
      if (!terms.length || !liveSlots) return [];
      if (scores.length < slotPassage.length) scores = new Float64Array(slotPassage.length * 2);
      const touched: number[] = [];
      const avgLength = totalLength / liveSlots || 1;
      const filter = options.docIds;
      for (const term of terms) {
        const p = postings.get(term);
        if (!p || p.live <= 0) continue;
        const idf = Math.log(1 + (liveSlots - p.live + 0.5) / (p.live + 0.5));
        const { slots, tfs, size } = p;
        for (let i = 0; i < size; i++) {
          const slot = slots[i];
          if (!slotAlive[slot] || (filter && !filter.has(slotDoc[slot]))) continue;
          const tf = tfs[i];
          const s = idf * (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * slotLength[slot]) / avgLength));
          if (scores[slot] === 0) touched.push(slot);
          scores[slot] += s;
        }
      }
      const best = topK(touched, scores, limit);
      for (const slot of touched) scores[slot] = 0;
      const hits: SearchHit[] = [];
      for (const { slot, score } of best) {
        const passage = snapshot.getPassage(slotPassage[slot]);
        if (!passage) continue;
        const doc = snapshot.getDocument(passage.docId)!;
        hits.push({ passage, score, citation: { docId: doc.id, passageId: passage.id, title: doc.title, path: doc.path } });
      }
      return hits;
    },

    documentFrequency: (term) => docFreq.get(term) ?? 0,
    get passageCount() { return liveSlots; },
    get documentCount() { return docSlots.size; },
  };
}

/** The k best slots, best first; ties broken by slot order so results are deterministic. */
function topK(slots: number[], scores: Float64Array, k: number): Array<{ slot: number; score: number }> {
  const heap: Array<{ slot: number; score: number }> = [];
  const worse = (a: { slot: number; score: number }, b: { slot: number; score: number }) => a.score < b.score || (a.score === b.score && a.slot > b.slot);
  for (const slot of slots) {
    const item = { slot, score: scores[slot] };
    if (heap.length < k) {
      heap.push(item);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!worse(heap[i], heap[parent])) break;
        [heap[i], heap[parent]] = [heap[parent], heap[i]];
        i = parent;
      }
    } else if (worse(heap[0], item)) {
      heap[0] = item;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && worse(heap[l], heap[m])) m = l;
        if (r < heap.length && worse(heap[r], heap[m])) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
  }
  return heap.sort((a, b) => b.score - a.score || a.slot - b.slot);
}

