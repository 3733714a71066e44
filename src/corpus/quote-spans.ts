import { SAY_WORDS } from './names.ts';

// Where the quotations of one paragraph are: double quote marks (straight, curly, guillemets)
// everywhere, UK-style 'single' speech marks only where a speech verb introduces them, since a
// single quote is far more often an apostrophe (don't, victims', 'n').

export interface Span {
  /** Index of the opening quote mark. */
  open: number;
  /** Index of the closing quote mark, or the paragraph's length for a running quote. */
  close: number;
  /** No closing mark: the quotation runs on into the next paragraph (news style). */
  running?: boolean;
}

export interface ParagraphSpans {
  spans: Span[];
  /** An opening mark with no closing mark by the end of the paragraph, or -1. */
  unclosed: number;
}

/** Double-quoted spans: straight, curly and guillemets, tolerant of mixed pairs. */
export function findQuoteSpans(text: string, end = text.length): Span[] {
  return doubleQuoteSpans(text, end).spans;
}

/** Double-quoted spans and the position of a trailing opener left unclosed. */
export function doubleQuoteSpans(text: string, end = text.length): ParagraphSpans {
  const spans: Span[] = [];
  let open = -1;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x201c || c === 0xab || c === 0x201e) {
      open = i;
    } else if (c === 0x201d || c === 0xbb) {
      if (open >= 0) { spans.push({ open, close: i }); open = -1; }
    } else if (c === 34) {
      if (open >= 0) {
        spans.push({ open, close: i });
        open = -1;
      } else {
        // A straight quote opens only at a word start, so `5"` (inches) is not an opener.
        const prev = i > 0 ? text.charCodeAt(i - 1) : 32;
        const next = i + 1 < end ? text.charCodeAt(i + 1) : 32;
        if (!isWordChar(prev) && next !== 32 && next !== 10) open = i;
      }
    }
  }
  return { spans, unclosed: open };
}

export function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 0xbf;
}

export function hasDoubleQuoteMark(text: string): boolean {
  return text.includes('"') || text.includes('“') || text.includes('«') || text.includes('„');
}

/** The paragraph opens with a double quote mark (a running quotation continues here). */
export function opensWithDoubleQuote(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 34 || c === 0x201c || c === 0xab || c === 0x201e;
}

/** The paragraph opens with a single speech mark followed by a capital: `'From supporting…`. */
export function opensWithSingleQuote(text: string): boolean {
  const c = text.charCodeAt(0);
  return (c === 39 || c === 0x2018) && text.length > 1 && isUpper(text.charCodeAt(1));
}

function isUpper(c: number): boolean {
  if (c < 128) return c >= 65 && c <= 90;
  const ch = String.fromCharCode(c);
  return ch !== ch.toLowerCase();
}

// ─── Single speech marks ───────────────────────────────────────────────────────────────────

const SAY_SET = new Set(SAY_WORDS.filter((w) => !w.includes(' ')));
/** `said: '` may name the audience between verb and colon ("told the BBC: '"); `said, '` may not. */
const SAY_THEN_COLON = new RegExp(String.raw`\b(?:${SAY_WORDS.join('|')})\b[^.!?'"‘’“”]{0,40}$`, 'u');

/**
 * Single-quoted speech: spans opened by a speech verb and a colon or comma (`said: 'We…`), or
 * at the paragraph start when the previous paragraph's single-quoted speech ran on. Only for
 * paragraphs without double quote marks (where single marks would be quotes within quotes).
 */
export function singleQuoteSpans(text: string, continuesRunning: boolean): ParagraphSpans {
  const spans: Span[] = [];
  let from = 0;
  if (continuesRunning && opensWithSingleQuote(text)) {
    const close = singleCloser(text, 1);
    if (close < 0) return { spans, unclosed: 0 };
    spans.push({ open: 0, close });
    from = close + 1;
  }
  for (let open = nextIntroduced(text, from); open >= 0; open = nextIntroduced(text, from)) {
    const close = singleCloser(text, open + 1);
    if (close < 0) return { spans, unclosed: open };
    spans.push({ open, close });
    from = close + 1;
  }
  return { spans, unclosed: -1 };
}

/** Cheap test before the scan: a mark right after a colon or comma, or a running quotation. */
export function mayHaveSingleQuotes(text: string, continuesRunning: boolean): boolean {
  if (continuesRunning && opensWithSingleQuote(text)) return true;
  return text.includes(": '") || text.includes(': ‘') || text.includes(", '") || text.includes(', ‘');
}

/** The next opening single mark introduced by a speech verb, from `from` on; -1 if none. */
function nextIntroduced(text: string, from: number): number {
  for (let i = from + 2; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c !== 39 && c !== 0x2018) continue;
    if (text.charCodeAt(i - 1) !== 32 || !isUpper(text.charCodeAt(i + 1))) continue;
    const punct = text.charCodeAt(i - 2);
    if (punct === 58 /* : */ && SAY_THEN_COLON.test(text.slice(Math.max(from, i - 62), i - 2))) return i;
    if (punct === 44 /* , */ && SAY_SET.has(lastWord(text, i - 2))) return i;
  }
  return -1;
}

function lastWord(text: string, end: number): string {
  let s = end;
  while (s > 0 && isWordChar(text.charCodeAt(s - 1))) s--;
  return text.slice(s, end).toLowerCase();
}

/**
 * A closing single mark: right after `.`, `,`, `!` or `?` and before a space or the end. An
 * apostrophe follows a letter (don't, victims'), so it never closes.
 */
function singleCloser(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 39 && c !== 0x2019) continue;
    const prev = text.charCodeAt(i - 1);
    if (prev !== 46 && prev !== 44 && prev !== 33 && prev !== 63) continue;
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 32;
    if (next === 32 || next === 10) return i;
  }
  return -1;
}
