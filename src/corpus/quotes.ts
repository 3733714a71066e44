import { Cast } from './cast.ts';
import { cleanName, NAME, stripArticle } from './names.ts';
import { attribute } from './quote-attribution.ts';
import {
  doubleQuoteSpans, findQuoteSpans, hasDoubleQuoteMark, mayHaveSingleQuotes, opensWithDoubleQuote,
  opensWithSingleQuote, singleQuoteSpans, type Span,
} from './quote-spans.ts';

export { findQuoteSpans } from './quote-spans.ts';

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
  kind: 'named' | 'pronoun' | 'said-unknown' | 'continuation' | 'standalone' | 'running';
  /** For 'running': the pending quote this one continues (-1: its opening part was not kept). */
  from?: number;
  pronoun?: 'he' | 'she';
}

/** A quotation left open at the end of a paragraph, continued by the next one. */
interface Running {
  style: 'double' | 'single';
  /** Index in `pending` of the quote that runs on, or -1. */
  from: number;
}

const MIN_INLINE_WORDS = 4;
const MIN_BLOCK_WORDS = 2;

/** Finds the quotes of a document's paragraphs, in order. */
export function findQuotes(paragraphs: readonly QuoteParagraph[]): FoundQuote[] {
  const pending: Pending[] = [];
  let running: Running | null = null;
  for (let p = 0; p < paragraphs.length; p++) {
    const para = paragraphs[p];
    const carried = running;
    running = null;
    if (para.attribution) {
      collectBlock(para, p, pending);
      continue;
    }
    const found = paragraphSpans(paragraphs, p, carried?.style ?? null);
    if (!found) continue;
    const { spans, style } = found;
    const text = para.text;
    let prevClose = -1;
    for (let i = 0; i < spans.length; i++) {
      const span = spans[i];
      const inner = innerText(text, span);
      const nextOpen = i + 1 < spans.length ? spans[i + 1].open : text.length;
      const before = text.slice(prevClose + 1, span.open);
      prevClose = span.close;
      if (!inner || wordCount(inner.text) < MIN_INLINE_WORDS) continue;
      const after = text.slice(span.close + 1, Math.min(nextOpen, span.close + 1 + 240));
      const attributed = attribute(before, after);
      const standalone = spans.length === 1 && text.slice(0, span.open).trim() === '' && text.slice(span.close + 1).trim() === '';
      let kind: Pending['kind'] = attributed.kind ?? (standalone ? 'standalone' : 'continuation');
      let from: number | undefined;
      // The paragraph opens by continuing a quotation left open above: same speaker, unless
      // the text names one ("he added" is that speaker too).
      if (carried && span.open === 0 && (kind === 'pronoun' || kind === 'standalone' || kind === 'continuation')) {
        kind = 'running';
        from = carried.from;
      }
      pending.push({ paragraph: p, start: inner.start, open: span.open, text: inner.text, speaker: attributed.speaker, role: attributed.role, kind, from, pronoun: attributed.pronoun });
    }
    const lastSpan = spans[spans.length - 1];
    if (lastSpan?.running) {
      const lastPending = pending[pending.length - 1];
      running = { style, from: lastPending && lastPending.paragraph === p && lastPending.open === lastSpan.open ? pending.length - 1 : -1 };
    }
  }
  if (pending.length === 0) return [];
  return resolveSpeakers(paragraphs, pending);
}

/** Every fragment of a block with an attribution line belongs to the attributed speaker. */
function collectBlock(para: QuoteParagraph, p: number, pending: Pending[]): void {
  const text = para.text;
  if (!hasDoubleQuoteMark(text) || !para.attribution) return;
  for (const span of findQuoteSpans(text, para.attributionStart ?? text.length)) {
    const inner = innerText(text, span);
    if (!inner || wordCount(inner.text) < MIN_BLOCK_WORDS) continue;
    pending.push({ paragraph: p, start: inner.start, open: span.open, text: inner.text, speaker: para.attribution.speaker, role: para.attribution.role, kind: 'named' });
  }
}

