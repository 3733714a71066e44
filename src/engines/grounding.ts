import type { CorpusSnapshot, Document, Passage, Quote } from '../corpus/corpus-types.ts';
import type { Citation } from '../retrieval/retrieval-types.ts';
import type { Answer, Brief, BriefBullet, BriefQuote, Engine } from './engine-types.ts';
import { checkHeadline } from './grounding-claims.ts';
import { quotedSpans } from './quoted-spans.ts';

// The grounding check: whatever an engine wrote, only what the documents support reaches a user.
// Pure and engine-agnostic. Each brief and answer is checked once: by the engine that wrote it
// when it declares `groundsOwnOutput` (it must know the verdict to fall back), else by the
// briefing and answer services (see groundBrief, groundAnswer). Running it twice changes nothing.
//
// Guarantees after checkBrief:
//  - every bullet has at least one citation, and every citation resolves to a passage that was
//    allowed (in the prompt) and exists in the snapshot; citation title/path/docId come from the
//    snapshot, not from the engine;
//  - every quote appears verbatim in the cited document (modulo whitespace, quote-mark, dash and
//    letter-case differences and punctuation at its ends) inside a quotation of the document:
//    one the document attributes to that speaker (surname match is enough), or words it puts in
//    quotation marks in a passage that names the speaker. The article's own narrative is no
//    one's quote. Its citation points at a passage containing it where one does;
//  - the headline's names and numbers, and at least half its content words, occur in the cited
//    passages (or the cited documents' titles); otherwise it is rebuilt from the bullets;
//  - each removal is counted in `notes`.

export interface GroundingContext {
  snapshot: CorpusSnapshot;
  /** Passages the engine was shown; citations outside this set are not trusted. */
  allowedPassageIds: ReadonlySet<string>;
}

type Writer = Pick<Engine, 'name' | 'groundsOwnOutput'>;

/** True when the engine has already checked this result: one it wrote itself, not a fallback's. */
function checkedBy(engine: Writer, result: Brief | Answer): boolean {
  return engine.groundsOwnOutput === true && result.engine === engine.name;
}

/** The check for a result of `engine`, unless that engine already ran it. */
export function groundBrief(engine: Writer, brief: Brief, ctx: GroundingContext): Brief {
  return checkedBy(engine, brief) ? brief : checkBrief(brief, ctx);
}

/** The check for a result of `engine`, unless that engine already ran it. */
export function groundAnswer(engine: Writer, answer: Answer, ctx: GroundingContext): Answer {
  return checkedBy(engine, answer) ? answer : checkAnswer(answer, ctx);
}

export function checkBrief(brief: Brief, ctx: GroundingContext): Brief {
  const bullets: BriefBullet[] = [];
  let droppedBullets = 0;
  for (const bullet of brief.bullets) {
    const citations = resolveAll(bullet.citations, ctx);
    if (citations === null || citations.length === 0) droppedBullets += 1;
    else bullets.push({ ...bullet, citations });
  }

  const quotes: BriefQuote[] = [];
  let unverified = 0;
  let misattributed = 0;
  let unquoted = 0;
  for (const quote of brief.quotes) {
    const verdict = checkQuote(quote, ctx);
    if (verdict.kind === 'ok') quotes.push(verdict.quote);
    else if (verdict.kind === 'misattributed') misattributed += 1;
    else if (verdict.kind === 'unquoted') unquoted += 1;
    else unverified += 1;
  }

  const notes = [...brief.notes];
  const headline = checkHeadline(brief.headline, bullets, quotes, brief.sources, ctx);
  if (headline !== brief.headline) notes.push('The headline was not supported by the cited passages and was rebuilt from the bullets');
  if (droppedBullets) {
    notes.push(
      droppedBullets === 1
        ? '1 bullet cited a passage that could not be verified and was removed'
        : `${droppedBullets} bullets cited passages that could not be verified and were removed`,
    );
  }
  if (unverified) {
    notes.push(unverified === 1 ? '1 quote could not be verified and was removed' : `${unverified} quotes could not be verified and were removed`);
  }
  if (misattributed) {
    notes.push(
      misattributed === 1
        ? '1 quote was attributed to the wrong speaker and was removed'
        : `${misattributed} quotes were attributed to the wrong speaker and were removed`,
    );
  }
  if (unquoted) {
    notes.push(
      unquoted === 1
        ? '1 quote is not something the document quotes anyone as saying and was removed'
        : `${unquoted} quotes are not something the document quotes anyone as saying and were removed`,
    );
  }
  return { ...brief, headline, bullets, quotes, notes };
}

