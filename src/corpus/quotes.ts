import { Cast } from './cast.ts';
import {
  ADVERB, ANY_SAY, cleanName, NAME, SAY, SAY_BEFORE_SPEAKER, stripArticle, validRole,
} from './names.ts';

// Quotes and who said them, from plain paragraphs, with cheap patterns (no NLP library: this
// runs on every document at ingest). The guiding rule is precision: a quote with the wrong
// speaker is worse than one with `speaker: null`, so every ambiguous case resolves to null.

/** The speaker named by an attribution line such as `— Dmitry Peskov, Kremlin spokesman`. */
export interface Attribution {
  speaker: string;
  role: string | null;
}

export interface QuoteParagraph {
  text: string;
  /** Set when the paragraph was followed by an attribution line (now appended to `text`). */
  attribution: Attribution | null;
  /** Where the appended attribution starts in `text`; quote marks from there on are ignored. */
  attributionStart?: number;
}

export interface FoundQuote {
  /** Index of the paragraph in the input. */
  paragraph: number;
  /** Offset of `text` in the paragraph's text. */
  start: number;
  /** Verbatim from the paragraph, without the quote marks (and without a trailing comma). */
  text: string;
  speaker: string | null;
  role: string | null;
}

// ─── Attribution patterns ──────────────────────────────────────────────────────────────────

const FILLER_WORD = String.raw`(?:[a-z][\p{L}'’\-]*|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|\d{1,4}[,.]?)`;

