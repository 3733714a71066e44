import { statSync, watch, type FSWatcher } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { Logger } from '../core/logger.ts';
import { isHidden } from './corpus-scan.ts';

// Watching the seeds folders. Events are collected as changed paths (or "rescan this folder"
// when the platform cannot say which file), and applied as one batch once the burst settles:
// editors write a file in several steps. Folders that are missing or whose watcher failed are
// tried again until they can be watched.

/** One batch to apply: changed paths (abs path → dir index) and configured folders to rescan. */
export interface ChangeBatch {
  paths: Map<string, number>;
  rescans: Set<number>;
}

export interface CorpusWatch {
  readonly roots: readonly string[];
  readonly logger: Logger;
  readonly debounceMs: number;
  readonly rewatchMs: number;
  /** Applies a batch; never rejects. */
  readonly apply: (watch: CorpusWatch) => Promise<void>;
  readonly watchers: Map<number, FSWatcher>;
  readonly pending: Map<string, number>;
  readonly fullRescan: Set<number>;
  debounce: NodeJS.Timeout | null;
  rewatch: NodeJS.Timeout | null;
  running: Promise<void> | null;
  burstStart: number | null;
  closed: boolean;
}

export function createCorpusWatch(options: Pick<CorpusWatch, 'roots' | 'logger' | 'debounceMs' | 'rewatchMs' | 'apply'>): CorpusWatch {
  return {
    ...options,
    watchers: new Map(),
    pending: new Map(),
    fullRescan: new Set(),
    debounce: null,
    rewatch: null,
    running: null,
    burstStart: null,
    closed: false,
  };
}

/** Watches every configured folder, and keeps retrying those that cannot be watched yet. */
export function startWatchingAll(w: CorpusWatch): void {
  let missing = false;
  w.roots.forEach((_root, i) => { if (!startWatching(w, i)) missing = true; });
  if (missing) ensureRewatch(w);
}

/** The collected changes, handed over once: later events start the next batch. */
export function takeBatch(w: CorpusWatch): ChangeBatch {
  const batch = { paths: new Map(w.pending), rescans: new Set(w.fullRescan) };
  w.pending.clear();
  w.fullRescan.clear();
  return batch;
}

/** A watched folder that disappeared: its watcher is dead; rescan it (→ "folder not found") and retry later. */
export function dropVanishedRoots(w: CorpusWatch, rescans: Set<number>): void {
  for (const [dirIndex, watcher] of [...w.watchers]) {
    try {
      statSync(w.roots[dirIndex]);
    } catch {
      watcher.close();
      w.watchers.delete(dirIndex);
      rescans.add(dirIndex);
      ensureRewatch(w);
    }
  }
}

export async function stopWatching(w: CorpusWatch): Promise<void> {
  w.closed = true;
  if (w.debounce) clearTimeout(w.debounce);
  if (w.rewatch) clearInterval(w.rewatch);
  w.debounce = null;
  w.rewatch = null;
  for (const watcher of w.watchers.values()) watcher.close();
  w.watchers.clear();
  if (w.running) await w.running;
}

function schedule(w: CorpusWatch): void {
  if (w.closed) return;
  if (w.debounce) clearTimeout(w.debounce);
  // A file written continuously keeps resetting the debounce; a burst is applied after at most
  // a second anyway so changes still show up promptly.
  const maxWaitMs = Math.max(1000, w.debounceMs);
  const now = Date.now();
  w.burstStart ??= now;
  const delay = Math.max(0, Math.min(w.debounceMs, w.burstStart + maxWaitMs - now));
  w.debounce = setTimeout(() => {
    w.debounce = null;
    w.burstStart = null;
    if (w.running) {
      // A batch is being applied; try again once it is done.
      void w.running.then(() => schedule(w));
      return;
    }
    w.running = w.apply(w).finally(() => { w.running = null; });
  }, delay);
}

function startWatching(w: CorpusWatch, dirIndex: number): boolean {
  const root = w.roots[dirIndex];
  try {
    if (!statSync(root).isDirectory()) return true; // a single file or not a folder: nothing to watch recursively
  } catch {
    return false;
  }
  try {
    const watcher = watch(root, { recursive: true, persistent: false }, (_event, filename) => {
      if (filename === null || filename === undefined) {
        w.fullRescan.add(dirIndex);
      } else {
        const rel = filename.toString();
        if (rel.split(sep).some(isHidden)) return;
        w.pending.set(resolve(root, rel), dirIndex);
      }
      schedule(w);
    });
    watcher.on('error', (error: Error) => {
      w.logger.warn({ dir: root, err: error.message }, 'folder watch failed; rescanning and watching again');
      watcher.close();
      w.watchers.delete(dirIndex);
      w.fullRescan.add(dirIndex);
      schedule(w);
      ensureRewatch(w);
    });
    w.watchers.set(dirIndex, watcher);
    return true;
  } catch (error) {
    w.logger.warn({ dir: root, err: (error as Error).message }, 'cannot watch folder; will retry');
    return false;
  }
}

function ensureRewatch(w: CorpusWatch): void {
  if (w.rewatch || w.closed) return;
  w.rewatch = setInterval(() => {
    let missing = 0;
    w.roots.forEach((_root, i) => {
      if (w.watchers.has(i)) return;
      if (startWatching(w, i)) {
        // The folder (re)appeared: whatever happened meanwhile is picked up by a rescan.
        w.fullRescan.add(i);
        schedule(w);
      } else missing++;
    });
    if (missing === 0 && w.rewatch) {
      clearInterval(w.rewatch);
      w.rewatch = null;
    }
  }, w.rewatchMs);
  w.rewatch.unref();
}
