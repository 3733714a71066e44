// Whether a model's headline or answer says only what its cited passages support. A model fed
// an injected document wrote "BREAKING: Putin resigned" and "Putin resigned after 3 days of
// talks in Geneva." with real citations; traceable citations alone do not catch that. Two
// checks, both deliberately lenient with honest paraphrase:
//  - names and numbers: a capitalised word inside a sentence (or a run of capitalised words)
//    and every number must occur in the supporting text;
//  - for headlines, at least half of the content words must occur there too.
// Sentence-initial single capitalised words are not treated as names ("Talks resumed"): that
// misses a bare "Putin resigned." but keeps ordinary answers from falling back.
import { isStopword, terms, words } from '../retrieval/terms.ts';
import { scanWords } from '../retrieval/word-scan.ts';

export interface Support {
  words: ReadonlySet<string>;
  terms: ReadonlySet<string>;
}

// The same place under its short and long names.
const ALIASES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bunited states\b/i, 'usa'], [/\bunited kingdom\b/i, 'uk'], [/\bunited nations\b/i, 'un'], [/\beuropean union\b/i, 'eu'],
];

/** What a set of passage texts (and document titles) supports. */
export function supportFrom(texts: readonly string[]): Support {
  const w = new Set<string>();
  const t = new Set<string>();
  for (const text of texts) {
    for (const x of words(text)) w.add(stripPossessive(x));
    for (const x of terms(text)) t.add(x);
    for (const [pattern, alias] of ALIASES) {
      if (pattern.test(text)) {
        w.add(alias);
        t.add(alias);
      }
    }
  }
  return { words: w, terms: t };
}

function stripPossessive(word: string): string {
  return word.replace(/'s$/, '');
}

const startsUpper = (token: string) => /^\p{Lu}/u.test(token);
const hasDigit = (token: string) => /\p{N}/u.test(token);

/**
 * Names and numbers mentioned in `text`: every number, and for each run of capitalised words
 * inside a sentence (or of two or more at its start) the run's last word — the surname or the
 * head of a place name, so "Dmitry Peskov" is supported by a passage that says "Peskov".
 */
export function mentions(text: string, options: { titleCase?: boolean } = {}): string[] {
  const out: string[] = [];
  for (const sentence of text.split(/(?<=[.!?:;])\s+|\n+/)) {
    const tokens: string[] = [];
    scanWords(sentence, (token) => tokens.push(token));
    let run: string[] = [];
    let runStart = 0;
    const endRun = () => {
      if (run.length && (runStart > 0 || run.length > 1)) {
        const head = run[run.length - 1]!;
        if (!words(head).every((w) => isStopword(w))) out.push(head);
      }
      run = [];
    };
    tokens.forEach((token, i) => {
      if (hasDigit(token)) {
        endRun();
        out.push(token);
      } else if (!options.titleCase && startsUpper(token) && token.length > 1) {
        if (!run.length) runStart = i;
        run.push(token);
      } else endRun();
    });
    endRun();
  }
  return out;
}

/** The mentions of `text` the support does not contain. */
export function unsupportedMentions(text: string, support: Support, options: { titleCase?: boolean } = {}): string[] {
  return mentions(text, options).filter((m) => !words(m).every((w) => isStopword(w) || support.words.has(stripPossessive(w))));
}

/** Most words capitalised ("Putin Resigns After Talks"): capitals then say nothing about names. */
function isTitleCase(text: string): boolean {
  const long: string[] = [];
  scanWords(text, (token) => { if (token.length > 3 && !hasDigit(token)) long.push(token); });
  return long.length >= 3 && long.filter(startsUpper).length / long.length > 0.6;
}

/** A headline is supported when its names and numbers are, and at least half its content words. */
export function headlineSupported(headline: string, support: Support): boolean {
  if (unsupportedMentions(headline, support, { titleCase: isTitleCase(headline) }).length) return false;
  const content = terms(headline);
  if (!content.length) return true;
  return content.filter((t) => support.terms.has(t)).length * 2 >= content.length;
}
