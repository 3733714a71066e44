import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import type { Document, Passage, Quote, Sentence } from './corpus-types.ts';
import { dateInHtml, dateInText } from './document-date.ts';
import { splitFrontMatter } from './front-matter.ts';
import { htmlToText } from './html.ts';
import { markdownToText } from './markdown.ts';
import { findQuotes, parseAttributionLine, type QuoteParagraph } from './quotes.ts';
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

/** A paragraph longer than this many words is split into passages of whole sentences. */
export const MAX_PASSAGE_WORDS = 120;
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

  let title: string | null = null;
  let date: string | null = null;
  let source: string | null = null;
  let url: string | null = null;
  let topics: string[] = [];
  let body: string;
  let dropFirstIfTitle = false;

  if (input.format === 'md') {
    const fm = splitFrontMatter(content);
    let markdown = fm.body;
    if (fm.kind === 'ok') {
      ({ title, date, source, url, topics } = fm.data);
      warnings.push(...fm.warnings);
    } else if (fm.kind === 'invalid') {
      warnings.push(`malformed front matter (${fm.error}); its lines are read as text`);
      markdown = content.replace(/^\uFEFF?---[ \t]*\r?\n/, '').replace(/^(?:---|\.\.\.)[ \t]*$/m, '');
    }
    const md = markdownToText(markdown);
    body = md.text;
    if (!title && md.title) {
      title = md.title;
    }
    dropFirstIfTitle = md.title !== null;
  } else if (input.format === 'html') {
    const html = htmlToText(content);
    body = html.text;
    title = html.title;
    dropFirstIfTitle = html.h1 !== null;
  } else {
    body = plainText(content);
    const firstLine = plainTitleLine(content);
    if (firstLine) {
      title = firstLine;
      dropFirstIfTitle = true;
    }
  }

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
    source: known.source ?? source,
    url: known.url ?? url,
    topics: known.topics ?? topics,
  };
  return { document, warnings };
}

// ─── Plain text ────────────────────────────────────────────────────────────────────────────

/**
 * Plain text: one paragraph per line (news dumps put single newlines between paragraphs).
 * Hard-wrapped text (blank lines between paragraphs, lines of similar width) is unwrapped, and
 * a line that ends mid-sentence and continues in lowercase is joined to the next.
 */
const SENTENCE_END = /[.!?:;"”’)\]…]/;

function plainText(raw: string): string {
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = text.split('\n').map(squeeze);
  const wrapped = looksHardWrapped(lines);
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line) {
      if (current) out.push(current);
      current = '';
      continue;
    }
    if (!current) { current = line; continue; }
    const join = !isDashLine(line) && !/^(?:[-*•]|\d{1,3}[.)])\s/.test(line) &&
      // `current` ends with the previous line; testing that line's last character, not the
      // growing paragraph, keeps a file of many short lines linear (an end-anchored regex or a
      // slice of the concatenated string re-reads the whole paragraph on every line).
      (wrapped || (!SENTENCE_END.test(lines[i - 1].slice(-1)) && /^[\p{Ll}\p{N}(]/u.test(line)));
    if (join) current += ' ' + line;
    else { out.push(current); current = line; }
  }
  if (current) out.push(current);
  return out.join('\n');
}

/** Starts like an attribution line (`— Name`), which never continues the line above. */
function isDashLine(line: string): boolean {
  const c = line.charCodeAt(0);
  return (c === 0x2014 || c === 0x2013 || c === 0x2015 || c === 45 || c === 126) && parseAttributionLine(line) !== null;
}

/** Tabs, no-break spaces and runs of spaces → one space (single spaces are left alone: fast). */
function squeeze(line: string): string {
  return line.replace(/[\t\f\v\u00a0 ]{2,}|[\t\f\v\u00a0]/g, ' ').trim();
}

function looksHardWrapped(lines: readonly string[]): boolean {
  let nonEmpty = 0;
  let blank = 0;
  let max = 0;
  let mid = 0;
  for (const l of lines) {
    if (!l) { blank++; continue; }
    nonEmpty++;
    if (l.length > max) max = l.length;
    if (l.length >= 40 && l.length <= 100) mid++;
  }
  return blank > 0 && nonEmpty >= 6 && max <= 110 && nonEmpty > blank * 1.5 && mid / nonEmpty > 0.6;
}