/**
 * The quotation spans of paragraph `p`. A quotation still open at the paragraph's end is kept
 * (running to the end) only when the next paragraph opens with a quote mark of the same style,
 * the news convention for a quotation that goes on; otherwise the lone mark is not trusted.
 */
function paragraphSpans(paragraphs: readonly QuoteParagraph[], p: number, carried: Running['style'] | null): { spans: Span[]; style: Running['style'] } | null {
  const text = paragraphs[p].text;
  const next = p + 1 < paragraphs.length ? paragraphs[p + 1].text : '';
  if (hasDoubleQuoteMark(text)) {
    const { spans, unclosed } = doubleQuoteSpans(text);
    if (unclosed >= 0 && opensWithDoubleQuote(next)) spans.push({ open: unclosed, close: text.length, running: true });
    return spans.length ? { spans, style: 'double' } : null;
  }
  const continues = carried === 'single';
  if (!mayHaveSingleQuotes(text, continues)) return null;
  const { spans, unclosed } = singleQuoteSpans(text, continues);
  if (unclosed >= 0 && opensWithSingleQuote(next)) spans.push({ open: unclosed, close: text.length, running: true });
  return spans.length ? { spans, style: 'single' } : null;
}

/** Names the speakers: resolves surnames and pronouns, carries speakers to continuations. */
function resolveSpeakers(paragraphs: readonly QuoteParagraph[], pending: readonly Pending[]): FoundQuote[] {
  // The cast is only consulted for bare surnames, missing roles and pronouns.
  let cast: Cast | null = null;
  const people = () =>
    (cast ??= new Cast(
      paragraphs.map((p) => p.text).join('\n'),
      pending.filter((q) => q.kind === 'named' && q.speaker).map((q) => [q.speaker!, q.role] as const),
    ));
  const out: FoundQuote[] = [];
  const resolved: Array<{ speaker: string | null; role: string | null } | null> = [];
  let last: { paragraph: number; speaker: string | null; role: string | null; end: number } | null = null;
  for (const q of pending) {
    let speaker: string | null = null;
    let role: string | null = null;
    if (q.kind === 'named' && q.speaker) {
      // A bare surname becomes the full name it stands for; a missing role comes from the cast.
      speaker = q.speaker.includes(' ') ? q.speaker : people().resolve(q.speaker);
      role = q.role ?? (speaker ? people().profile(speaker).role : null);
    } else if (q.kind === 'pronoun') {
      speaker = resolvePronoun(paragraphs, q, people());
      role = speaker ? people().profile(speaker).role : null;
    } else if (q.kind === 'running') {
      const source = q.from !== undefined && q.from >= 0 ? resolved[q.from] : null;
      speaker = source?.speaker ?? null;
      role = source?.role ?? null;
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
      if (!speaker) { resolved.push(null); continue; } // a quoted phrase with no speech around it is not a quote
    }
    resolved.push({ speaker, role });
    out.push({ paragraph: q.paragraph, start: q.start, text: q.text, speaker, role });
    last = { paragraph: q.paragraph, speaker, role, end: q.start + q.text.length };
  }
  return out;
}

/**
 * "he said": the most recently named person, only when unambiguous. Looks at this paragraph up
 * to the quote; if it names nobody, at the previous paragraph. Two candidates, or one the text
 * does not mark as a person or whose honorific contradicts the pronoun, → null.
 */
function resolvePronoun(paragraphs: readonly QuoteParagraph[], q: Pending, cast: Cast): string | null {
  const p = q.paragraph;
  let candidates = cast.candidatesIn(paragraphs[p].text.slice(0, q.open));
  if (candidates.size === 0 && p > 0) candidates = cast.candidatesIn(paragraphs[p - 1].text);
  if (candidates.size !== 1) return null;
  const [only] = candidates;
  if (only.startsWith('?')) return null;
  if (!cast.profile(only).person) return null;
  // "Mr Lee … she said": the text contradicts the pronoun.
  const sex = cast.sex(only);
  if (sex && q.pronoun && sex !== (q.pronoun === 'he' ? 'male' : 'female')) return null;
  return only;
}
