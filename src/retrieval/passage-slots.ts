// The index's memory: one slot per passage (its id, document, length and whether it is still
// live) and one posting list per term. Documents are added and tombstoned whole.
import type { CorpusSnapshot } from '../corpus/corpus-types.ts';
import { acronymTerms } from './acronyms.ts';
import { emptyPostings, push, type Postings } from './postings.ts';
import { tokenTerms } from './token-terms.ts';

/** Title words count, but less than the passage's own words. */
const TITLE_WEIGHT = 0.5;

export interface PassageSlots {
  postings: Map<string, Postings>;
  /** slot → passage id */
  slotPassage: string[];
  slotDoc: string[];
  slotLength: number[];
  slotAlive: boolean[];
  liveSlots: number;
  totalLength: number;
  docSlots: Map<string, number[]>;
  docFreq: Map<string, number>;
  docTermSets: Map<string, string[]>;
}

export function emptySlots(): PassageSlots {
  return {
    postings: new Map(), slotPassage: [], slotDoc: [], slotLength: [], slotAlive: [], liveSlots: 0, totalLength: 0,
    docSlots: new Map(), docFreq: new Map(), docTermSets: new Map(),
  };
}

/** Appends a document's passages to the index. */
export function addDocument(index: PassageSlots, snapshot: CorpusSnapshot, docId: string): void {
  const { postings, docSlots, docFreq, docTermSets } = index;
  const doc = snapshot.getDocument(docId);
  if (!doc) return;
  const titleTerms = tokenTerms(doc.title);
  const seen = new Set<string>(titleTerms);
  const slots: number[] = [];
  for (const passage of doc.passages) {
    const slot = index.slotPassage.length;
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
      if (!p) postings.set(term, (p = emptyPostings()));
      push(p, slot, count, length);
      p.live++;
    }
    index.slotPassage.push(passage.id);
    index.slotDoc.push(docId);
    index.slotLength.push(length);
    index.slotAlive.push(true);
    index.liveSlots++;
    index.totalLength += length;
    slots.push(slot);
  }
  docSlots.set(docId, slots);
  const terms = [...seen];
  docTermSets.set(docId, terms);
  for (const t of terms) docFreq.set(t, (docFreq.get(t) ?? 0) + 1);
}

/** Tombstones a document's passages; `previous` is the snapshot that still has it. */
export function removeDocument(index: PassageSlots, previous: CorpusSnapshot, docId: string): void {
  const { postings, slotAlive, docSlots, docFreq, docTermSets } = index;
  const slots = docSlots.get(docId) ?? [];
  const doc = previous.getDocument(docId);
  for (const slot of slots) {
    if (!slotAlive[slot]) continue;
    slotAlive[slot] = false;
    index.liveSlots--;
    index.totalLength -= index.slotLength[slot];
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
