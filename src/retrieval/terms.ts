// Term normalisation shared by the index, topic matching and the offline engine, so that
// "talks", "Talks" and "talk" meet wherever they are compared.
import { stemmer as porter } from 'stemmer';
import { lemma } from './lemmas.ts';
import { MAX_WORD_LENGTH, scanWords } from './word-scan.ts';

const STOPWORDS = new Set(
  ('a about above after again against all am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers herself him ' +
    'himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other ' +
    'our ours ourselves out over own same she should so some such than that the their theirs them themselves then there ' +
    'these they this those through to too under until up very was we were what when where which while who whom why will ' +
    'with would you your yours yourself yourselves also said says say tell told according us mr mrs ms dr ' +
    'whats what\'s who\'s where\'s hes shes theyre'
  ).split(/\s+/),
);

// "us" is a stopword as a pronoun, but "U.S." and "US" (capitals) mean the country.
// A Map, not an object literal: document words such as "constructor" must not hit Object.prototype.
const ABBREVIATIONS = new Map<string, string>([['u.s.', 'usa'], ['u.s', 'usa'], ['u.k.', 'uk'], ['u.n.', 'un'], ['e.u.', 'eu']]);

/** Rewrites dotted country abbreviations and capital "US" before tokenising. */
export function normalizeAbbreviations(text: string): string {
  return text.replace(/\bU\.S\.(?:A\.)?|\bUS\b|\bUSA\b/g, 'USA').replace(/\bU\.K\./g, 'UK').replace(/\bU\.N\./g, 'UN').replace(/\bE\.U\./g, 'EU');
}

export function isStopword(term: string): boolean {
  return STOPWORDS.has(term);
}

/**
 * One form for a word's variants: irregular forms to their base ("fell" → "fall"), then Porter's
 * suffix stripping, so "proposed", "proposal" and "propose" meet, and "talks" meets "talk".
 */
export function stem(term: string): string {
  const base = lemma(term.endsWith("'s") ? term.slice(0, -2) : term);
  if (base.length <= 2 || /\d/.test(base)) return base;
  const stemmed = porter(base);
  // Agent nouns meet their verb: "investors" and "invest", "governor" and "govern".
  return stemmed.length > 6 && stemmed.endsWith('or') ? stemmed.slice(0, -2) : stemmed;
}

/** Raw lowercase words (abbreviations kept whole). Linear in the text, words over 100 characters dropped. */
export function words(text: string): string[] {
  const out: string[] = [];
  scanWords(normalizeAbbreviations(text).toLowerCase(), (match) => {
    let w = match.replace(/’/g, "'");
    const abbreviation = ABBREVIATIONS.get(w);
    if (abbreviation) w = abbreviation;
    else if (w.endsWith('.')) w = w.slice(0, -1);
    out.push(w);
  });
  return out;
}

const contentCache = new Map<string, string | null>();

/** Content terms: lowercase, no stopwords, stemmed. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    let term = contentCache.get(w);
    if (term === undefined) {
      term = STOPWORDS.has(w) ? null : stem(w);
      if (term !== null && !(term.length > 1 || /\d/.test(term))) term = null;
      if (contentCache.size < 500_000) contentCache.set(w, term);
    }
    if (term) out.push(term);
  }
  return out;
}

/** For MiniSearch's processTerm: null drops the term. */
export function processTerm(term: string): string | null {
  if (term.length > MAX_WORD_LENGTH) return null;
  let w = term.toLowerCase().replace(/’/g, "'");
  w = ABBREVIATIONS.get(w) ?? w;
  w = w.replace(/^'+|'+$/g, '').replace(/\.$/, '');
  if (!w || STOPWORDS.has(w)) return null;
  const s = stem(w);
  return s.length > 1 || /\d/.test(s) ? s : null;
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
