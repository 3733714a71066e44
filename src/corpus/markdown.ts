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

export function markdownToText(src: string): MarkdownText {
  const lines = src.split(/\r\n?|\n/);
  const paragraphs: string[] = [];
  let current: string[] = [];
  let title: string | null = null;
  let fence: string | null = null;
  let code: string[] = [];
  let inComment = false;

  const flush = () => {
    if (current.length) paragraphs.push(current.join(' '));
    current = [];
  };

  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (fence !== null) {
      if (line.trimStart().startsWith(fence)) {
        if (code.length) paragraphs.push(code.join(' '));
        code = [];
        fence = null;
      } else if (line.trim()) code.push(line.trim());
      continue;
    }
    if (inComment) {
      const end = line.indexOf('-->');
      if (end < 0) continue;
      inComment = false;
      line = line.slice(end + 3);
    }
    line = withoutClosedComments(line);
    const open = line.indexOf('<!--');
    if (open >= 0) {
      inComment = true;
      line = line.slice(0, open);
    }
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch) {
      flush();
      fence = fenceMatch[1][0].repeat(3);
      continue;
    }
    // Block quotes are text like any other.
    while (/^ {0,3}>/.test(line)) line = line.replace(/^ {0,3}> ?/, '');
    if (!line.trim()) {
      flush();
      continue;
    }
    const atx = atxHeading(line);
    if (atx) {
      flush();
      const text = inline(atx[2]);
      if (text) {
        if (atx[1].length === 1 && title === null) title = text;
        paragraphs.push(text);
      }
      continue;
    }
    // Setext: the underline turns the paragraph above into a heading.
    if (current.length && (SETEXT_H1.test(line) || SETEXT_H2.test(line))) {
      const text = current.join(' ');
      current = [];
      if (SETEXT_H1.test(line) && title === null) title = text;
      paragraphs.push(text);
      continue;
    }
    if (HR.test(line)) {
      flush();
      continue;
    }
    if (REF_DEF.test(line) || TABLE_SEPARATOR.test(line) && line.includes('|')) continue;
    // `- Name, role` right under a quotation is an attribution line, not a list item.
    const previous = current.length ? current[current.length - 1] : paragraphs[paragraphs.length - 1];
    if (previous !== undefined && QUOTE_CLOSE.test(previous) && parseAttributionLine(line.trim())) {
      flush();
      paragraphs.push(inline(line.trim()));
      continue;
    }
    if (LIST_ITEM.test(line)) {
      flush();
      current.push(inline(line.replace(LIST_ITEM, '')));
      continue;
    }
    if (/^\s*\|.*\|\s*$/.test(line)) {
      flush();
      const cells = line.trim().slice(1, -1).split('|').map((c) => inline(c)).filter(Boolean);
      if (cells.length) paragraphs.push(cells.join(' | '));
      continue;
    }
    const text = inline(line);
    if (text) current.push(text);
  }
  flush();
  if (code.length) paragraphs.push(code.join(' '));
  return { text: paragraphs.filter((p) => p.length > 0).join('\n'), title };
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
