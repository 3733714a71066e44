// Text → index terms, as both indexing and queries see them.
import { normalizeAbbreviations, processTerm } from './terms.ts';

const TOKENIZE = /[\s\p{P}\p{S}]+/u;

// News vocabulary is Zipfian: a few thousand words make up most tokens, so normalising each
// distinct raw token once (and remembering it) is most of the indexing speed.
const termCache = new Map<string, string | null>();
const TERM_CACHE_LIMIT = 500_000;

export function tokenTerms(text: string): string[] {
  const out: string[] = [];
  for (const raw of normalizeAbbreviations(text).split(TOKENIZE)) {
    if (!raw) continue;
    let term = termCache.get(raw);
    if (term === undefined) {
      term = processTerm(raw);
      if (termCache.size < TERM_CACHE_LIMIT) termCache.set(raw, term);
    }
    if (term) out.push(term);
  }
  return out;
}