/** `"…," said Jane Doe` / `"…," according to Jane Doe`. */
const AFTER_VERB_NAME = new RegExp(String.raw`^[\s,]*${ADVERB}${SAY_BEFORE_SPEAKER} (${NAME})`, 'u');
/** `"…," Jane Doe said` / `"…," Jane Doe, the finance minister, said`. */
const AFTER_NAME_VERB = new RegExp(String.raw`^[\s,]*(${NAME})(?:, ([^,"“”]{2,90}),)? ${ADVERB}${SAY}\b`, 'u');
const AFTER_PRONOUN = new RegExp(String.raw`^[\s,]*(?:(he|she) ${ADVERB}${SAY}\b|${SAY_BEFORE_SPEAKER} (he|she)\b)`, 'iu');
const BEFORE_NAME_VERB = new RegExp(
  String.raw`(^|[^\p{L}\p{M}'’\-])(${NAME})(?:, ([^,"“”]{2,90}),)? ${ADVERB}${SAY}(?: ${FILLER_WORD}){0,5}?(?: that)?[\s]*[:,]?\s*$`,
  'u',
);
const BEFORE_PRONOUN = new RegExp(
  String.raw`(?:^|[^\p{L}])(he|she) ${ADVERB}${SAY}(?: ${FILLER_WORD}){0,5}?(?: that)?\s*[:,]?\s*$`,
  'iu',
);
const ROLE_AFTER_NAME = /^,\s*([^,.;:"“”()]{2,90}?)\s*(?=[,.;]|$)/u;
const ATTRIBUTION_LINE = /^\s*(?:—|―|–|--|-|~)\s*(\S.*)$/u;
const FULL_NAME = new RegExp(`^${NAME}$`, 'u');

// ─── Attribution lines ─────────────────────────────────────────────────────────────────────

/**
 * Parses `— Dmitry Peskov, Kremlin spokesman` (also `–`, `--`, `-` leaders). Returns null for
 * lines that are not an attribution (too long, no name-like speaker).
 */
export function parseAttributionLine(line: string): Attribution | null {
  if (line.length > 160) return null;
  const m = ATTRIBUTION_LINE.exec(line);
  if (!m) return null;
  const body = m[1].trim().replace(/[.;]+$/u, '');
  if (/["“”«»]/u.test(body)) return null;
  const comma = body.indexOf(',');
  const namePart = (comma >= 0 ? body.slice(0, comma) : body).trim();
  const rolePart = comma >= 0 ? body.slice(comma + 1).trim() : '';
  if (!FULL_NAME.test(namePart)) return null;
  const name = cleanName(namePart);
  if (!name) return null;
  const role = rolePart ? stripArticle(rolePart) : name.title;
  return { speaker: name.name, role: role || null };
}

// ─── Quote spans ───────────────────────────────────────────────────────────────────────────

interface Span {
  /** Index of the opening quote mark. */
  open: number;
  /** Index of the closing quote mark. */
  close: number;
}

/** Double-quoted spans: straight, curly and guillemets, tolerant of mixed pairs. */
export function findQuoteSpans(text: string, end = text.length): Span[] {
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
  return spans;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 0xbf;
}

/** The inner text of a span: trimmed, minus a trailing comma (`"…," she said`). */
function innerText(text: string, span: Span): { start: number; text: string } | null {
  let s = span.open + 1;
  let e = span.close;
  while (s < e && /\s/u.test(text[s])) s++;
  while (e > s && /[\s,]/u.test(text[e - 1])) e--;
  if (e <= s) return null;
  return { start: s, text: text.slice(s, e) };
}

function wordCount(s: string): number {
  const m = s.match(/\S+/g);
  return m ? m.length : 0;
}

// ─── Extraction ────────────────────────────────────────────────────────────────────────────

interface Pending {
  paragraph: number;
  start: number;
  open: number;
  text: string;
  speaker: string | null;
  role: string | null;
  /** How the speaker is to be decided. */
  kind: 'named' | 'pronoun' | 'said-unknown' | 'continuation' | 'standalone';
}

const MIN_INLINE_WORDS = 4;
const MIN_BLOCK_WORDS = 2;

/** Finds the quotes of a document's paragraphs, in order. */
export function findQuotes(paragraphs: readonly QuoteParagraph[]): FoundQuote[] {
  const pending: Pending[] = [];
  for (let p = 0; p < paragraphs.length; p++) {
    const para = paragraphs[p];
    const text = para.text;
    if (!hasQuoteMark(text)) continue;
    const end = para.attribution ? (para.attributionStart ?? text.length) : text.length;
    const spans = findQuoteSpans(text, end);
    if (spans.length === 0) continue;
    if (para.attribution) {
      // Every fragment of an attributed block belongs to the attributed speaker.
      for (const span of spans) {
        const inner = innerText(text, span);
        if (!inner || wordCount(inner.text) < MIN_BLOCK_WORDS) continue;
        pending.push({ paragraph: p, start: inner.start, open: span.open, text: inner.text, speaker: para.attribution.speaker, role: para.attribution.role, kind: 'named' });
      }
      continue;
    }
    let prevClose = -1;
    for (let i = 0; i < spans.length; i++) {
      const span = spans[i];
      const inner = innerText(text, span);
      const nextOpen = i + 1 < spans.length ? spans[i + 1].open : text.length;
      const before = text.slice(prevClose + 1, span.open);
      prevClose = span.close;
      if (!inner || wordCount(inner.text) < MIN_INLINE_WORDS) continue;
      const after = text.slice(span.close + 1, Math.min(nextOpen, span.close + 1 + 240));
      const found = attribute(before, after);
      const standalone = spans.length === 1 && text.slice(0, span.open).trim() === '' && text.slice(span.close + 1).trim() === '';
      const kind: Pending['kind'] = found.kind ?? (standalone ? 'standalone' : 'continuation');
      pending.push({ paragraph: p, start: inner.start, open: span.open, text: inner.text, speaker: found.speaker, role: found.role, kind });
    }
  }
  if (pending.length === 0) return [];

  // The cast is only consulted for bare surnames, missing roles and pronouns.
  let cast: Cast | null = null;
  const people = () =>
    (cast ??= new Cast(
      paragraphs.map((p) => p.text).join('\n'),
      pending.filter((q) => q.kind === 'named' && q.speaker).map((q) => [q.speaker!, q.role] as const),
    ));
  const out: FoundQuote[] = [];
  let last: { paragraph: number; speaker: string | null; role: string | null; end: number } | null = null;
  for (const q of pending) {
    let speaker: string | null = null;
    let role: string | null = null;
    if (q.kind === 'named' && q.speaker) {
      // A bare surname becomes the full name it stands for; a missing role comes from the cast.
      speaker = q.speaker.includes(' ') ? q.speaker : people().resolve(q.speaker);
      role = q.role ?? (speaker ? people().profile(speaker).role : null);
    } else if (q.kind === 'pronoun') {
      speaker = resolvePronoun(paragraphs, q.paragraph, q.open, people());
      role = speaker ? people().profile(speaker).role : null;
    } else if (q.kind === 'continuation') {
      // `"A," Doe said. "B."` — B is Doe's when nobody else is named in between.
      if (last && last.paragraph === q.paragraph && last.speaker) {
        const between = paragraphs[q.paragraph].text.slice(last.end, q.open);
        const others = [...people().candidatesIn(between)].filter((c) => c !== last!.speaker);
        if (others.length === 0) {
          speaker = last.speaker;
          role = last.role;
        }
      }
      if (!speaker) continue; // a quoted phrase with no speech around it is not a quote
    }
    out.push({ paragraph: q.paragraph, start: q.start, text: q.text, speaker, role });
    last = { paragraph: q.paragraph, speaker, role, end: q.start + q.text.length };
  }
  return out;
}

function startsUpper(s: string): boolean {
  const c = s.charCodeAt(0);
  if (c < 128) return c >= 65 && c <= 90;
  const ch = s[0];
  return ch !== ch.toLowerCase();
}

function hasQuoteMark(text: string): boolean {
  return text.includes('"') || text.includes('“') || text.includes('«') || text.includes('„');
}

interface Attributed {
  speaker: string | null;
  role: string | null;
  kind: Pending['kind'] | null;
}

/** Decides who speaks from the text right before and right after a quote. */
function attribute(before: string, after: string): Attributed {
  let afterName: { name: string; title: string | null; role: string | null } | null = null;
  let afterPronoun = false;
  let m = AFTER_VERB_NAME.exec(after);
  if (m) {
    const rest = after.slice(m.index + m[0].length);
    afterName = nameFromRun(m[1], rest, null);
    if (afterName) afterName.role ??= roleAfter(rest);
  } else if ((m = AFTER_NAME_VERB.exec(after))) {
    afterName = nameFromRun(m[1], '', null);
    if (afterName && m[2]) afterName.role = validRole(m[2]);
  } else if (AFTER_PRONOUN.test(after)) {
    afterPronoun = true;
  }

  let beforeName: { name: string; title: string | null; role: string | null } | null = null;
  let beforePronoun = false;
  // The end-anchored patterns are slow on long text: look only at the tail, cut at a word start.
  let tail = before;
  if (tail.length > 200) {
    tail = tail.slice(-200);
    tail = tail.slice(tail.indexOf(' ') + 1);
  }
  // `Doe said: "…"` ends in a colon, comma or word; after `.`, `?`, `)` or a quote mark a new
  // sentence begins and nothing before the quote can attribute it.
  const lastChar = tail.trimEnd().slice(-1);
  const saysBefore = lastChar !== '' && !'.!?)"”»'.includes(lastChar) && ANY_SAY.test(tail);
  const b = saysBefore ? BEFORE_NAME_VERB.exec(tail) : null;
  if (b) {
    const lead = before.slice(0, before.length - tail.length + b.index + b[1].length);
    beforeName = nameFromRun(b[2], '', lead);
    if (beforeName && b[3]) beforeName.role = validRole(b[3]);
  } else if (saysBefore && BEFORE_PRONOUN.test(tail)) {
    beforePronoun = true;
  }

  const explicit = afterName ?? beforeName;
  if (afterName && beforeName && afterName.name !== beforeName.name) return { speaker: null, role: null, kind: 'said-unknown' };
  if (explicit) {
    return { speaker: explicit.name, role: explicit.role ?? explicit.title, kind: 'named' };
  }
  if (afterPronoun || beforePronoun) return { speaker: null, role: null, kind: 'pronoun' };
  // Speech verb nearby but no usable speaker ("a spokesman for Doe said"): a quote, speaker unknown.
  const stop = after.search(/[.!?](?:\s|$)/u);
  const clause = stop >= 0 ? after.slice(0, stop) : after;
  if (ANY_SAY.test(clause) || (saysBefore && /\b(?:said|says|told|added|wrote)\b[^.!?"“”]{0,40}[:,]?\s*$/u.test(tail.slice(-60)))) {
    return { speaker: null, role: null, kind: 'said-unknown' };
  }
  return { speaker: null, role: null, kind: null };
}

/**
 * Turns a capitalized run into a speaker name: drops sentence openers and titles (kept as a
 * role), rejects possessives ("Doe's spokesman"), co-speakers ("Doe and Lee") and non-names.
 * `rest` is the text after the run, `lead` the text before it.
 */
function nameFromRun(run: string, rest: string, lead: string | null): { name: string; title: string | null; role: string | null } | null {
  if (/^\s*(?:and|or|&)\s+\p{Lu}/u.test(rest)) return null;
  if (/^['’]s\b/u.test(rest)) return null;
  if (lead !== null) {
    // "a spokesman for Jane Doe said": Doe is not the speaker. (Only the tail: end-anchored
    // patterns on a whole paragraph are slow.)
    const near = lead.slice(-24);
    if (/\b(?:for|of|to|with|by|from|about|against|and|or|at|on|in|under|than|like|told|tells|asked|asks|&)\s*$/iu.test(near)) return null;
    if (/['’]s\s*$/u.test(near)) return null;
  }
  const cleaned = cleanName(run);
  if (!cleaned) return null;
  return { name: cleaned.name, title: cleaned.title, role: null };
}

function roleAfter(rest: string): string | null {
  const m = ROLE_AFTER_NAME.exec(rest);
  return m ? validRole(m[1]) : null;
}

/**
 * "he said": the most recently named person, only when unambiguous. Looks at this paragraph up
 * to the quote; if it names nobody, at the previous paragraph. Two candidates, or one the text
 * does not mark as a person, → null.
 */
function resolvePronoun(paragraphs: readonly QuoteParagraph[], p: number, open: number, cast: Cast): string | null {
  let candidates = cast.candidatesIn(paragraphs[p].text.slice(0, open));
  if (candidates.size === 0 && p > 0) candidates = cast.candidatesIn(paragraphs[p - 1].text);
  if (candidates.size !== 1) return null;
  const [only] = candidates;
  if (only.startsWith('?')) return null;
  return cast.profile(only).person ? only : null;
}
