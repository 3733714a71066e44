import { decodeEntities } from './character-references.ts';
import { parseAttributionLine } from './quotes.ts';

// Markdown to plain paragraphs, line by line, without a Markdown parser: the text is for
// reading and retrieval, so syntax goes and words stay (link text yes, URLs and images no,
// code kept as text). Soft-wrapped lines of one paragraph are joined.

export interface MarkdownText {
  /** One paragraph per line. */
  text: string;
  /** The first level-1 heading (`# Title` or `Title\n===`), without syntax. */
  title: string | null;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX_OPEN = /^ {0,3}(#{1,6})(?:[ \t]+|$)/;
const SETEXT_H1 = /^ {0,3}=+[ \t]*$/;
const SETEXT_H2 = /^ {0,3}-+[ \t]*$/;
const HR = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const LIST_ITEM = /^\s*(?:[-*+]|\d{1,9}[.)])\s+/;
const REF_DEF = /^ {0,3}\[[^\]]+\]:\s*\S+/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$/;
const QUOTE_CLOSE = /["”»]\s*$/;

/** Where the reading is: paragraphs so far, the one being joined, and any open fence or comment. */
interface Reader {
  paragraphs: string[];
  current: string[];
  title: string | null;
  fence: string | null;
  code: string[];
  inComment: boolean;
}

export function markdownToText(src: string): MarkdownText {
  const r: Reader = { paragraphs: [], current: [], title: null, fence: null, code: [], inComment: false };
  for (const raw of src.split(/\r\n?|\n/)) {
    if (r.fence !== null) {
      codeLine(r, raw);
      continue;
    }
    const line = uncommented(r, raw);
    if (line !== null) blockLine(r, line);
  }
  flush(r);
  if (r.code.length) r.paragraphs.push(r.code.join(' '));
  return { text: r.paragraphs.filter((p) => p.length > 0).join('\n'), title: r.title };
}

function flush(r: Reader): void {
  if (r.current.length) r.paragraphs.push(r.current.join(' '));
  r.current = [];
}

function codeLine(r: Reader, line: string): void {
  if (line.trimStart().startsWith(r.fence!)) {
    if (r.code.length) r.paragraphs.push(r.code.join(' '));
    r.code = [];
    r.fence = null;
  } else if (line.trim()) r.code.push(line.trim());
}

/** The line without HTML comments; null when all of it is inside one. */
function uncommented(r: Reader, line: string): string | null {
  if (r.inComment) {
    const end = line.indexOf('-->');
    if (end < 0) return null;
    r.inComment = false;
    line = line.slice(end + 3);
  }
  line = withoutClosedComments(line);
  const open = line.indexOf('<!--');
  if (open >= 0) {
    r.inComment = true;
    line = line.slice(0, open);
  }
  return line;
}

function blockLine(r: Reader, line: string): void {
  const fenceMatch = FENCE.exec(line);
  if (fenceMatch) {
    flush(r);
    r.fence = fenceMatch[1][0].repeat(3);
    return;
  }
  // Block quotes are text like any other.
  while (/^ {0,3}>/.test(line)) line = line.replace(/^ {0,3}> ?/, '');
  if (!line.trim()) {
    flush(r);
    return;
  }
  const atx = atxHeading(line);
  if (atx) {
    flush(r);
    const text = inline(atx[2]);
    if (text) {
      if (atx[1].length === 1 && r.title === null) r.title = text;
      r.paragraphs.push(text);
    }
    return;
  }
  // Setext: the underline turns the paragraph above into a heading.
  if (r.current.length && (SETEXT_H1.test(line) || SETEXT_H2.test(line))) {
    const text = r.current.join(' ');
    r.current = [];
    if (SETEXT_H1.test(line) && r.title === null) r.title = text;
    r.paragraphs.push(text);
    return;
  }
  if (HR.test(line)) {
    flush(r);
    return;
  }
  if (REF_DEF.test(line) || TABLE_SEPARATOR.test(line) && line.includes('|')) return;
  // `- Name, role` right under a quotation is an attribution line, not a list item.
  const previous = r.current.length ? r.current[r.current.length - 1] : r.paragraphs[r.paragraphs.length - 1];
  if (previous !== undefined && QUOTE_CLOSE.test(previous) && parseAttributionLine(line.trim())) {
    flush(r);
    r.paragraphs.push(inline(line.trim()));
    return;
  }
  if (LIST_ITEM.test(line)) {
    flush(r);
    r.current.push(inline(line.replace(LIST_ITEM, '')));
    return;
  }
  if (/^\s*\|.*\|\s*$/.test(line)) {
    flush(r);
    const cells = line.trim().slice(1, -1).split('|').map((c) => inline(c)).filter(Boolean);
    if (cells.length) r.paragraphs.push(cells.join(' | '));
    return;
  }
  const text = inline(line);
  if (text) r.current.push(text);
}

/**
 * `# Heading #` → [match, hashes, text]. The pattern this replaces (a lazy text group before an
 * optional `#` run and trailing blanks) was quadratic on a long run of spaces.
 */
function atxHeading(line: string): [string, string, string] | null {
  const open = ATX_OPEN.exec(line);
  if (!open) return null;
  let text = line.slice(open[0].length).trimEnd();
  // A closing run of #s counts only after a blank (or as the whole text).
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--;
  if (end < text.length && (end === 0 || text[end - 1] === ' ' || text[end - 1] === '\t')) text = text.slice(0, end).trimEnd();
  return [line, open[1]!, text];
}

/** Removes every `<!-- … -->` that closes on this line, with one forward pass. */
function withoutClosedComments(line: string): string {
  if (!line.includes('<!--')) return line;
  const parts: string[] = [];
  let from = 0;
  for (;;) {
    const open = line.indexOf('<!--', from);
    if (open < 0) break;
    const close = line.indexOf('-->', open + 4);
    // No close after this opener means none after any later opener either.
    if (close < 0) break;
    parts.push(line.slice(from, open));
    from = close + 3;
  }
  parts.push(line.slice(from));
  return parts.join('');
}

const INLINE_SYNTAX = /[`*_~\[<&\\]/;
const ESCAPABLE = /\\([\\`*_{}\[\]()#+\-.!>~|<"'])/g;

/** Inline syntax → text. Escaped characters are parked in the private-use area meanwhile. */
function inline(s: string): string {
  // Most lines carry no inline syntax at all: skip the regex chain for them.
  if (!INLINE_SYNTAX.test(s)) return s.replace(/\s{2,}|[^\S ]/g, ' ').trim();
  let t = s.includes('\\') ? s.replace(ESCAPABLE, (_m, ch: string) => String.fromCharCode(0xe000 + ch.charCodeAt(0))) : s;
  if (t.includes('`')) t = t.replace(/`+([^`]+?)`+/g, '$1');
  if (t.includes('[')) {
    // Bracket and parenthesis contents exclude the opening mark too, so a failed match stops
    // at the next "[" / "(" / "<" instead of rescanning the rest of the line from every opener
    // (a line of "[" was quadratic); URL parts are bounded for the same reason.
    t = t
      .replace(/!\[[^\[\]]*\]\([^()]*\)/g, '')
      .replace(/!\[[^\[\]]*\]\[[^\[\]]*\]/g, '')
      .replace(/\[([^\[\]]+)\]\((?:[^()]|\([^()]*\)){0,2000}\)/g, '$1')
      .replace(/\[([^\[\]]+)\]\[[^\[\]]*\]/g, '$1');
  }
  if (t.includes('<')) t = t.replace(/<((?:https?|mailto):[^<>\s]+)>/g, '$1').replace(/<\/?[a-zA-Z][^<>]*>/g, '');
  if (t.includes('*') || t.includes('_')) {
    t = t
      .replace(/(\*\*|__)(?=\S)([\s\S]+?)(?<=\S)\1/g, '$2')
      .replace(/(^|[^\p{L}\p{N}*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\p{L}\p{N}])/gu, '$1$2')
      .replace(/(^|[^\p{L}\p{N}_])_(?=\S)([^_]+?)(?<=\S)_(?![\p{L}\p{N}])/gu, '$1$2');
  }
  if (t.includes('~~')) t = t.replace(/~~(?=\S)([\s\S]+?)(?<=\S)~~/g, '$1');
  t = decodeEntities(t);
  if (t !== s) t = t.replace(/[\ue000-\ue0ff]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xe000));
  return t.replace(/\s{2,}|[^\S ]/g, ' ').trim();
}
