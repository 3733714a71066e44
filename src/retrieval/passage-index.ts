// BM25 over passages with flat posting arrays. MiniSearch (the first choice) took 13.6 s to
// index 10k articles and ~300 ms per query at 80k passages, because common terms have posting
// lists of tens of thousands of objects; parallel number arrays made the same work a few
// milliseconds, and MaxScore pruning (max-score.ts) keeps it there as the corpus grows, since
// common terms' long lists need only be probed. Kept in step with the corpus incrementally: a
// changed file tombstones its old passages and appends the new ones; tombstones are compacted
// when they pile up.
import type { CorpusSnapshot } from '../corpus/corpus-types.ts';
import type { Retriever, SearchHit, SearchOptions } from './retrieval-types.ts';
import { queryTerms } from './bm25.ts';
import { addDocument, emptySlots, removeDocument } from './passage-slots.ts';
import { rankSlots } from './slot-ranking.ts';
import { tokenTerms } from './token-terms.ts';

export { tokenTerms };

export interface PassageIndex extends Retriever {
  /** Brings the index in line with a new snapshot (adds and removes whole documents). */
  update(snapshot: CorpusSnapshot): void;
  /** Number of documents containing a term (after normalisation), for IDF-weighted checks. */
  documentFrequency(term: string): number;
  readonly passageCount: number;
  readonly documentCount: number;
}

export function createPassageIndex(initial: CorpusSnapshot): PassageIndex {
  let snapshot = initial;
  let index = emptySlots();

  function rebuild(): void {
    index = emptySlots();
    for (const doc of snapshot.documents) addDocument(index, snapshot, doc.id);
  }

  rebuild();

  return {
    update(next) {
      const previous = snapshot;
      snapshot = next;
      const nextIds = new Set(next.documents.map((d) => d.id));
      for (const id of [...index.docSlots.keys()]) if (!nextIds.has(id)) removeDocument(index, previous, id);
      for (const id of nextIds) if (!index.docSlots.has(id)) addDocument(index, snapshot, id);
      if (index.slotPassage.length > 1000 && index.liveSlots < index.slotPassage.length / 2) rebuild();
    },

    search(query: string, options: SearchOptions = {}): SearchHit[] {
      const limit = options.limit ?? 10;
      const terms = [...new Set(tokenTerms(query))];
      const { postings, slotPassage, liveSlots, totalLength } = index;
      if (!terms.length || !liveSlots || limit <= 0) return [];
      const avgLength = totalLength / liveSlots || 1;
      // The heap is sized to k up front, so k must be a whole number no larger than what exists.
      const k = Math.min(Math.ceil(limit), liveSlots);
      const best = rankSlots(index, queryTerms(terms, postings, liveSlots, avgLength), avgLength, k, options.docIds).sorted();
      const hits: SearchHit[] = [];
      for (const { slot, score } of best) {
        const passage = snapshot.getPassage(slotPassage[slot]);
        if (!passage) continue;
        const doc = snapshot.getDocument(passage.docId)!;
        hits.push({ passage, score, citation: { docId: doc.id, passageId: passage.id, title: doc.title, path: doc.path } });
      }
      return hits;
    },

    documentFrequency: (term) => index.docFreq.get(term) ?? 0,
    get passageCount() { return index.liveSlots; },
    get documentCount() { return index.docSlots.size; },
  };
}
