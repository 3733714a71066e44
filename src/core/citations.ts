import type { Citation, Document, Passage, SourceRef } from './types.ts';

export function citationOf(doc: Document, passage: Passage | string): Citation {
  return { docId: doc.id, passageId: typeof passage === 'string' ? passage : passage.id, title: doc.title, path: doc.path };
}

export function sourceOf(doc: Document): SourceRef {
  return { docId: doc.id, title: doc.title, path: doc.path, date: doc.date };
}
