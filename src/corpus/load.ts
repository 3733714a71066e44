import type { Logger } from '../core/logger.ts';
import type { LoadWarning } from './corpus-types.ts';
import { assemble, type LoadResult } from './corpus-assemble.ts';
import { readEntry, type FileOutcome } from './corpus-read.ts';
import { scanTree, type FileEntry } from './corpus-scan.ts';
import { createSeedRoots } from './seed-roots.ts';

// Reading a corpus from folders. Every bad file becomes one LoadWarning and is skipped; nothing
// here throws for a file's sake. The work is synchronous fs + parse in slices of ~50 ms with a
// yield between them: for thousands of small files that is several times faster than
// promise-per-file I/O, and the event loop still breathes (progress, signals).

export interface LoadProgress {
  loaded: number;
  total: number;
  ratePerSec: number;
}

export interface LoadOptions {
  /** Folders to walk recursively (a file path is accepted too). */
  dirs: readonly string[];
  maxFileBytes: number;
  logger?: Logger;
  /** Called about every 200 ms while a large corpus loads, then once at the end (`loaded === total`). */
  onProgress?: (progress: LoadProgress) => void;
  /** Document paths are shown relative to this (default: process.cwd()). */
  cwd?: string;
  /** Minimum time between progress reports (default 200 ms). */
  progressIntervalMs?: number;
  /** Load symlink targets outside the seeds folders (seeds.followLinksOutside; default false). */
  followLinksOutside?: boolean;
}

const SLICE_MS = 50;
const PROGRESS_MS = 200;

/** Scans and reads everything under `dirs`, without deduplication (see `assemble`). */
export async function loadOutcomes(options: LoadOptions): Promise<{ outcomes: FileOutcome[]; scanWarnings: LoadWarning[] }> {
  const cwd = options.cwd ?? process.cwd();
  const scanWarnings: LoadWarning[] = [];
  const entries: FileEntry[] = [];
  const visited = new Set<string>();
  const seedRoots = createSeedRoots({ dirs: options.dirs, cwd, followLinksOutside: options.followLinksOutside });
  options.dirs.forEach((dir, dirIndex) => {
    const scanned = scanTree(dir, dirIndex, cwd, visited, [], seedRoots);
    entries.push(...scanned.files);
    scanWarnings.push(...scanned.warnings);
  });

  const started = performance.now();
  let lastProgress = started;
  let reported = false;
  let sliceStart = started;
  const outcomes: FileOutcome[] = [];
  const report = (now: number) => {
    const seconds = (now - started) / 1000;
    options.onProgress?.({ loaded: outcomes.length, total: entries.length, ratePerSec: seconds > 0 ? Math.round(outcomes.length / seconds) : 0 });
  };
  const interval = options.progressIntervalMs ?? PROGRESS_MS;
  for (const entry of entries) {
    outcomes.push(readEntry(entry, { maxFileBytes: options.maxFileBytes, cwd, seedRoots }));
    const now = performance.now();
    if (options.onProgress && now - lastProgress >= interval && outcomes.length < entries.length) {
      lastProgress = now;
      reported = true;
      report(now);
    }
    if (now - sliceStart > SLICE_MS) {
      await new Promise<void>((done) => setImmediate(done));
      sliceStart = performance.now();
    }
  }
  // Small corpora load before the first tick and print nothing; large ones end on a final count.
  if (reported) report(performance.now());
  return { outcomes, scanWarnings };
}

/** Loads every document under `dirs`. Resolves with the documents and one warning per problem. */
export async function loadDocuments(options: LoadOptions): Promise<LoadResult> {
  const { outcomes, scanWarnings } = await loadOutcomes(options);
  const result = assemble(outcomes);
  const warnings = [...scanWarnings, ...result.warnings];
  for (const w of warnings) options.logger?.warn({ path: w.path, reason: w.reason }, 'corpus warning');
  return { documents: result.documents, warnings };
}
