import {
  ADVERB, ANY_SAY, cleanName, NAME, SAY, SAY_BEFORE_SPEAKER, validRole,
} from './names.ts';

// Who speaks a quotation, read from the text right before and right after it. Cheap bounded
// patterns (this runs on every document at ingest); anything unsure yields no speaker.

export type AttributionKind = 'named' | 'pronoun' | 'said-unknown';

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

export interface Attributed {
  speaker: string | null;
  role: string | null;
  kind: AttributionKind | null;
}

/** Decides who speaks from the text right before and right after a quote. */
export function attribute(before: string, after: string): Attributed {
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
