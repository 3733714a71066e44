import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import type { LoadWarning } from './corpus-types.ts';
import { own } from '../core/own.ts';
import type { DocumentFormat } from './parse.ts';
import type { SeedRoots } from './seed-roots.ts';

// Finding the files of a corpus: a walk of the seeds folders that follows symlinks, refuses
// loops and links out of bounds, and turns every such problem into a warning, never a throw.

/** A file found by a scan: where it is and how to parse it. */
export interface FileEntry {
  /** Absolute path as walked (through symlinks). */
  path: string;
  /** Index of the configured dir it was found under (orders the corpus). */
  dirIndex: number;
  format: DocumentFormat;
  /** Reached through a symbolic link (the file itself or a folder above it). */
  viaLink?: boolean;
}

const FORMATS: Record<string, DocumentFormat> = {
  '.txt': 'txt', '.text': 'txt', '.md': 'md', '.markdown': 'md', '.html': 'html', '.htm': 'html',
};

export function formatOf(path: string): DocumentFormat | null {
  return own(FORMATS, extname(path).toLowerCase()) ?? null;
}

/** Path as shown to users: relative to `cwd` when inside it, else absolute. */
export function displayPath(absPath: string, cwd: string): string {
  const rel = relative(cwd, absPath);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : absPath;
}

/** Hidden files and folders (.git, editor swap files, `.#lock` links) are not documents. */
export function isHidden(name: string): boolean {
  return name.startsWith('.');
}

/** One walk's findings and what it needs to know. */
interface Walk {
  files: FileEntry[];
  warnings: LoadWarning[];
  dirIndex: number;
  cwd: string;
  visitedDirs: Set<string>;
  seedRoots?: SeedRoots;
}

type FileKind = Pick<Stats, 'isFile' | 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'>;

/**
 * Walks `root` depth-first in name order, following symlinks. A symlink that leads back to a
 * folder being walked is a loop (warned); a folder reached a second time another way is skipped.
 */
export function scanTree(
  root: string,
  dirIndex: number,
  cwd: string,
  visitedDirs: Set<string> = new Set(),
  /** Real paths of the folders above `root` (when rescanning a subfolder), for loop detection. */
  ancestors: readonly string[] = [],
  /** The boundary a linked folder must stay inside (none: links are followed anywhere). */
  seedRoots?: SeedRoots,
): { files: FileEntry[]; warnings: LoadWarning[] } {
  const walk: Walk = { files: [], warnings: [], dirIndex, cwd, visitedDirs, seedRoots };
  const result = { files: walk.files, warnings: walk.warnings };
  const abs = resolve(cwd, root);
  let rootStat: Stats;
  try {
    rootStat = statSync(abs);
  } catch (error) {
    walk.warnings.push({ path: displayPath(abs, cwd), reason: describeMissing(error, 'folder') });
    return result;
  }
  if (rootStat.isFile()) {
    const format = formatOf(abs);
    if (format) walk.files.push({ path: abs, dirIndex, format });
    else walk.warnings.push({ path: displayPath(abs, cwd), reason: 'not a .txt, .md or .html file' });
    return result;
  }
  if (!rootStat.isDirectory()) {
    walk.warnings.push({ path: displayPath(abs, cwd), reason: 'not a folder' });
    return result;
  }
  let realRoot = abs;
  try {
    realRoot = realpathSync(abs);
  } catch { /* statSync succeeded, so this is a race; keep the walked path */ }
  // A rescan may start at a folder link the watcher just saw: it must stay inside the boundary too.
  const refusedRoot = seedRoots?.refuse(realRoot, 'folder');
  if (refusedRoot) {
    walk.warnings.push({ path: displayPath(abs, cwd), reason: refusedRoot });
    return result;
  }
  walkFolder(walk, abs, realRoot, ancestors, false);
  return result;
}

function walkFolder(walk: Walk, dir: string, realDir: string, ancestors: readonly string[], viaLink: boolean): void {
  if (walk.visitedDirs.has(realDir)) return;
  walk.visitedDirs.add(realDir);
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    walk.warnings.push({ path: displayPath(dir, walk.cwd), reason: `unreadable folder (${codeOf(error)})` });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const chain = [...ancestors, realDir];
  for (const entry of entries) {
    if (isHidden(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) walkLink(walk, path, chain);
    else if (entry.isDirectory()) walkFolder(walk, path, join(realDir, entry.name), chain, viaLink);
    else addFile(walk, path, entry, viaLink);
  }
}

function walkLink(walk: Walk, path: string, chain: readonly string[]): void {
  const shown = () => displayPath(path, walk.cwd);
  let target: Stats;
  let real: string;
  try {
    target = statSync(path);
    real = realpathSync(path);
  } catch (error) {
    const code = codeOf(error);
    if (code === 'ELOOP') {
      walk.warnings.push({ path: shown(), reason: 'symlink loop' });
    } else if (formatOf(path) || extname(path) === '') {
      // Only links that could be a document or a folder matter; a dangling `x.pdf` does not.
      walk.warnings.push({ path: shown(), reason: code === 'ENOENT' ? 'broken symlink (target does not exist)' : `unreadable symlink (${code})` });
    }
    return;
  }
  if (!target.isDirectory()) {
    addFile(walk, path, target, true);
    return;
  }
  if (chain.includes(real)) {
    walk.warnings.push({ path: shown(), reason: `symlink loop (points back to ${displayPath(real, walk.cwd)})` });
    return;
  }
  const refused = walk.seedRoots?.refuse(real, 'folder');
  if (refused) {
    walk.warnings.push({ path: shown(), reason: refused });
    return;
  }
  walkFolder(walk, path, real, chain, true);
}

function addFile(walk: Walk, path: string, kind: FileKind, viaLink: boolean): void {
  const format = formatOf(path);
  if (!format) return;
  if (!kind.isFile()) {
    walk.warnings.push({ path: displayPath(path, walk.cwd), reason: `not a regular file (${kindName(kind)})` });
    return;
  }
  const dirIndex = walk.dirIndex;
  walk.files.push(viaLink ? { path, dirIndex, format, viaLink } : { path, dirIndex, format });
}

export function kindName(kind: Omit<FileKind, 'isFile'>): string {
  if (kind.isFIFO()) return 'named pipe';
  if (kind.isSocket()) return 'socket';
  if (kind.isCharacterDevice() || kind.isBlockDevice()) return 'device';
  return 'special file';
}

function describeMissing(error: unknown, what: string): string {
  const code = codeOf(error);
  if (code === 'ENOENT') return `${what} not found`;
  if (code === 'ELOOP') return 'symlink loop';
  return `unreadable ${what} (${code})`;
}

export function codeOf(error: unknown): string {
  return error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? error.code : String((error as Error)?.message ?? error);
}
