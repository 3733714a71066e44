import { realpathSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { LoadWarning } from './corpus-types.ts';
import { readEntry, stampOf, type FileOutcome, type ReadOptions } from './corpus-read.ts';
import { formatOf, scanTree, type FileEntry } from './corpus-scan.ts';
import type { SeedRoots } from './seed-roots.ts';

// What a live corpus knows of its files, and how a batch of changed paths updates it: a file is
// re-read, a folder re-scanned (re-reading only files whose stamp changed), a vanished path
// dropped with everything under it.

export interface CorpusFiles {
  /** Every readable-or-not file by absolute path (as walked). */
  outcomes: Map<string, FileOutcome>;
  /** Scan problems (missing folders, loops, broken links, pipes), by absolute path. */
  scanWarnings: Map<string, LoadWarning>;
}

/** Where the files are and how to read them. */
export interface FilesPlace {
  cwd: string;
  /** The configured folders, absolute, by dir index. */
  roots: readonly string[];
  seedRoots: SeedRoots;
  readOptions: ReadOptions;
}

export function addScanWarnings(files: CorpusFiles, list: readonly LoadWarning[], cwd: string): void {
  for (const w of list) files.scanWarnings.set(resolve(cwd, w.path), w);
}

/** Applies changed paths (abs path → dir index) and whole rescans of configured folders. */
export function applyChanges(files: CorpusFiles, place: FilesPlace, paths: ReadonlyMap<string, number>, rescans: ReadonlySet<number>): void {
  for (const dirIndex of rescans) rescanTree(files, place, place.roots[dirIndex], dirIndex);
  for (const [path, dirIndex] of paths) {
    if (rescans.has(dirIndex)) continue;
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      // Gone (or a dangling link now): drop it and anything that was under it.
      removeUnder(files, path);
      if (formatOf(path)) rescanParentLink(files, place, path, dirIndex);
      continue;
    }
    if (isDir) {
      rescanTree(files, place, path, dirIndex);
      continue;
    }
    const format = formatOf(path);
    if (!format) continue;
    files.scanWarnings.delete(path);
    const entry: FileEntry = { path, dirIndex, format };
    files.outcomes.set(path, readEntry(entry, place.readOptions));
  }
}

export function removeUnder(files: CorpusFiles, path: string): void {
  const prefix = path + sep;
  for (const key of [...files.outcomes.keys()]) if (key === path || key.startsWith(prefix)) files.outcomes.delete(key);
  for (const key of [...files.scanWarnings.keys()]) if (key === path || key.startsWith(prefix)) files.scanWarnings.delete(key);
}

/** Re-scans a folder (or configured root) and re-reads the files whose stamp changed. */
export function rescanTree(files: CorpusFiles, place: FilesPlace, path: string, dirIndex: number): void {
  const scanned = scanTree(path, dirIndex, place.cwd, new Set(), realAncestors(place.roots[dirIndex], path), place.seedRoots);
  const keep = new Set(scanned.files.map((f) => f.path));
  const prefix = path + sep;
  for (const key of [...files.outcomes.keys()]) {
    if ((key === path || key.startsWith(prefix)) && !keep.has(key) && files.outcomes.get(key)!.entry.dirIndex === dirIndex) files.outcomes.delete(key);
  }
  for (const key of [...files.scanWarnings.keys()]) if (key === path || key.startsWith(prefix)) files.scanWarnings.delete(key);
  addScanWarnings(files, scanned.warnings, place.cwd);
  for (const file of scanned.files) {
    const previous = files.outcomes.get(file.path);
    if (previous && previous.stamp && previous.stamp === currentStamp(file.path)) continue;
    files.outcomes.set(file.path, readEntry(file, place.readOptions));
  }
}

/** A vanished document path may have been a broken symlink: report it like the scan would. */
function rescanParentLink(files: CorpusFiles, place: FilesPlace, path: string, dirIndex: number): void {
  const parent = resolve(path, '..');
  const rel = relative(place.roots[dirIndex], parent);
  if (rel.startsWith('..')) return;
  const scanned = scanTree(parent, dirIndex, place.cwd, new Set(), [], place.seedRoots);
  for (const w of scanned.warnings) if (resolve(place.cwd, w.path) === path) files.scanWarnings.set(path, w);
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
