// The retrieval seam: what a search returns and how a citation points into a document.
import type { Passage } from '../corpus/corpus-types.ts';

export interface Citation {
  docId: string;
  passageId: string;
  title: string;
  path: string;
}

export interface SearchHit {
  passage: Passage;
  score: number;
  citation: Citation;
}

export interface SearchOptions {
  limit?: number;
  /** Restrict to these documents. */
  docIds?: ReadonlySet<string>;
}

export interface Retriever {
  search(query: string, options?: SearchOptions): SearchHit[];
}