export function checkAnswer(answer: Answer, ctx: GroundingContext): Answer {
  const citations: Citation[] = [];
  const seen = new Set<string>();
  let dropped = 0;
  for (const citation of answer.citations) {
    const resolved = resolve(citation, ctx);
    if (!resolved) dropped += 1;
    else if (!seen.has(resolved.passageId)) {
      seen.add(resolved.passageId);
      citations.push(resolved);
    }
  }
  const notes = [...answer.notes];
  if (dropped) {
    notes.push(dropped === 1 ? '1 citation could not be verified and was removed' : `${dropped} citations could not be verified and were removed`);
  }
  if (answer.found && citations.length === 0) {
    const note = dropped
      ? 'None of the citations of this answer could be verified; treat it with care'
      : 'This answer cites no passage of the documents; treat it with care';
    // Checking an already checked answer must not say it twice.
    if (!notes.includes(note)) notes.push(note);
  }
  return { ...answer, citations, notes };
}

// ─── Citations ──────────────────────────────────────────────────────────────────────────────

function resolve(citation: Citation, ctx: GroundingContext): Citation | null {
  const passageId = citation.passageId?.trim();
  if (!passageId || !ctx.allowedPassageIds.has(passageId)) return null;
  const passage = ctx.snapshot.getPassage(passageId);
  if (!passage) return null;
  const doc = ctx.snapshot.getDocument(passage.docId);
  return {
    docId: passage.docId,
    passageId,
    title: doc?.title ?? citation.title,
    path: doc?.path ?? citation.path,
  };
}

/** All citations resolved, de-duplicated; null when any of them does not resolve. */
function resolveAll(citations: readonly Citation[], ctx: GroundingContext): Citation[] | null {
  const out: Citation[] = [];
  const seen = new Set<string>();
  for (const citation of citations) {
    const resolved = resolve(citation, ctx);
    if (!resolved) return null;
    if (!seen.has(resolved.passageId)) {
      seen.add(resolved.passageId);
      out.push(resolved);
    }
  }
  return out;
}

// ─── Quotes ─────────────────────────────────────────────────────────────────────────────────

type QuoteVerdict = { kind: 'ok'; quote: BriefQuote } | { kind: 'unverified' } | { kind: 'misattributed' } | { kind: 'unquoted' };

function checkQuote(quote: BriefQuote, ctx: GroundingContext): QuoteVerdict {
  const cited = resolve(quote.citation, ctx);
  if (!cited) return { kind: 'unverified' };
  const doc = ctx.snapshot.getDocument(cited.docId);
  if (!doc) return { kind: 'unverified' };
  const words = quoteCore(quote.text);
  if (!hasWords(words) || !normalizeText(doc.text).includes(words)) return { kind: 'unverified' };

  // Where the document says who spoke these words, the engine must agree.
  const attributions = attributionsFor(doc, words);
  const named = attributions.filter((a) => a.speaker);
  let role = quote.role;
  if (named.length) {
    const match = named.find((a) => speakerMatches(quote.speaker, a.speaker!));
    if (!match) return { kind: 'misattributed' };
    role ??= match.role;
  }
  // And the words must be a quotation: inside one the document attributes to this speaker, or
  // inside quotation marks in a passage that names them. Narrative is nobody's quote.
  const attributed = named.some((a) => speakerMatches(quote.speaker, a.speaker!) && quoteCore(a.text).includes(words));
  if (!attributed) {
    const holders = doc.passages.filter((p) => quotedSpans(p.text).some((span) => normalizeText(span).includes(words)));
    if (!holders.length) return { kind: 'unquoted' };
    if (!holders.some((p) => namesSpeaker(doc, p, quote.speaker))) return { kind: 'misattributed' };
  }

  // Point the citation at the passage that holds the words, when that passage was allowed.
  const holder = passageContaining(doc, words, ctx.allowedPassageIds);
  const citation = holder && holder.id !== cited.passageId ? { ...cited, passageId: holder.id } : cited;
  return { kind: 'ok', quote: { ...quote, role: role ?? null, citation } };
}

