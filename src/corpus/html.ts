import { decodeEntities } from './character-references.ts';
import { replaceTags, scanTags } from './html-tags.ts';

// A tolerant HTML-to-text extractor for saved articles: no DOM, one pass over the tags. Block
// elements become line breaks (one paragraph per line), invisible elements are dropped, and
// unclosed or malformed markup degrades to text rather than failing.

export interface HtmlText {
  /** One paragraph per line. */
  text: string;
  /** `<title>`, else the first `<h1>`; null when neither has text. */
  title: string | null;
  /** Text of the first `<h1>`, if any (parse drops it from the body when it repeats the title). */
  h1: string | null;
}

const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'br', 'caption', 'center', 'dd', 'details', 'dialog',
  'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'hgroup', 'hr', 'html', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table',
  'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'option', 'legend', 'menu',
]);

// Each pattern below ends at the end of the text when what it opened is never closed (an
// unclosed `<script`, `<!` or `<head` runs to the end, as in browsers). Requiring the closing
// ">" instead made the engine rescan the rest of the text from every opener: quadratic.
const INVISIBLE = /<(script|style|noscript|template|svg|math|iframe|object|canvas|select|button)\b[^>]*(?:>[\s\S]*?(?:<\/\1\s*>|$)|$)/gi;
const COMMENT = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<![^>]*(?:>|$)|<\?[^>]*(?:>|$)/g;
// A <head> without its closing tag ends where <body> (or the first body-only element) starts.
const HEAD = /<head\b[^>]*(?:>[\s\S]*?(?:<\/head\s*>|(?=<(?:body|p|div|h[1-6]|article|main|section)\b)|$)|$)/i;
const TITLE_OPEN = /<title\b[^>]*(?:>|$)/i;
const TITLE_CLOSE = /<\/title\s*>/gi;
const TITLE_ALL = /<title\b[^>]*(?:>[\s\S]*?(?:<\/title\s*>|$)|$)/gi;

export function htmlToText(html: string): HtmlText {
  let src = html.replace(COMMENT, ' ');
  const titleText = firstTitle(src);
  let title = titleText !== null ? clean(stripTags(titleText)) : null;
  // <title> lives in <head>, which goes; a <title> outside a <head> goes too.
  src = src.replace(INVISIBLE, ' ').replace(HEAD, ' ').replace(TITLE_ALL, ' ');

  const out: string[] = [];
  let h1: string | null = null;
  let h1Start = -1;
  let last = 0;
  scanTags(src, (m) => {
    if (m.index > last) out.push(textNode(src.slice(last, m.index)));
    last = m.end;
    const name = m.name.toLowerCase();
    if (BLOCK.has(name)) out.push('\n');
    if (name === 'h1' && h1 === null) {
      if (!m.closing) h1Start = out.length;
      else if (h1Start >= 0) {
        const text = clean(decodeEntities(out.slice(h1Start).join('')));
        if (text) h1 = text;
        h1Start = -1;
      }
    }
  });
  if (last < src.length) out.push(textNode(src.slice(last)));

  const lines = decodeEntities(out.join(''))
    .split('\n')
    .map(clean)
    .filter((line) => line.length > 0);
  if (!title) title = h1;
  return { text: lines.join('\n'), title: title || null, h1 };
}

/** Line breaks inside text are plain spaces in HTML; only block elements break paragraphs. */
function textNode(s: string): string {
  return /[\n\r\t\f]/.test(s) ? s.replace(/[\n\r\t\f]+/g, ' ') : s;
}

function stripTags(s: string): string {
  return decodeEntities(replaceTags(s, ' '));
}

/**
 * The text of the first `<title>…</title>`, or null. One forward search: if the first opening
 * tag has no closing tag after it, no later one has either.
 */
function firstTitle(src: string): string | null {
  const open = TITLE_OPEN.exec(src);
  if (!open || !open[0].endsWith('>')) return null;
  const start = open.index + open[0].length;
  TITLE_CLOSE.lastIndex = start;
  const close = TITLE_CLOSE.exec(src);
  return close ? src.slice(start, close.index) : null;
}

/** Collapses HTML whitespace (newlines inside a paragraph are spaces). */
function clean(s: string): string {
  return s.replace(/\s{2,}|[^\S ]/g, ' ').trim();
}
