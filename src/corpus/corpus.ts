import { realpathSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Logger } from '../core/logger.ts';
import type { Corpus, CorpusSnapshot, Document, LoadWarning, Passage } from './corpus-types.ts';
import {
  assemble, formatOf, isHidden, loadOutcomes, readEntry, scanTree, stampOf, type FileEntry, type FileOutcome, type LoadProgress,
} from './load.ts';
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

export async function createCorpus(options: CorpusOptions): Promise<Corpus> {
  const cwd = options.cwd ?? process.cwd();
  const logger = options.logger;
  const debounceMs = options.debounceMs ?? 200;
  const roots = options.dirs.map((d) => resolve(cwd, d));
  const seedRoots = createSeedRoots({ dirs: options.dirs, cwd, followLinksOutside: options.followLinksOutside });
  const readOptions = { maxFileBytes: options.maxFileBytes, cwd, seedRoots };

  const { outcomes: initial, scanWarnings: initialScanWarnings } = await loadOutcomes({
    dirs: options.dirs, maxFileBytes: options.maxFileBytes, onProgress: options.onProgress, cwd, followLinksOutside: options.followLinksOutside,
  });
  /** Every readable-or-not file by absolute path (as walked). */
  const outcomes = new Map<string, FileOutcome>(initial.map((o) => [o.entry.path, o]));
  /** Scan problems (missing folders, loops, broken links, pipes), by absolute path. */
  const scanWarnings = new Map<string, LoadWarning>();
  const addScanWarnings = (list: readonly LoadWarning[]) => {
    for (const w of list) scanWarnings.set(resolve(cwd, w.path), w);
  };
  addScanWarnings(initialScanWarnings);

  let version = 0;
  let snapshot: CorpusSnapshot = createSnapshot([], 0);
  let warnings: readonly LoadWarning[] = [];
  const logged = new Set<string>();
  const listeners = new Set<(s: CorpusSnapshot) => void>();

  /** Recomputes documents and warnings; returns true when the documents changed. */
  const rebuild = (): boolean => {
    const result = assemble(outcomes.values());
    warnings = [...scanWarnings.values(), ...result.warnings];
    const current = new Set<string>();
    for (const w of warnings) {
      const key = `${w.path}\0${w.reason}`;
      current.add(key);
      if (!logged.has(key)) logger.warn({ path: w.path, reason: w.reason }, 'corpus warning');
    }
    // Forget fixed problems so they are logged again if they come back.
    for (const key of logged) if (!current.has(key)) logged.delete(key);
    for (const key of current) logged.add(key);
    const docs = result.documents;
    const same = docs.length === snapshot.documents.length && docs.every((d, i) => d === snapshot.documents[i] || (d.id === snapshot.documents[i].id && d.path === snapshot.documents[i].path && d.date === snapshot.documents[i].date));
    if (same && version > 0) return false;
    snapshot = createSnapshot(docs, ++version);
    return true;
  };
  rebuild();
  logger.info({ documents: snapshot.documents.length, warnings: warnings.length }, 'corpus loaded');

  // ─── Watching ────────────────────────────────────────────────────────────────────────────
  const watchers = new Map<number, FSWatcher>();
  const pending = new Map<string, number>(); // abs path → dir index
  const fullRescan = new Set<number>();
  let debounce: NodeJS.Timeout | null = null;
  let rewatch: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let closed = false;

  // A file written continuously keeps resetting the debounce; a burst is applied after at most
  // a second anyway so changes still show up promptly.
  const maxWaitMs = Math.max(1000, debounceMs);
  let burstStart: number | null = null;
  const schedule = () => {
    if (closed) return;
    if (debounce) clearTimeout(debounce);
    const now = Date.now();
    burstStart ??= now;
    const delay = Math.max(0, Math.min(debounceMs, burstStart + maxWaitMs - now));
    debounce = setTimeout(() => {
      debounce = null;
      burstStart = null;
      if (running) {
        // A batch is being applied; try again once it is done.
        void running.then(schedule);
        return;
      }
      running = applyPending().finally(() => { running = null; });
    }, delay);
  };

  const startWatching = (dirIndex: number): boolean => {
    const root = roots[dirIndex];
    try {
      if (!statSync(root).isDirectory()) return true; // a single file or not a folder: nothing to watch recursively
    } catch {
      return false;
    }
    try {
      const watcher = watch(root, { recursive: true, persistent: false }, (_event, filename) => {
        if (filename === null || filename === undefined) {
          fullRescan.add(dirIndex);
        } else {
          const rel = filename.toString();
          if (rel.split(sep).some(isHidden)) return;
          pending.set(resolve(root, rel), dirIndex);
        }
        schedule();
      });
      watcher.on('error', (error: Error) => {
        logger.warn({ dir: root, err: error.message }, 'folder watch failed; rescanning and watching again');
        watcher.close();
        watchers.delete(dirIndex);
        fullRescan.add(dirIndex);
        schedule();
        ensureRewatch();
      });
      watchers.set(dirIndex, watcher);
      return true;
    } catch (error) {
      logger.warn({ dir: root, err: (error as Error).message }, 'cannot watch folder; will retry');
      return false;
    }
  };

  const ensureRewatch = () => {
    if (rewatch || closed) return;
    rewatch = setInterval(() => {
      let missing = 0;
      roots.forEach((_root, i) => {
        if (watchers.has(i)) return;
        if (startWatching(i)) {
          // The folder (re)appeared: whatever happened meanwhile is picked up by a rescan.
          fullRescan.add(i);
          schedule();
        } else missing++;
      });
      if (missing === 0 && rewatch) {
        clearInterval(rewatch);
        rewatch = null;
      }
    }, options.rewatchMs ?? 2000);
    rewatch.unref();
  };

  const removeUnder = (path: string) => {
    const prefix = path + sep;
    for (const key of [...outcomes.keys()]) if (key === path || key.startsWith(prefix)) outcomes.delete(key);
    for (const key of [...scanWarnings.keys()]) if (key === path || key.startsWith(prefix)) scanWarnings.delete(key);
  };

  /** Re-scans a folder (or configured root) and re-reads the files whose stamp changed. */
  const rescanTree = (path: string, dirIndex: number) => {
    const scanned = scanTree(path, dirIndex, cwd, new Set(), realAncestors(roots[dirIndex], path), seedRoots);
    const keep = new Set(scanned.files.map((f) => f.path));
    const prefix = path + sep;
    for (const key of [...outcomes.keys()]) {
      if ((key === path || key.startsWith(prefix)) && !keep.has(key) && outcomes.get(key)!.entry.dirIndex === dirIndex) outcomes.delete(key);
    }
    for (const key of [...scanWarnings.keys()]) if (key === path || key.startsWith(prefix)) scanWarnings.delete(key);
    addScanWarnings(scanned.warnings);
    for (const file of scanned.files) {
      const previous = outcomes.get(file.path);
      if (previous && previous.stamp && previous.stamp === currentStamp(file.path)) continue;
      outcomes.set(file.path, readEntry(file, readOptions));
    }
  };

  const applyPending = async (): Promise<void> => {
    const batch = new Map(pending);
    pending.clear();
    const rescans = new Set(fullRescan);
    fullRescan.clear();
    try {
      // A watched folder that disappeared: its watcher is dead; rescan (→ "folder not found") and retry later.
      for (const [dirIndex, watcher] of [...watchers]) {
        try {
          statSync(roots[dirIndex]);
        } catch {
          watcher.close();
          watchers.delete(dirIndex);
          rescans.add(dirIndex);
          ensureRewatch();
        }
      }
      for (const dirIndex of rescans) rescanTree(roots[dirIndex], dirIndex);
      for (const [path, dirIndex] of batch) {
        if (rescans.has(dirIndex)) continue;
        let isDir = false;
        try {
          isDir = statSync(path).isDirectory();
        } catch {
          // Gone (or a dangling link now): drop it and anything that was under it.
          removeUnder(path);
          if (formatOf(path)) rescanParentLink(path, dirIndex);
          continue;
        }
        if (isDir) {
          rescanTree(path, dirIndex);
          continue;
        }
        const format = formatOf(path);
        if (!format) continue;
        scanWarnings.delete(path);
        const entry: FileEntry = { path, dirIndex, format };
        outcomes.set(path, readEntry(entry, readOptions));
      }
      if (rebuild()) {
        logger.debug({ version, documents: snapshot.documents.length }, 'corpus snapshot swapped');
        for (const listener of [...listeners]) {
          try {
            listener(snapshot);
          } catch (error) {
            logger.error({ err: (error as Error)?.message ?? String(error) }, 'corpus change listener failed');
          }
        }
      }
    } catch (error) {
      // Never let a watcher batch take the process down; the next event retries.
      logger.error({ err: (error as Error)?.message ?? String(error) }, 'applying corpus changes failed');
    }
  };

  /** A vanished document path may have been a broken symlink: report it like the scan would. */
  const rescanParentLink = (path: string, dirIndex: number) => {
    const parent = resolve(path, '..');
    const rel = relative(roots[dirIndex], parent);
    if (rel.startsWith('..')) return;
    const scanned = scanTree(parent, dirIndex, cwd, new Set(), [], seedRoots);
    for (const w of scanned.warnings) if (resolve(cwd, w.path) === path) scanWarnings.set(path, w);
  };

  if (options.watch) {
    let missing = false;
    roots.forEach((_root, i) => { if (!startWatching(i)) missing = true; });
    if (missing) ensureRewatch();
  }

  return {
    current: () => snapshot,
    warnings: () => warnings,
    onChange(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    async close() {
      closed = true;
      if (debounce) clearTimeout(debounce);
      if (rewatch) clearInterval(rewatch);
      debounce = null;
      rewatch = null;
      for (const w of watchers.values()) w.close();
      watchers.clear();
      listeners.clear();
      if (running) await running;
    },
  };
}

/** Real paths of the folders from `root` down to the parent of `path`. */
function realAncestors(root: string, path: string): string[] {
  const out: string[] = [];
  const rel = relative(root, path);
  if (!rel || rel.startsWith('..')) return out;
  const parts = rel.split(sep);
  let dir = root;
  for (let i = 0; i < parts.length; i++) {
    try {
      out.push(realpathSync(dir));
    } catch {
      break;
    }
    dir = join(dir, parts[i]);
  }
  return out;
}

function currentStamp(path: string): string | null {
  try {
    return stampOf(statSync(path));
  } catch {
    return null;
  }
}
