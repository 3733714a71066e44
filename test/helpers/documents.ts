// Builds corpus documents by hand for tests of the layers above the corpus.
import { createHash } from 'node:crypto';
import type { Corpus, CorpusSnapshot, Document, Quote } from '../../src/corpus/corpus-types.ts';
import { splitSentences } from '../../src/corpus/sentences.ts';

export interface DocSpec {
  title: string;
  paragraphs: string[];
  path?: string;
  date?: string;
  topics?: string[];
  quotes?: Array<{ text: string; speaker: string | null; role?: string | null; paragraph: number }>;
}

export function makeDocument(spec: DocSpec): Document {
  const text = spec.paragraphs.join('\n');
  const hash = createHash('sha256').update(`${spec.title}\n${text}`).digest('hex');
  const id = hash.slice(0, 12);
  const passages = spec.paragraphs.map((p, index) => ({ id: `${id}.${index}`, docId: id, index, text: p, sentences: splitSentences(p) }));
  const quotes: Quote[] = (spec.quotes ?? []).map((q) => ({ text: q.text, speaker: q.speaker, role: q.role ?? null, docId: id, passageId: `${id}.${q.paragraph}` }));
  return {
    id, hash, path: spec.path ?? `seeds/${id}.txt`, title: spec.title, date: spec.date ?? '2026-01-01T00:00:00.000Z',
    source: null, url: null, topics: spec.topics ?? [], text, passages, quotes,
  };
}

export function makeSnapshot(documents: Document[], version = 1): CorpusSnapshot {
  const docs = new Map(documents.map((d) => [d.id, d]));
  const passages = new Map(documents.flatMap((d) => d.passages.map((p) => [p.id, p] as const)));
  return { version, documents, getDocument: (id) => docs.get(id), getPassage: (id) => passages.get(id) };
}

/** A corpus whose documents tests can replace, with change notifications like the watcher's. */
export function makeCorpus(documents: Document[]): Corpus & { set(docs: Document[]): void } {
  let snapshot = makeSnapshot(documents);
  const listeners = new Set<(s: CorpusSnapshot) => void>();
  return {
    current: () => snapshot,
    warnings: () => [],
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {},
    set(docs) {
      snapshot = makeSnapshot(docs, snapshot.version + 1);
      for (const l of listeners) l(snapshot);
    },
  };
}

export const RUSSIA_DOC: DocSpec = {
  title: 'US and Russia enter a new phase',
  path: 'seeds/us-russia.txt',
  paragraphs: [
    'The United States and Russia are entering a new phase in their relationship under President Donald Trump. The administration is prioritising ties with Russia over traditional partners.',
    'US Secretary of State Marco Rubio and Russian Foreign Minister Sergey Lavrov led the first round of talks in Riyadh, Saudi Arabia. Ukraine was largely sidelined during these discussions.',
    '"The new administration is rapidly changing all foreign policy configurations. This largely coincides with our vision."\n— Dmitry Peskov, Kremlin spokesman',
    'Preparations for a second round of talks are already underway, possibly set to occur in another Gulf state. The implications could be far-reaching for Europe.',
  ],
  quotes: [{ text: 'The new administration is rapidly changing all foreign policy configurations. This largely coincides with our vision.', speaker: 'Dmitry Peskov', role: 'Kremlin spokesman', paragraph: 2 }],
};

export const WEATHER_DOC: DocSpec = {
  title: 'Storm season arrives early in the Atlantic',
  path: 'seeds/storms.txt',
  paragraphs: [
    'Forecasters warned that the Atlantic hurricane season has started two weeks early this year. Coastal towns in Florida began preparing shelters on Monday.',
    'Meteorologists said warmer ocean temperatures are fuelling stronger storms. Insurance companies expect higher claims across the region.',
  ],
};
