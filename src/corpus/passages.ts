import type { Passage, Quote, Sentence } from './corpus-types.ts';
import { findQuotes, parseAttributionLine, type QuoteParagraph } from './quotes.ts';
import { splitSentences } from './sentences.ts';

// A document's text as passages (the unit of retrieval and citation) and the quotes found in
// them: a paragraph is a passage unless it is long, then it is cut between sentences.

/** A paragraph longer than this many words is split into passages of whole sentences. */
export const MAX_PASSAGE_WORDS = 120;

/** Lines → paragraphs; an attribution line joins the quotation above it. */
export function toParagraphs(lines: readonly string[]): QuoteParagraph[] {
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

export function buildPassages(docId: string, paragraphs: readonly QuoteParagraph[]): { passages: Passage[]; quotes: Quote[]; text: string } {
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
