// Several corpora seen as one (the seed folders and the articles fetched from feeds): one
// snapshot, rebuilt when any part changes, so readers still never see half an update.
import type { Corpus, CorpusSnapshot } from './corpus-types.ts';
import { createSnapshot } from './corpus-snapshot.ts';

export function createCompositeCorpus(parts: readonly Corpus[]): Corpus {
  if (parts.length === 1) return parts[0];
  let version = 0;
  const build = (): CorpusSnapshot => {
    const seen = new Set<string>();
    // The same content in two parts (a file saved from a feed's article) is one document.
    const documents = parts.flatMap((p) => p.current().documents).filter((d) => !seen.has(d.id) && Boolean(seen.add(d.id)));
    return createSnapshot(documents, ++version);
  };
  let snapshot = build();
  const listeners = new Set<(s: CorpusSnapshot) => void>();
  const unsubscribe = parts.map((part) => part.onChange(() => {
    snapshot = build();
    for (const listener of [...listeners]) listener(snapshot);
  }));
  return {
    current: () => snapshot,
    warnings: () => parts.flatMap((p) => p.warnings()),
    onChange(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    async close() {
      for (const off of unsubscribe) off();
      listeners.clear();
      await Promise.all(parts.map((p) => p.close()));
    },
  };
}