/** The passage, or the one just before or after it (an attribution line), names the speaker. */
function namesSpeaker(doc: Document, passage: Passage, speaker: string): boolean {
  const surname = nameTokens(speaker).at(-1);
  if (!surname) return false;
  const near = [doc.passages[passage.index - 1], passage, doc.passages[passage.index + 1]];
  return near.some((p) => p !== undefined && plainTokens(p.text).includes(surname));
}

function passageContaining(doc: Document, words: string, allowed: ReadonlySet<string>): Passage | undefined {
  return doc.passages.find((p) => allowed.has(p.id) && normalizeText(p.text).includes(words));
}

/** The document's own quotes that overlap these words (either contains the other, or a long shared run). */
export function attributionsFor(doc: Pick<Document, 'quotes'>, normalizedWords: string): Quote[] {
  return doc.quotes.filter((q) => {
    const theirs = quoteCore(q.text);
    if (!hasWords(theirs)) return false;
    return theirs.includes(normalizedWords) || normalizedWords.includes(theirs) || sharesRun(theirs, normalizedWords, 8);
  });
}

function sharesRun(a: string, b: string, minWords: number): boolean {
  const aw = a.split(' ');
  const bw = b.split(' ');
  const n = Math.min(minWords, aw.length, bw.length);
  if (n < 4) return false;
  const grams = new Set<string>();
  for (let i = 0; i + n <= aw.length; i++) grams.add(aw.slice(i, i + n).join(' '));
  for (let i = 0; i + n <= bw.length; i++) if (grams.has(bw.slice(i, i + n).join(' '))) return true;
  return false;
}

// ─── Text normalisation ─────────────────────────────────────────────────────────────────────

const QUOTE_MARKS = /[\u0022\u0027\u0060\u00AB\u00BB\u2018\u2019\u201A\u201B\u201C\u201D\u201E\u201F\u2032\u2033\u2039\u203A]/g;
const DASHES = /[\u002D\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;

/**
 * Text compared for "verbatim": NFKC, lower case, one kind of quote mark, one kind of dash,
 * no invisible characters, single spaces (none around dashes).
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(QUOTE_MARKS, "'")
    .replace(DASHES, '-')
    .replace(/\s+/g, ' ')
    .replace(/ ?- ?/g, '-')
    .toLowerCase()
    .trim();
}

/** A quote's words without the marks and punctuation an engine may add or drop at its ends. */
export function quoteCore(text: string): string {
  return normalizeText(text).replace(/^[\s'.,;:!?-]+/, '').replace(/[\s'.,;:!?-]+$/, '');
}

function hasWords(text: string): boolean {
  return /\p{L}.*\p{L}/u.test(text);
}

/** True when the document's words appear verbatim in its text (same normalisation as quotes). */
export function appearsVerbatim(quoteText: string, documentText: string): boolean {
  const words = quoteCore(quoteText);
  return hasWords(words) && normalizeText(documentText).includes(words);
}

const NAME_NOISE = new Set([
  'the', 'mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'sir', 'dame', 'jr', 'sr', 'ii', 'iii', 'iv',
  'president', 'minister', 'secretary', 'senator', 'sen', 'rep', 'gov', 'governor', 'general', 'gen',
  'spokesman', 'spokeswoman', 'spokesperson', 'chancellor', 'prime', 'foreign', 'of', 'state',
]);

/** Lower-case words without accents, as names are compared. */
function plainTokens(text: string): string[] {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u);
}

function nameTokens(name: string): string[] {
  // "Dmitry Peskov, Kremlin spokesman": the name is what comes before the role.
  return (name.split(/[,(]/)[0] ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 1 && !NAME_NOISE.has(t));
}

/** "Peskov", "Dmitry Peskov" and "Kremlin spokesman Dmitry Peskov" all match "Dmitry Peskov". */
export function speakerMatches(claimed: string, attributed: string): boolean {
  const theirs = nameTokens(attributed);
  const ours = nameTokens(claimed);
  if (!theirs.length || !ours.length) return false;
  // Their surname among our words; or we give a single name that is one of theirs.
  return ours.includes(theirs[theirs.length - 1]!) || (ours.length === 1 && theirs.includes(ours[0]!));
}
