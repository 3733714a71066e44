import { closeSync, constants, fstatSync, openSync, readFileSync, realpathSync, type Stats } from 'node:fs';
import type { Document, LoadWarning } from './corpus-types.ts';
import { codeOf, displayPath, formatOf, kindName, type FileEntry } from './corpus-scan.ts';
import { parseDocument } from './parse.ts';
import type { SeedRoots } from './seed-roots.ts';

// Reading one file of a corpus into a document. Unreadable, oversized, binary, non-UTF-8 and
// empty files come back as warnings: nothing here throws for a file's sake.

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
