import {
  closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent, type Stats,
} from 'node:fs';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Logger } from '../core/logger.ts';
import type { Document, LoadWarning } from './corpus-types.ts';
import { own } from '../core/own.ts';
import { parseDocument, type DocumentFormat } from './parse.ts';
import { createSeedRoots, type SeedRoots } from './seed-roots.ts';

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

export interface LoadResult {
  documents: Document[];
  warnings: LoadWarning[];
}

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

/** What reading one file gave: a document (maybe with warnings) or only warnings. */
export interface FileOutcome {
  entry: FileEntry;
  /** Identity of the file (device:inode), to notice one file reached twice through links. */
  fileKey: string;
  /** inode, size and mtime when read: a rescan re-reads the file only when this changes. */
  stamp: string;
  document: Document | null;
  warnings: LoadWarning[];
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

// ─── Scanning ──────────────────────────────────────────────────────────────────────────────

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
  const files: FileEntry[] = [];
  const warnings: LoadWarning[] = [];
  const abs = resolve(cwd, root);
  let rootStat: Stats;
  try {
    rootStat = statSync(abs);
  } catch (error) {
    warnings.push({ path: displayPath(abs, cwd), reason: describeMissing(error, 'folder') });
    return { files, warnings };
  }
  if (rootStat.isFile()) {
    const format = formatOf(abs);
    if (format) files.push({ path: abs, dirIndex, format });
    else warnings.push({ path: displayPath(abs, cwd), reason: 'not a .txt, .md or .html file' });
    return { files, warnings };
  }
  if (!rootStat.isDirectory()) {
    warnings.push({ path: displayPath(abs, cwd), reason: 'not a folder' });
    return { files, warnings };
  }

