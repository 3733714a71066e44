import type { Document, Passage } from '../corpus/corpus-types.ts';
import type { SourceRef } from '../engines/engine-types.ts';
import type { Citation } from '../retrieval/retrieval-types.ts';

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
