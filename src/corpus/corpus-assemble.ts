import { sep } from 'node:path';
import type { Document, LoadWarning } from './corpus-types.ts';
import type { FileEntry } from './corpus-scan.ts';
import type { FileOutcome } from './corpus-read.ts';

// From the outcomes of reading files to the corpus's documents, in the walk's order.

export interface LoadResult {
  documents: Document[];
  warnings: LoadWarning[];
}

/**
 * Orders outcomes (configured dir, then path segment by segment, as the walk does) and drops
 * repeats: the same file reached twice silently, the same content in two files with a warning.
 */
export function assemble(outcomes: Iterable<FileOutcome>): LoadResult {
  // Sort on precomputed keys: a path with its separators as \0 compares segment by segment.
  const keyed = [...outcomes].map((o) => ({ key: sortKey(o.entry), o }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const sorted = keyed.map((k) => k.o);
  // One file reached by several paths counts once, under its own name rather than a link's.
  const chosen = new Map<string, FileOutcome>();
  for (const outcome of sorted) {
    const current = chosen.get(outcome.fileKey);
    if (!current || (current.entry.viaLink && !outcome.entry.viaLink)) chosen.set(outcome.fileKey, outcome);
  }
  const documents: Document[] = [];
  const warnings: LoadWarning[] = [];
  const byHash = new Map<string, string>();
  for (const outcome of sorted) {
    if (chosen.get(outcome.fileKey) !== outcome) continue;
    warnings.push(...outcome.warnings);
    const doc = outcome.document;
    if (!doc) continue;
    const first = byHash.get(doc.hash);
    if (first !== undefined) {
      warnings.push({ path: doc.path, reason: `duplicate content of ${first}; skipped` });
      continue;
    }
    byHash.set(doc.hash, doc.path);
    documents.push(doc);
  }
  return { documents, warnings };
}

/** Configured dir, then path segment by segment, as the walk orders them. */
function sortKey(entry: FileEntry): string {
  return `${String(entry.dirIndex).padStart(4, '0')}\0${entry.path.split(sep).join('\0')}`;
}
