import type { Citation, Document, Passage, SourceRef } from './types.ts';

export function citationOf(doc: Document, passage: Passage | string): Citation {
  return { docId: doc.id, passageId: typeof passage === 'string' ? passage : passage.id, title: doc.title, path: doc.path };
}

export function sourceOf(doc: Document): SourceRef {
  const ref: SourceRef = { docId: doc.id, title: doc.title, path: doc.path, date: doc.date };
  // Feed articles name their outlet and link; files keep the shape they always had.
  if (doc.source) ref.outlet = doc.source;
  if (doc.url) ref.url = doc.url;
  return ref;
}
