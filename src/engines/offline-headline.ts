// A headline is a complete phrase of at most 14 words, never a sentence cut with "…": the
// document's own title when it has one, else the lead clause of the top bullet, compressed.

import { countWords } from '../retrieval/terms.ts';

const MAX_WORDS = 14;
const CLAUSE_BREAK = /,\s+|\s+[—–]\s+|;\s+|:\s+|\s+(?=(?:which|who|while|whereas|as|after|before|because|although|though|including|with|amid|marked by|adding to|according to|but|and)\s)/g;
const WEAK_END = /\s+(?:the|a|an|of|to|in|on|at|for|by|with|and|or|but|as|from|its|their|his|her|is|are|was|were|has|have|had|be|that|this|which|who|into|over)$/i;

/** The document's own title, or null when the parser derived it from the first sentence. */
export function ownTitle(title: string, firstPassage: string | undefined): string | null {
  const bare = title.replace(/…$/, '').trim();
  if (!bare || title.endsWith('…')) return null;
  if (firstPassage && firstPassage.trim().startsWith(bare.replace(/\.$/, ''))) return null;
  return bare;
}

export function headlineFrom(sentence: string): string {
  let text = sentence.trim().replace(/^["“]|["”]$/g, '').replace(/[.!?]+$/, '');
  if (countWords(text) <= MAX_WORDS) return text;
  // The longest clause prefix that fits.
  let best = '';
  for (const m of text.matchAll(CLAUSE_BREAK)) {
    const head = text.slice(0, m.index).trim();
    if (countWords(head) > MAX_WORDS) break;
    if (countWords(head) >= 5) best = head;
  }
  if (!best) {
    best = text.split(/\s+/).slice(0, MAX_WORDS).join(' ');
    while (WEAK_END.test(best)) best = best.replace(WEAK_END, '');
  }
  text = best.replace(/[\s,;:—–-]+$/, '');
  return text;
}

export function shortTitle(title: string): string {
  return countWords(title) <= MAX_WORDS ? title.replace(/[.!?]+$/, '') : headlineFrom(title);
}


/** A headline about a query's words: the clause of the sentence that holds them. */
export function headlineAbout(sentence: string, has: (clause: string) => number): string {
  const text = sentence.trim().replace(/[.!?]+$/, '');
  const pick = (parts: string[]) => parts.reduce((best, part) => (has(part) > has(best) ? part : best), parts[0]);
  let clause = pick(text.split(/,\s+|;\s+|\s+[—–]\s+/));
  clause = clause.replace(/^(?:including|with|and|but|as|while|which|who|amid|after|such as)\s+/i, '');
  if (countWords(clause) > MAX_WORDS) clause = pick(clause.split(/\s+(?:and|or|but|while)\s+/));
  if (countWords(clause) > MAX_WORDS) {
    // A window of the clause that starts just before the query's words.
    const words = clause.split(/\s+/);
    const hit = words.findIndex((w) => has(w) > 0);
    const first = hit < MAX_WORDS - 3 ? 0 : hit - 3;
    clause = words.slice(first, first + MAX_WORDS).join(' ');
    while (WEAK_END.test(clause)) clause = clause.replace(WEAK_END, '');
  }
  return headlineFrom(clause.charAt(0).toUpperCase() + clause.slice(1));
}
