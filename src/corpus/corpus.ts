import { resolve } from 'node:path';
import type { Logger } from '../core/logger.ts';
import type { Corpus, CorpusSnapshot } from './corpus-types.ts';
import { addScanWarnings, applyChanges, type CorpusFiles, type FilesPlace } from './corpus-files.ts';
import { emptyPublished, republish } from './corpus-snapshot.ts';
import { createCorpusWatch, dropVanishedRoots, startWatchingAll, stopWatching, takeBatch, type CorpusWatch } from './corpus-watch.ts';
import { loadOutcomes, type LoadProgress } from './load.ts';
import { createSeedRoots } from './seed-roots.ts';

// The live corpus: an immutable snapshot swapped as a whole when files change. The watcher
// collects changed paths, waits `debounceMs` for the burst to settle (editors write a file in
// several steps), then re-reads only those paths — a whole subtree when a folder changed — and
// swaps in a new snapshot if the documents differ.

export interface CorpusOptions {
  dirs: readonly string[];
  maxFileBytes: number;
  watch: boolean;
  logger: Logger;
  /** Quiet time after the last file event before the batch is applied (default 200 ms). */
  debounceMs?: number;
  onProgress?: (progress: LoadProgress) => void;
  /** Base for relative dirs and shown paths (default: process.cwd()). */
  cwd?: string;
  /** How often a folder that is missing or whose watcher failed is tried again (default 2 s). */
  rewatchMs?: number;
  /** Load symlink targets outside the seeds folders (seeds.followLinksOutside; default false). */
  followLinksOutside?: boolean;
}

export async function createCorpus(options: CorpusOptions): Promise<Corpus> {
  const cwd = options.cwd ?? process.cwd();
  const logger = options.logger;
  const seedRoots = createSeedRoots({ dirs: options.dirs, cwd, followLinksOutside: options.followLinksOutside });
  const place: FilesPlace = { cwd, roots: options.dirs.map((d) => resolve(cwd, d)), seedRoots, readOptions: { maxFileBytes: options.maxFileBytes, cwd, seedRoots } };

  const { outcomes, scanWarnings } = await loadOutcomes({
    dirs: options.dirs, maxFileBytes: options.maxFileBytes, onProgress: options.onProgress, cwd, followLinksOutside: options.followLinksOutside,
  });
  const files: CorpusFiles = { outcomes: new Map(outcomes.map((o) => [o.entry.path, o])), scanWarnings: new Map() };
  addScanWarnings(files, scanWarnings, cwd);
  const published = emptyPublished();
  republish(published, files, logger);
  logger.info({ documents: published.snapshot.documents.length, warnings: published.warnings.length }, 'corpus loaded');

  const listeners = new Set<(s: CorpusSnapshot) => void>();
  const apply = async (w: CorpusWatch): Promise<void> => {
    const { paths, rescans } = takeBatch(w);
    try {
      dropVanishedRoots(w, rescans);
      applyChanges(files, place, paths, rescans);
      if (!republish(published, files, logger)) return;
      logger.debug({ version: published.version, documents: published.snapshot.documents.length }, 'corpus snapshot swapped');
      for (const listener of [...listeners]) {
        try {
          listener(published.snapshot);
        } catch (error) {
          logger.error({ err: (error as Error)?.message ?? String(error) }, 'corpus change listener failed');
        }
      }
    } catch (error) {
      // Never let a watcher batch take the process down; the next event retries.
      logger.error({ err: (error as Error)?.message ?? String(error) }, 'applying corpus changes failed');
    }
  };
  const watch = createCorpusWatch({ roots: place.roots, logger, debounceMs: options.debounceMs ?? 200, rewatchMs: options.rewatchMs ?? 2000, apply });
  if (options.watch) startWatchingAll(watch);

  return {
    current: () => published.snapshot,
    warnings: () => published.warnings,
    onChange(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    async close() {
      const stopped = stopWatching(watch);
      // A batch still being applied tells no one.
      listeners.clear();
      await stopped;
    },
  };
}
