import type { Logger } from '../core/logger.ts';
import type { Corpus, CorpusSnapshot, Document, LoadWarning, Passage } from './corpus-types.ts';
import { assemble } from './corpus-assemble.ts';
import type { CorpusFiles } from './corpus-files.ts';

// Immutable snapshots of a corpus, and the one a live corpus publishes: replaced as a whole
// when the documents change, so readers never see half a change.

export function createSnapshot(documents: readonly Document[], version: number): CorpusSnapshot {
  const byId = new Map<string, Document>();
  const passages = new Map<string, Passage>();
  for (const doc of documents) {
    byId.set(doc.id, doc);
    for (const p of doc.passages) passages.set(p.id, p);
  }
  const frozen = Object.freeze([...documents]);
  return Object.freeze({
    version,
    documents: frozen,
    getDocument: (id: string) => byId.get(id),
    getPassage: (id: string) => passages.get(id),
  });
}

/** A fixed corpus (no files, no watching) for tests of other layers. */
export function createStaticCorpus(documents: readonly Document[], warnings: readonly LoadWarning[] = []): Corpus {
  const snapshot = createSnapshot(documents, 1);
  return {
    current: () => snapshot,
    warnings: () => warnings,
    onChange: () => () => {},
    close: async () => {},
  };
}

/** What a live corpus shows readers, and which warnings it has already logged. */
export interface Published {
  version: number;
  snapshot: CorpusSnapshot;
  warnings: readonly LoadWarning[];
  logged: Set<string>;
}

export function emptyPublished(): Published {
  return { version: 0, snapshot: createSnapshot([], 0), warnings: [], logged: new Set() };
}

/** Recomputes documents and warnings from the files; true when a new snapshot was published. */
export function republish(published: Published, files: CorpusFiles, logger: Logger): boolean {
  const result = assemble(files.outcomes.values());
  published.warnings = [...files.scanWarnings.values(), ...result.warnings];
  logNewWarnings(published.logged, published.warnings, logger);
  const docs = result.documents;
  const previous = published.snapshot.documents;
  const same = docs.length === previous.length && docs.every((d, i) => d === previous[i] || (d.id === previous[i].id && d.path === previous[i].path && d.date === previous[i].date));
  if (same && published.version > 0) return false;
  published.snapshot = createSnapshot(docs, ++published.version);
  return true;
}

function logNewWarnings(logged: Set<string>, warnings: readonly LoadWarning[], logger: Logger): void {
  const current = new Set<string>();
  for (const w of warnings) {
    const key = `${w.path}\0${w.reason}`;
    current.add(key);
    if (!logged.has(key)) logger.warn({ path: w.path, reason: w.reason }, 'corpus warning');
  }
  // Forget fixed problems so they are logged again if they come back.
  for (const key of logged) if (!current.has(key)) logged.delete(key);
  for (const key of current) logged.add(key);
}
