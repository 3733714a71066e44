// Citation markers shared by every renderer: sources are numbered 1..n in the brief's order (then
// any cited document the list lacks), and a bullet shows the numbers of the documents it cites.
// One numbering everywhere, so `[2]` means the same source on Slack, Discord and the console.
import type { Brief, SourceRef } from '../engines/engine-types.ts';
import type { Citation } from '../retrieval/retrieval-types.ts';

export interface NumberedSource {
  n: number;
  docId: string;
  title: string;
  path: string;
  date: string | null;
  /** Passages of this source that the reply cites, in first-cited order. */
  passageIds: string[];
}

export interface SourceNumbers {
  list: NumberedSource[];
  number(citation: Citation): number;
  /** `[1][3]` for a set of citations (each document once, ascending). */
  marks(citations: readonly Citation[]): string;
}

export function numberSources(sources: readonly SourceRef[], citations: readonly Citation[]): SourceNumbers {
  const list: NumberedSource[] = [];
  const byDoc = new Map<string, NumberedSource>();
  const add = (s: { docId: string; title: string; path: string; date?: string | null }) => {
    let entry = byDoc.get(s.docId);
    if (!entry) {
      entry = { n: list.length + 1, docId: s.docId, title: s.title, path: s.path, date: s.date ?? null, passageIds: [] };
      byDoc.set(s.docId, entry);
      list.push(entry);
    }
    return entry;
  };
  sources.forEach(add);
  for (const c of citations) {
    const entry = add(c);
    if (!entry.passageIds.includes(c.passageId)) entry.passageIds.push(c.passageId);
  }
  const number = (c: Citation) => add(c).n;
  return {
    list,
    number,
    marks: (cs) => [...new Set(cs.map(number))].sort((a, b) => a - b).map((n) => `[${n}]`).join(''),
  };
}

export function briefCitations(brief: Brief): Citation[] {
  return [...brief.bullets.flatMap((b) => b.citations), ...brief.quotes.map((q) => q.citation)];
}