  const walk = (dir: string, realDir: string, ancestors: readonly string[], viaLink: boolean) => {
    if (visitedDirs.has(realDir)) return;
    visitedDirs.add(realDir);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      warnings.push({ path: displayPath(dir, cwd), reason: `unreadable folder (${codeOf(error)})` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const chain = [...ancestors, realDir];
    for (const entry of entries) {
      if (isHidden(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        let target: Stats;
        let real: string;
        try {
          target = statSync(path);
          real = realpathSync(path);
        } catch (error) {
          const code = codeOf(error);
          if (code === 'ELOOP') {
            warnings.push({ path: displayPath(path, cwd), reason: 'symlink loop' });
          } else if (formatOf(path) || extname(path) === '') {
            // Only links that could be a document or a folder matter; a dangling `x.pdf` does not.
            warnings.push({ path: displayPath(path, cwd), reason: code === 'ENOENT' ? 'broken symlink (target does not exist)' : `unreadable symlink (${code})` });
          }
          continue;
        }
        if (target.isDirectory()) {
          if (chain.includes(real)) {
            warnings.push({ path: displayPath(path, cwd), reason: `symlink loop (points back to ${displayPath(real, cwd)})` });
            continue;
          }
          const refused = seedRoots?.refuse(real, 'folder');
          if (refused) {
            warnings.push({ path: displayPath(path, cwd), reason: refused });
            continue;
          }
          walk(path, real, chain, true);
          continue;
        }
        addFile(path, target, true);
        continue;
      }
      if (entry.isDirectory()) {
        walk(path, join(realDir, entry.name), chain, viaLink);
        continue;
      }
      addFile(path, entry, viaLink);
    }
  };

  const addFile = (path: string, kind: { isFile(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }, viaLink: boolean) => {
    const format = formatOf(path);
    if (!format) return;
    if (!kind.isFile()) {
      warnings.push({ path: displayPath(path, cwd), reason: `not a regular file (${kindName(kind)})` });
      return;
    }
    files.push(viaLink ? { path, dirIndex, format, viaLink } : { path, dirIndex, format });
  };

  let realRoot = abs;
  try {
    realRoot = realpathSync(abs);
  } catch { /* statSync succeeded, so this is a race; keep the walked path */ }
  // A rescan may start at a folder link the watcher just saw: it must stay inside the boundary too.
  const refusedRoot = seedRoots?.refuse(realRoot, 'folder');
  if (refusedRoot) {
    warnings.push({ path: displayPath(abs, cwd), reason: refusedRoot });
    return { files, warnings };
  }
  walk(abs, realRoot, ancestors, false);
  return { files, warnings };
}

function kindName(kind: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
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

function codeOf(error: unknown): string {
  return error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? error.code : String((error as Error)?.message ?? error);
}

// ─── Reading one file ──────────────────────────────────────────────────────────────────────

export interface ReadOptions {
  maxFileBytes: number;
  cwd: string;
  /** Where files may really live, and how their paths are shown (default: anywhere, relative to cwd). */
  seedRoots?: SeedRoots;
}

// ignoreBOM keeps a byte-order mark in the text, so the document hash covers the file's exact bytes.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Reads and parses one file. Never throws: problems come back as warnings. */
export function readEntry(entry: FileEntry, options: ReadOptions): FileOutcome {
  const shown = displayPath(entry.path, options.cwd);
  const docPath = options.seedRoots?.show(entry.path, entry.dirIndex) ?? shown;
  let fileKey = entry.path;
  let stamp = '';
  const fail = (reason: string): FileOutcome => ({ entry, fileKey, stamp, document: null, warnings: [{ path: shown, reason }] });
  // Checked here, where every read passes (the first scan, rescans and single watcher events):
  // what is opened is the real file, and only one the seeds boundary allows.
  let real = entry.path;
  try {
    real = realpathSync.native(entry.path);
  } catch { /* missing or a loop: the open below reports it */ }
  const refused = options.seedRoots?.refuse(real, 'file');
  if (refused) return fail(refused);
  // The type comes from the file itself: a link named x.txt to data.json is not a document.
  if (real !== entry.path && !formatOf(real)) return fail('symlink to a file that is not .txt, .md or .html; skipped');
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO that replaced a file since the scan must not hang the load.
    // O_NOFOLLOW: the checked real path must not turn into a link before it is opened.
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    const code = codeOf(error);
    if (code === 'EACCES' || code === 'EPERM') return fail(`unreadable (permission denied, ${code})`);
    if (code === 'ENOENT') return fail('file vanished while loading');
    if (code === 'ELOOP') return fail('symlink loop');
    return fail(`unreadable (${code})`);
  }
  let bytes: Buffer;
  try {
    const stat = fstatSync(fd);
    stamp = stampOf(stat);
    fileKey = `${stat.dev}:${stat.ino}`;
    if (!stat.isFile()) return fail(`not a regular file (${kindName(stat)})`);
    if (stat.size > options.maxFileBytes) return fail(`too large (${stat.size} bytes > maxFileBytes ${options.maxFileBytes})`);
    bytes = readFileSync(fd);
  } catch (error) {
    return fail(`unreadable (${codeOf(error)})`);
  } finally {
    closeSync(fd);
  }
  if (bytes.length > options.maxFileBytes) return fail(`too large (${bytes.length} bytes > maxFileBytes ${options.maxFileBytes})`);
  const problem = contentProblem(bytes);
  if (problem) return fail(problem);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    // Binary files are rarely valid UTF-8: name the likelier cause.
    return fail(controlProblem(bytes) ?? `invalid UTF-8 (${describeInvalidUtf8(bytes)}); save the file as UTF-8`);
  }
  // A native scan finds control characters; counting them happens only when there are some.
  if (CONTROL.test(text)) {
    const binary = controlProblem(bytes);
    if (binary) return fail(binary);
  }
  if (!/\S/.test(text)) return fail('empty (whitespace only)');
  try {
    const { document, warnings } = parseDocument({ text, path: docPath, format: entry.format });
    const out = warnings.map((reason) => ({ path: shown, reason }));
    if (document.passages.length === 0) return { entry, fileKey, stamp, document: null, warnings: [...out, { path: shown, reason: 'no text left after removing markup' }] };
    return { entry, fileKey, stamp, document, warnings: out };
  } catch (error) {
    return fail(`could not parse (${(error as Error)?.message ?? String(error)})`);
  }
}

export function stampOf(stat: Stats): string {
  return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
}

/** Binary and empty content, decided from the bytes before decoding. */
function contentProblem(bytes: Buffer): string | null {
  if (bytes.length === 0) return 'empty file';
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 'UTF-16 text is not supported; save the file as UTF-8';
  if (bytes.indexOf(0) !== -1) return 'binary content (contains NUL bytes)';
  return null;
}

/** Control characters other than tab, newline, form feed and carriage return. */
const CONTROL = /[\x01-\x08\x0b\x0e-\x1f\x7f]/;

/** Binary when more than 5% of the first 8 KB are control characters. */
function controlProblem(bytes: Buffer): string | null {
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if ((b < 32 && b !== 9 && b !== 10 && b !== 12 && b !== 13) || b === 127) control++;
  }
  if (control > 8 && control / n > 0.05) return `binary content (${Math.round((100 * control) / n)}% control characters)`;
  return null;
}

function describeInvalidUtf8(bytes: Buffer): string {
  const at = firstInvalidUtf8(bytes);
  return at < 0 ? 'bad byte sequence' : `bad byte 0x${bytes[at].toString(16).padStart(2, '0')} at offset ${at}`;
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence, or -1. */
function firstInvalidUtf8(b: Buffer): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) { i++; continue; }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) { need = 2; if (c === 0xe0) lo = 0xa0; if (c === 0xed) hi = 0x9f; }
    else if (c >= 0xf0 && c <= 0xf4) { need = 3; if (c === 0xf0) lo = 0x90; if (c === 0xf4) hi = 0x8f; }
    else return i;
    if (i + need >= n) return i; // truncated at the end of the file
    if (b[i + 1] < lo || b[i + 1] > hi) return i;
    for (let k = 2; k <= need; k++) if ((b[i + k] & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return -1;
}

// ─── Assembling a corpus ───────────────────────────────────────────────────────────────────

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

/** Orders entries as the walk does: configured dir, then path segment by segment. */
export function compareEntries(a: FileEntry, b: FileEntry): number {
  const ka = sortKey(a);
  const kb = sortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function sortKey(entry: FileEntry): string {
  return `${String(entry.dirIndex).padStart(4, '0')}\0${entry.path.split(sep).join('\0')}`;
}

// ─── Loading ───────────────────────────────────────────────────────────────────────────────

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
