// BM25 over passages (MiniSearch). Kept in step with the corpus incrementally: a changed file
// re-indexes only its own passages, so a watcher event on a 10k-document corpus stays cheap.
import MiniSearch from 'minisearch';
import type { CorpusSnapshot, Passage, Retriever, SearchHit, SearchOptions } from '../core/types.ts';
import { normalizeAbbreviations, processTerm } from './terms.ts';

interface IndexedPassage {
  id: string;
  docId: string;
  title: string;
  text: string;
}

export interface PassageIndex extends Retriever {
  /** Brings the index in line with a new snapshot (adds and removes whole documents). */
  update(snapshot: CorpusSnapshot): void;
  /** Number of documents containing a term (after normalisation), for IDF-weighted checks. */
  documentFrequency(term: string): number;
  readonly passageCount: number;
  readonly documentCount: number;
}

const TOKENIZE = /[\s\p{P}\p{S}]+/u;

export function createPassageIndex(initial: CorpusSnapshot): PassageIndex {
  const mini = new MiniSearch<IndexedPassage>({
    fields: ['text', 'title'],
    storeFields: ['docId'],
    tokenize: (text) => normalizeAbbreviations(text).split(TOKENIZE),
    processTerm: (term) => processTerm(term) ?? null,
    searchOptions: { boost: { title: 0.5 }, combineWith: 'OR' },
  });
  let snapshot = initial;
  const indexedDocs = new Map<string, string[]>(); // docId → passage ids
  const docFreq = new Map<string, number>();

  const add = (docId: string) => {
    const doc = snapshot.getDocument(docId)!;
    mini.addAll(doc.passages.map((p) => ({ id: p.id, docId, title: doc.title, text: p.text })));
    indexedDocs.set(docId, doc.passages.map((p) => p.id));
    for (const term of docTerms(doc.passages, doc.title)) docFreq.set(term, (docFreq.get(term) ?? 0) + 1);
  };
  const remove = (docId: string, previous: CorpusSnapshot) => {
    for (const id of indexedDocs.get(docId) ?? []) mini.discard(id);
    indexedDocs.delete(docId);
    const doc = previous.getDocument(docId);
    if (doc) for (const term of docTerms(doc.passages, doc.title)) docFreq.set(term, (docFreq.get(term) ?? 1) - 1);
  };

  for (const doc of initial.documents) add(doc.id);

  return {
    update(next) {
      const previous = snapshot;
      snapshot = next;
      const nextIds = new Set(next.documents.map((d) => d.id));
      for (const id of [...indexedDocs.keys()]) if (!nextIds.has(id)) remove(id, previous);
      for (const id of nextIds) if (!indexedDocs.has(id)) add(id);
    },
    search(query: string, options: SearchOptions = {}): SearchHit[] {
      const limit = options.limit ?? 10;
      const docIds = options.docIds;
      const results = docIds ? mini.search(query, { filter: (r) => docIds.has(r.docId as string) }) : mini.search(query);
      const hits: SearchHit[] = [];
      for (const r of results) {
        const passage = snapshot.getPassage(r.id as string);
        if (!passage) continue;
        const doc = snapshot.getDocument(passage.docId)!;
        hits.push({ passage, score: r.score, citation: { docId: doc.id, passageId: passage.id, title: doc.title, path: doc.path } });
        if (hits.length >= limit) break;
      }
      return hits;
    },
    documentFrequency: (term) => docFreq.get(term) ?? 0,
    get passageCount() { return mini.documentCount; },
    get documentCount() { return indexedDocs.size; },
  };
}

function docTerms(passages: readonly Passage[], title: string): Set<string> {
  const set = new Set<string>();
  const add = (text: string) => {
    for (const raw of normalizeAbbreviations(text).split(TOKENIZE)) {
      const t = processTerm(raw);
      if (t) set.add(t);
    }
  };
  add(title);
  for (const p of passages) add(p.text);
  return set;
}
