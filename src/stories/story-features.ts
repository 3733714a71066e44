// What clustering reads of an article: its title and lead (the first paragraphs, where news
// states the event), as stemmed terms, the names in them, word shingles for copy detection and
// its publication time. Everything after this works on small integer ids, so 10k articles
// compare in well under a second.
import type { Document } from '../corpus/corpus-types.ts';
import { CALENDAR_WORDS } from '../corpus/names.ts';
import { terms, words } from '../retrieval/terms.ts';

export interface StoryFeatures {
  index: number;
  doc: Document;
  /** Milliseconds since the epoch, or null when the document has no date. */
  time: number | null;
  /** Term ids with their counts (title terms count twice: a headline names the event). */
  counts: Map<number, number>;
  /** Term ids of names (people, organisations, places) in the title and lead. */
  entities: Set<number>;
  /** 32-bit hashes of the lead's three-word shingles. */
  shingles: Uint32Array;
}

/** How much of an article is its lead: enough for the event, not its background. */
const LEAD_PARAGRAPHS = 2;
const LEAD_WORDS = 90;
const CAPITALISED = /\p{Lu}[\p{L}\p{M}'’-]*/gu;
const SENTENCE_END = /(?:^|[.!?:]["”’)]?\s+|\n\s*)$/u;

export function leadText(doc: Document): string {
  const paragraphs: string[] = [];
  let count = 0;
  for (const p of doc.passages.slice(0, LEAD_PARAGRAPHS + 1)) {
    if (count >= LEAD_WORDS) break;
    const w = p.text.split(/\s+/).filter(Boolean);
    paragraphs.push(w.slice(0, LEAD_WORDS - count).join(' '));
    count += w.length;
  }
  return paragraphs.join('\n');
}

/**
 * The opening words whatever the paragraphs: a copy that adds a boilerplate paragraph keeps
 * almost all of them, while a lead cut at two paragraphs would lose one to the boilerplate.
 */
const COPY_WORDS = 120;

function copyWindow(doc: Document): string {
  const out: string[] = [];
  for (const p of doc.passages) {
    for (const w of p.text.split(/\s+/)) {
      if (!w) continue;
      out.push(w);
      if (out.length >= COPY_WORDS) return out.join(' ');
    }
  }
  return out.join(' ');
}

export function createTermIds(): (term: string) => number {
  const ids = new Map<string, number>();
  return (term) => {
    let id = ids.get(term);
    if (id === undefined) {
      id = ids.size;
      ids.set(term, id);
    }
    return id;
  };
}

export function storyFeatures(doc: Document, index: number, termId: (term: string) => number): StoryFeatures {
  const lead = leadText(doc);
  const counts = new Map<number, number>();
  const add = (t: string, n: number) => {
    const id = termId(t);
    counts.set(id, (counts.get(id) ?? 0) + n);
  };
  for (const t of terms(doc.title)) add(t, 2);
  for (const t of terms(lead)) add(t, 1);
  const entities = new Set<number>();
  // A Title Case headline capitalises every word; only a sentence-case one marks its names.
  const names = titleCased(doc.title) ? nameTerms(lead) : [...nameTerms(doc.title), ...nameTerms(lead)];
  for (const t of names) entities.add(termId(t));
  const time = doc.date ? Date.parse(doc.date) : NaN;
  return { index, doc, time: Number.isFinite(time) ? time : null, counts, entities, shingles: shingleHashes(`${doc.title}\n${copyWindow(doc)}`) };
}

/** Capitalised words that do not open a sentence, as terms: a cheap, fast stand-in for NER. */
export function nameTerms(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(CAPITALISED)) {
    if (m[0].length < 2 || SENTENCE_END.test(text.slice(Math.max(0, m.index - 4), m.index))) continue;
    if (CALENDAR_WORDS.has(m[0].toLowerCase())) continue;
    for (const t of terms(m[0])) out.push(t);
  }
  return out;
}

function titleCased(title: string): boolean {
  const long = title.split(/\s+/).filter((w) => w.length > 3);
  return long.length >= 2 && long.filter((w) => /^\p{Lu}/u.test(w)).length >= 0.7 * long.length;
}

/** FNV-1a hashes of each run of three lowercase words; case and punctuation changes leave them alone. */
export function shingleHashes(text: string): Uint32Array {
  const w = words(text);
  const out = new Set<number>();
  for (let i = 0; i + 2 < w.length || (i === 0 && w.length); i++) {
    let h = 0x811c9dc5;
    const s = w.slice(i, i + 3).join(' ');
    for (let k = 0; k < s.length; k++) {
      h ^= s.charCodeAt(k);
      h = Math.imul(h, 0x01000193);
    }
    out.add(h >>> 0);
  }
  return Uint32Array.from(out);
}
