import type { Sentence } from './corpus-types.ts';

// Sentence splitting = ICU's sentence segmenter + merge rules. V8 ships ICU without the
// abbreviation suppressions, so the segmenter breaks after "Mr.", "John F." or `"Why?"` in
// `"Why?" she asked`; the rules below glue those pieces back together. One Segmenter is shared:
// creating one costs far more than segmenting a paragraph.

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Abbreviations that precede a name or a clause: never the end of a sentence. */
const ALWAYS_JOIN = new Set([
  'mr.', 'mrs.', 'ms.', 'mx.', 'dr.', 'prof.', 'gen.', 'sen.', 'rep.', 'st.', 'gov.', 'lt.', 'col.', 'capt.',
  'sgt.', 'cpl.', 'adm.', 'maj.', 'cmdr.', 'rev.', 'hon.', 'pres.', 'supt.', 'mt.', 'ft.', 'messrs.', 'mmes.',
  'vs.', 'v.', 'e.g.', 'i.e.', 'cf.', 'approx.', 'ca.', 'dept.', 'est.', 'fig.', 'atty.', 'insp.',
]);

/** Abbreviations that can also close a sentence: join unless the next word starts a sentence. */
const USUALLY_JOIN = new Set([
  'inc.', 'corp.', 'ltd.', 'co.', 'jr.', 'sr.', 'bros.', 'plc.', 'llc.', 'a.m.', 'p.m.',
]);

const MONTHS = new Set([
  'jan.', 'feb.', 'mar.', 'apr.', 'jun.', 'jul.', 'aug.', 'sep.', 'sept.', 'oct.', 'nov.', 'dec.',
]);

/** `No. 5`, `Nos. 3 and 4`, `Art. 5`, `p. 12`: abbreviations that join only before a number. */
const BEFORE_NUMBER = new Set(['no.', 'nos.', 'art.', 'p.', 'pp.', 'vol.', 'ch.', 'sec.', 'para.']);

/** Words that typically open a sentence; after an ambiguous abbreviation they mean "split here". */
const SENTENCE_STARTERS = new Set([
  'the', 'a', 'an', 'he', 'she', 'it', 'they', 'we', 'i', 'you', 'this', 'that', 'these', 'those', 'there',
  'here', 'but', 'and', 'or', 'so', 'yet', 'however', 'meanwhile', 'still', 'in', 'on', 'at', 'for', 'after',
  'before', 'as', 'if', 'when', 'while', 'its', 'his', 'her', 'their', 'our', 'my', 'your', 'some', 'many',
  'most', 'both', 'each', 'such', 'what', 'why', 'how', 'who', 'where', 'which', 'also', 'then', 'now',
  'today', 'yesterday', 'tomorrow', 'earlier', 'later', 'last', 'next', 'according', 'despite', 'although',
  'though', 'since', 'because', 'under', 'with', 'without', 'during', 'by', 'from', 'to', 'not', 'only',
  'even', 'all', 'another', 'one', 'several', 'no', 'nor', 'neither', 'either', 'instead', 'indeed',
  'moreover', 'furthermore', 'thus', 'therefore', 'overall', 'officials', 'analysts', 'experts', 'critics',
  'shares', 'stocks', 'prices', 'sales',
]);

const OPENING_PUNCT = /^[\s"“‘'(\[«]+/;

/**
 * Splits text into trimmed sentences with their offsets in `text`. Line breaks always end a
 * sentence (paragraphs and attribution lines are separate units upstream).
 */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let curStart = -1;
  let curEnd = 0;
  for (const seg of segmenter.segment(text)) {
    const segStart = seg.index;
    const segEnd = segStart + seg.segment.length;
    if (curStart >= 0 && shouldJoin(text, curStart, curEnd, segStart, segEnd)) {
      curEnd = segEnd;
      continue;
    }
    if (curStart >= 0) push(out, text, curStart, curEnd);
    curStart = segStart;
    curEnd = segEnd;
  }
  if (curStart >= 0) push(out, text, curStart, curEnd);
  return out;
}

function push(out: Sentence[], text: string, start: number, end: number): void {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  if (end > start) out.push({ text: text.slice(start, end), start });
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0x3000;
}

/** Should the segment [nextStart, nextEnd) continue the sentence [prevStart, prevEnd)? */
function shouldJoin(text: string, prevStart: number, prevEnd: number, nextStart: number, nextEnd: number): boolean {
  // Trailing whitespace of the previous piece: a line break is a hard boundary.
  let p = prevEnd;
  while (p > prevStart && isSpace(text.charCodeAt(p - 1))) {
    const c = text.charCodeAt(p - 1);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return false;
    p--;
  }
  if (p === prevStart) return true; // whitespace-only piece
  const gap = prevEnd - p; // whitespace between the two pieces
  let n = nextStart;
  while (n < nextEnd && isSpace(text.charCodeAt(n))) n++;
  if (n === nextEnd) return true;
  const first = text.charCodeAt(n);

  // `"Why?" she asked.` / `U.S. officials`: a sentence does not start with a lowercase letter.
  if (isLower(first)) return true;
  // `"…our vision." — Dmitry Peskov`: a dash continues the sentence it follows.
  if (first === 0x2014 || first === 0x2013 || (first === 45 && text.charCodeAt(n + 1) === 45)) return true;

  if (text.charCodeAt(p - 1) !== 46 /* . */) return false;
  // Decimals ("3.5") — ICU already keeps these, but a stray break must not split a number.
  if (gap === 0 && isDigit(first) && isDigit(text.charCodeAt(p - 2))) return true;

  const token = lastToken(text, prevStart, p);
  const lower = token.toLowerCase();
  if (ALWAYS_JOIN.has(lower)) return true;
  if (BEFORE_NUMBER.has(lower)) return isDigit(first);
  const nextWord = firstWord(text, n, nextEnd);
  const opensQuote = first === 34 || first === 0x201c || first === 0x2018 || first === 0xab;
  if (MONTHS.has(lower)) return isDigit(first) || (!opensQuote && !SENTENCE_STARTERS.has(nextWord));
  if (USUALLY_JOIN.has(lower) || isInitial(token) || isDottedAcronym(token)) {
    return !opensQuote && !SENTENCE_STARTERS.has(nextWord);
  }
  return false;
}

/** The whitespace-delimited token ending at `end`, without opening punctuation. */
function lastToken(text: string, from: number, end: number): string {
  let s = end;
  while (s > from && !isSpace(text.charCodeAt(s - 1))) s--;
  return text.slice(s, end).replace(OPENING_PUNCT, '');
}

function firstWord(text: string, from: number, end: number): string {
  let e = from;
  while (e < end && /[\p{L}\p{N}'’-]/u.test(text[e])) e++;
  return text.slice(from, e).toLowerCase();
}

/** "F." in "John F. Kennedy". */
function isInitial(token: string): boolean {
  return token.length === 2 && isUpper(token.charCodeAt(0));
}

/** "U.S.", "U.K.", "D.C.", "J.R.R.". */
function isDottedAcronym(token: string): boolean {
  return /^(?:\p{L}\.){2,}$/u.test(token);
}

function isLower(c: number): boolean {
  if (c >= 97 && c <= 122) return true;
  if (c < 128) return false;
  const ch = String.fromCharCode(c);
  return ch !== ch.toUpperCase() && ch === ch.toLowerCase();
}

function isUpper(c: number): boolean {
  if (c >= 65 && c <= 90) return true;
  if (c < 128) return false;
  const ch = String.fromCharCode(c);
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