/** A short first line followed by a blank line and no sentence punctuation: the title. */
function plainTitleLine(raw: string): string | null {
  const m = /^\uFEFF?[ \t]*([^\n]{1,150}?)[ \t]*\r?\n[ \t]*\r?\n\s*\S/.exec(raw);
  if (!m) return null;
  const line = m[1].replace(/\s+/g, ' ');
  // Three real words at least: a dateline ("March 3, 2025") or a byline is not a title.
  const wordy = line.split(' ').filter((w) => /\p{L}{2}/u.test(w)).length;
  if (/[.!?:;,"”]$/.test(line) || wordy < 3 || /^by\s/i.test(line) || parseAttributionLine(line)) return null;
  return line;
}

// ─── Paragraphs, passages, quotes ──────────────────────────────────────────────────────────

/** Lines → paragraphs; an attribution line joins the quotation above it. */
function toParagraphs(lines: readonly string[]): QuoteParagraph[] {
  const out: QuoteParagraph[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    const prev = out[out.length - 1];
    if (prev && !prev.attribution && /^["“«„]/.test(prev.text) && (line[0] === '—' || line[0] === '–' || line[0] === '-' || line[0] === '―' || line[0] === '~')) {
      const attribution = parseAttributionLine(line);
      if (attribution) {
        prev.attributionStart = prev.text.length + 1;
        prev.text = `${prev.text} ${line}`;
        prev.attribution = attribution;
        continue;
      }
    }
    out.push({ text: line, attribution: null });
  }
  return out;
}

function buildPassages(docId: string, paragraphs: readonly QuoteParagraph[]): { passages: Passage[]; quotes: Quote[]; text: string } {
  const text = paragraphs.map((p) => p.text).join('\n\n');
  const passages: Passage[] = [];
  /** Per paragraph: [start offset in paragraph, passage] for each of its passages. */
  const chunksOf: Array<Array<{ start: number; passage: Passage }>> = [];
  for (let p = 0; p < paragraphs.length; p++) {
    const para = paragraphs[p].text;
    const chunks: Array<{ start: number; passage: Passage }> = [];
    if (!isLong(para)) {
      const passage = lazyPassage(docId, passages.length, para);
      passages.push(passage);
      chunks.push({ start: 0, passage });
    } else {
      for (const group of chunkSentences(splitSentences(para))) {
        const start = group[0].start;
        const last = group[group.length - 1];
        const index = passages.length;
        const passage: Passage = {
          id: `${docId}.${index}`,
          docId,
          index,
          text: para.slice(start, last.start + last.text.length),
          sentences: start === 0 ? group : group.map((x) => ({ text: x.text, start: x.start - start })),
        };
        passages.push(passage);
        chunks.push({ start, passage });
      }
    }
    chunksOf.push(chunks);
  }

  const quotes: Quote[] = [];
  for (const q of findQuotes(paragraphs)) {
    const chunks = chunksOf[q.paragraph];
    let chunk = chunks[0];
    for (const c of chunks) if (c.start <= q.start) chunk = c;
    quotes.push({ text: q.text, speaker: q.speaker, role: q.role, docId, passageId: chunk.passage.id });
  }
  return { passages, quotes, text };
}

/**
 * A passage whose sentences are split on first read. Segmenting is the costliest step of a
 * load and most passages are only ever indexed, never split, so it waits until an engine asks.
 * A class (not an object-literal getter, which costs ~1 µs per object to create): `sentences`
 * lives on the prototype, so `toJSON` spells it out; spread or structuredClone would drop it.
 */
class LazyPassage implements Passage {
  readonly id: string;
  readonly docId: string;
  readonly index: number;
  readonly text: string;
  #sentences: Sentence[] | undefined;

  constructor(docId: string, index: number, text: string) {
    this.id = `${docId}.${index}`;
    this.docId = docId;
    this.index = index;
    this.text = text;
  }

  get sentences(): Sentence[] {
    return (this.#sentences ??= splitSentences(this.text));
  }

  toJSON(): Passage {
    return { id: this.id, docId: this.docId, index: this.index, text: this.text, sentences: this.sentences };
  }
}

function lazyPassage(docId: string, index: number, text: string): Passage {
  return new LazyPassage(docId, index, text);
}

/**
 * More than MAX_PASSAGE_WORDS words. Paragraphs under 5 characters a word are not counted:
 * English prose runs ~6, so the limit is approximate by design and cheap for most paragraphs.
 */
function isLong(para: string): boolean {
  return para.length > 5 * MAX_PASSAGE_WORDS && countWords(para) > MAX_PASSAGE_WORDS;
}

/** Groups a paragraph's sentences into passages of about MAX_PASSAGE_WORDS, never inside a quotation. */
function chunkSentences(sentences: Sentence[]): Sentence[][] {
  if (sentences.length <= 1) return [sentences];
  const words = sentences.map((x) => countWords(x.text));
  const total = words.reduce((a, b) => a + b, 0);
  const parts = Math.ceil(total / MAX_PASSAGE_WORDS);
  const target = total / parts;
  const groups: Sentence[][] = [];
  let group: Sentence[] = [];
  let count = 0;
  let openQuote = false;
  for (let i = 0; i < sentences.length; i++) {
    if (group.length && !openQuote && (count + words[i] > MAX_PASSAGE_WORDS || count >= target)) {
      groups.push(group);
      group = [];
      count = 0;
    }
    group.push(sentences[i]);
    count += words[i];
    if (quoteBalance(sentences[i].text)) openQuote = !openQuote;
  }
  if (group.length) groups.push(group);
  return groups;
}

/** True when the sentence opens or closes a quotation without doing both. */
function quoteBalance(sentence: string): boolean {
  let straight = 0;
  let curly = 0;
  for (let i = 0; i < sentence.length; i++) {
    const c = sentence.charCodeAt(i);
    if (c === 34) straight++;
    else if (c === 0x201c) curly++;
    else if (c === 0x201d) curly--;
  }
  return straight % 2 === 1 || curly !== 0;
}

/** Words = spaces + 1: paragraph text has single spaces between words (squeezed upstream). */
function countWords(s: string): number {
  let n = 1;
  for (let i = s.indexOf(' '); i !== -1; i = s.indexOf(' ', i + 1)) n++;
  return n;
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
