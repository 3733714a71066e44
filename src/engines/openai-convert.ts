import type { CorpusSnapshot, Document, Passage } from '../corpus/corpus-types.ts';
import type { Citation, SearchHit } from '../retrieval/retrieval-types.ts';
import type { BriefBullet, BriefQuote, SourceRef } from './engine-types.ts';
import { sourceOf } from '../core/citations.ts';
import { attributionsFor, normalizeText, quoteCore, speakerMatches } from './grounding.ts';
import type { NotesOutput, QuoteOutput } from './schemas.ts';

// From the model's passage ids to types.ts data. Ids the model made up are kept as citations
// with no title so the grounding check can see (and count) them instead of them vanishing here.

/** Models sometimes echo the brackets or pad the id: "[a1b2.3] " → "a1b2.3". */
export function cleanId(raw: string): string {
  return raw.trim().replace(/^\[+/, '').replace(/\]+$/, '').trim();
}

export interface PassageIndex {
  citation(id: string): Citation;
  has(id: string): boolean;
  document(docId: string): Document | undefined;
  /** A snapshot over just these documents/passages, for the grounding check. */
  snapshot: CorpusSnapshot;
  ids: ReadonlySet<string>;
}

export function indexDocuments(documents: readonly Document[]): PassageIndex {
  const docs = new Map(documents.map((d) => [d.id, d]));
  const passages = new Map<string, Passage>();
  for (const doc of documents) for (const p of doc.passages) passages.set(p.id, p);
  return makeIndex(docs, passages, (p) => {
    const doc = docs.get(p.docId);
    return { docId: p.docId, passageId: p.id, title: doc?.title ?? '', path: doc?.path ?? '' };
  });
}

export function indexHits(hits: readonly SearchHit[]): PassageIndex {
  const passages = new Map<string, Passage>();
  const citations = new Map<string, Citation>();
  for (const hit of hits) {
    passages.set(hit.passage.id, hit.passage);
    citations.set(hit.passage.id, hit.citation);
  }
  return makeIndex(new Map(), passages, (p) => citations.get(p.id)!);
}

function makeIndex(docs: Map<string, Document>, passages: Map<string, Passage>, cite: (p: Passage) => Citation): PassageIndex {
  const ids = new Set(passages.keys());
  return {
    ids,
    has: (id) => passages.has(cleanId(id)),
    document: (docId) => docs.get(docId),
    citation(raw) {
      const id = cleanId(raw);
      const passage = passages.get(id);
      if (passage) return cite(passage);
      const dot = id.lastIndexOf('.');
      return { docId: dot > 0 ? id.slice(0, dot) : '', passageId: id, title: '', path: '' };
    },
    snapshot: {
      version: 0,
      documents: [...docs.values()],
      getDocument: (id) => docs.get(id),
      getPassage: (id) => passages.get(id),
    },
  };
}

export function toBullets(items: ReadonlyArray<{ text: string; citations: string[] }>, index: PassageIndex): BriefBullet[] {
  return items.map((item) => ({
    text: item.text.trim(),
    citations: item.citations.map((id) => index.citation(id)),
  }));
}

export function toQuotes(items: readonly QuoteOutput[], index: PassageIndex): BriefQuote[] {
  return items.map((item) => {
    const citation = index.citation(item.citation);
    return { text: stripMarks(item.text), speaker: item.speaker.trim(), role: roleFor(item, citation, index), citation };
  });
}

/** The role the corpus gives this speaker for these words (e.g. "Kremlin spokesman"). */
function roleFor(item: QuoteOutput, citation: Citation, index: PassageIndex): string | null {
  const doc = index.document(citation.docId);
  if (!doc) return null;
  const match = attributionsFor(doc, quoteCore(item.text)).find((q) => q.speaker && q.role && speakerMatches(item.speaker, q.speaker));
  return match?.role ?? null;
}

function stripMarks(text: string): string {
  return text.trim().replace(/^["“”'‘’«»]+/, '').replace(/["“”'‘’«»]+$/, '').trim();
}

export function sourcesOf(documents: readonly Document[]): SourceRef[] {
  return documents.map(sourceOf);
}

/**
 * Map-step notes kept for the reduce prompt and the cache: ids cleaned and limited to this
 * document's passages, quotes only when verbatim in the document and not misattributed.
 * Cheaper to drop them here than to let the reduce step build on them.
 */
export function sanitizeNotes(doc: Document, notes: NotesOutput): NotesOutput {
  const own = new Set(doc.passages.map((p) => p.id));
  const cleaned = notes.notes
    .map((n) => ({ text: n.text.trim(), citations: [...new Set(n.citations.map(cleanId))].filter((id) => own.has(id)) }))
    .filter((n) => n.text && n.citations.length);
  const quotes: NotesOutput['quotes'] = [];
  for (const q of notes.quotes) {
    const words = quoteCore(q.text);
    if (!words) continue;
    const holder = doc.passages.find((p) => normalizeText(p.text).includes(words));
    if (!holder) continue;
    const named = attributionsFor(doc, words).filter((a) => a.speaker);
    if (named.length && !named.some((a) => speakerMatches(q.speaker, a.speaker!))) continue;
    quotes.push({ text: stripMarks(q.text), speaker: q.speaker.trim(), citation: holder.id });
  }
  return { notes: cleaned, quotes };
}
