import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import type { Document, Passage } from './corpus-types.ts';
import { dateInHtml, dateInText } from './document-date.ts';
import { splitFrontMatter } from './front-matter.ts';
import { htmlToText } from './html.ts';
import { markdownToText } from './markdown.ts';
import { buildPassages, toParagraphs } from './passages.ts';
import { plainText, plainTitleLine } from './plain-text.ts';
import { splitSentences } from './sentences.ts';

export type DocumentFormat = 'txt' | 'md' | 'html';

export interface ParseInput {
  /** The decoded file content. */
  text: string;
  /** As shown to users (relative to the cwd when possible). */
  path: string;
  format: DocumentFormat;
  /**
   * What the source already knows better than the text (a feed's item title, link, outlet and
   * date; an id stable across edits of the text). Overrides what parsing would find.
   */
  known?: Partial<Pick<Document, 'id' | 'hash' | 'title' | 'date' | 'source' | 'url' | 'topics'>>;
}

/**
 * The document plus non-fatal problems found while parsing (e.g. malformed front matter, which
 * is then read as plain text). The loader turns warnings into LoadWarnings for the file.
 */
export interface ParseResult {
  document: Document;
  warnings: string[];
}

const MAX_DERIVED_TITLE = 80;

/**
 * Parses one file's text into a Document. Pure and synchronous; `id`/`hash` come from the
 * content only (sha256 of its UTF-8 bytes, a byte-order mark included), so the same bytes
 * always yield the same ids.
 */
export function parseDocument(input: ParseInput): ParseResult {
  const warnings: string[] = [];
  // The loader decodes with the BOM kept, so this is the sha256 of the file's bytes.
  const known = input.known ?? {};
  const hash = known.hash ?? createHash('sha256').update(input.text, 'utf8').digest('hex');
  const id = known.id ?? hash.slice(0, 12);
  const content = input.text.charCodeAt(0) === 0xfeff ? input.text.slice(1) : input.text;

  const read = readBody(input.format, content);
  warnings.push(...read.warnings);
  let { title, dropFirstIfTitle } = read;
  let date = read.date;
  const body = read.body;

  if (known.title) {
    title = known.title;
    dropFirstIfTitle = true;
  }
  let lines = body.split('\n');
  if (dropFirstIfTitle && title && lines.length > 1 && sameText(lines[0], title)) lines = lines.slice(1);
  const paragraphs = toParagraphs(lines);
  const { passages, quotes, text } = buildPassages(id, paragraphs);

  if (!title) title = deriveTitle(passages) ?? fileTitle(input.path);
  // The date comes from the document or is null; the file time is when it was copied, not written.
  date ??= (input.format === 'html' ? dateInHtml(content) : null) ?? dateInText(text) ?? dateInText(title);

  const document: Document = {
    id, hash, path: input.path, title, text, passages, quotes,
    date: known.date ?? date,
    source: known.source ?? read.source,
    url: known.url ?? read.url,
    topics: known.topics ?? read.topics,
  };
  return { document, warnings };
}

/** What a format's markup gives: the text, and what the file says about itself. */
interface Body {
  body: string;
  title: string | null;
  date: string | null;
  source: string | null;
  url: string | null;
  topics: string[];
  /** The text repeats the title as its first line. */
  dropFirstIfTitle: boolean;
  warnings: string[];
}

function readBody(format: DocumentFormat, content: string): Body {
  const none = { date: null, source: null, url: null, topics: [], warnings: [] };
  if (format === 'md') return readMarkdown(content);
  if (format === 'html') {
    const html = htmlToText(content);
    return { ...none, body: html.text, title: html.title, dropFirstIfTitle: html.h1 !== null };
  }
  const firstLine = plainTitleLine(content);
  return { ...none, body: plainText(content), title: firstLine, dropFirstIfTitle: firstLine !== null };
}

function readMarkdown(content: string): Body {
  const out: Body = { body: '', title: null, date: null, source: null, url: null, topics: [], dropFirstIfTitle: false, warnings: [] };
  const fm = splitFrontMatter(content);
  let markdown = fm.body;
  if (fm.kind === 'ok') {
    ({ title: out.title, date: out.date, source: out.source, url: out.url, topics: out.topics } = fm.data);
    out.warnings.push(...fm.warnings);
  } else if (fm.kind === 'invalid') {
    out.warnings.push(`malformed front matter (${fm.error}); its lines are read as text`);
    markdown = content.replace(/^\uFEFF?---[ \t]*\r?\n/, '').replace(/^(?:---|\.\.\.)[ \t]*$/m, '');
  }
  const md = markdownToText(markdown);
  out.body = md.text;
  if (!out.title && md.title) out.title = md.title;
  out.dropFirstIfTitle = md.title !== null;
  return out;
}

// ─── Titles ────────────────────────────────────────────────────────────────────────────────

/** The first sentence of the first substantial passage, cut at a word boundary to at most ~80 characters. */
function deriveTitle(passages: readonly Passage[]): string | null {
  // Skip a leading dateline or byline ("March 3, 2025", "By Jane Doe"): they make poor titles.
  const lead = passages.slice(0, 3).find((p) => !/^by\s/i.test(p.text) && p.text.split(' ').filter((w) => /\p{L}{2}/u.test(w)).length >= 4);
  const text = (lead ?? passages[0])?.text;
  if (!text) return null;
  // Only a sentence end within the first ~80 characters matters; without one, skip segmenting.
  const head80 = text.slice(0, MAX_DERIVED_TITLE + 2);
  const first = /[.!?]/.test(head80) ? (splitSentences(text.slice(0, 400))[0]?.text ?? text) : text;
  const sentence = first.replace(/\s+/g, ' ').trim();
  if (sentence.length <= MAX_DERIVED_TITLE) return sentence.replace(/(?<![A-Z])\.$/, '');
  const cut = sentence.slice(0, MAX_DERIVED_TITLE + 1);
  const space = cut.lastIndexOf(' ');
  const head = (space > 20 ? cut.slice(0, space) : sentence.slice(0, MAX_DERIVED_TITLE)).replace(/[\s,;:—–-]+$/, '');
  return `${head}…`;
}

function fileTitle(path: string): string {
  return basename(path, extname(path)).replace(/[_-]+/g, ' ').trim() || path;
}

function sameText(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  return norm(a) === norm(b);
}
