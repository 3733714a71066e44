// A sentence taken out of its paragraph must still read right: a sentence inside someone's
// quotation is shown as theirs ("Rob Dobson (…) said: “…”"), an attribution line's tail is
// dropped, and quote marks are balanced so an answer never starts or ends inside a quotation.
import type { Passage, Quote } from '../corpus/corpus-types.ts';

const ATTRIBUTION_TAIL = /\s+[—–―]\s+\p{Lu}[^"“”]*$/u;
const OPENERS = /^["“„«]+/u;
const CLOSERS = /["”»]+(?=[\s.,;:!?]*$)/u;

export function speakerLabel(quote: Pick<Quote, 'speaker' | 'role'>): string {
  return quote.role ? `${quote.speaker} (${quote.role})` : String(quote.speaker);
}

/** The sentence as it should stand alone in an answer. */
export function presentSentence(sentence: string, passage: Passage, quotes: readonly Quote[]): string {
  const text = stripDateline(sentence.trim().replace(ATTRIBUTION_TAIL, ''));
  const bare = text.replace(OPENERS, '').replace(CLOSERS, '').replace(/,$/, '.').trim();
  const owner = quotes.find((q) => q.passageId === passage.id && q.speaker && bare.length > 12 && q.text.includes(bare.replace(/[.!?]$/, '')));
  if (owner) return `${speakerLabel(owner)} said: “${bare}”`;
  return balanceQuotes(text);
}

/** `BANGKOK, Thailand (CNN) -- A plane…` → `A plane…`: the dateline says where the copy was filed. */
export function stripDateline(text: string): string {
  const m = /^(?:[\p{Lu}][\p{Lu}\p{L} .,'’-]{1,60}?\s*\((?:CNN|AP|AFP|Reuters)\)\s*(?:--|—|–)?\s*|[\p{Lu}][\p{Lu} .'’-]{2,30},(?:\s+[\p{L} .'’-]{2,30})?\s*(?:--|—|–)\s+)/u.exec(text);
  return m && text.length - m[0].length > 20 ? text.slice(m[0].length) : text;
}

/** Closes a quotation the sentence opens and opens one it only closes. */
export function balanceQuotes(text: string): string {
  let out = text;
  const curlyOpen = (out.match(/[“„]/g) ?? []).length;
  const curlyClose = (out.match(/”/g) ?? []).length;
  if (curlyOpen > curlyClose) out = `${out}”`;
  else if (curlyClose > curlyOpen) out = `“${out}`;
  const straight = (out.match(/"/g) ?? []).length;
  if (straight % 2 === 1) {
    // An opener is followed by a word; a closer follows one.
    const first = out.indexOf('"');
    const opens = first === 0 || /[\s(:,—–-]/.test(out[first - 1] ?? ' ');
    out = opens ? `${out}"` : `"${out}`;
  }
  return out;
}
