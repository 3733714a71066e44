import {
  ADVERB, ANY_SAY, cleanName, NAME, SAY, SAY_BEFORE_SPEAKER, validRole,
} from './names.ts';
import { roleBeforeName, roleThenName, type Speaker } from './role-phrase.ts';

// Who speaks a quotation, read from the text right before and right after it. Cheap bounded
// patterns (this runs on every document at ingest); anything unsure yields no speaker.

export type AttributionKind = 'named' | 'pronoun' | 'said-unknown';

const FILLER_WORD = String.raw`(?:[a-z][\p{L}'’\-]*|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|\d{1,4}[,.]?)`;

/** The verb before a quote and what may follow it: `said on Monday`, `told the BBC`, `told Sky News`. */
const LISTENER = String.raw`\p{Lu}[\p{L}&.'’\-]*`;
const VERB_THEN = String.raw`(?:${SAY}(?: ${FILLER_WORD}){0,5}?|(?:told|tells)(?: the)?(?: ${LISTENER}){1,3}(?: ${FILLER_WORD}){0,3}?)`;

/** `"…," said Jane Doe` / `"…," according to Jane Doe`. */
const AFTER_VERB_NAME = new RegExp(String.raw`^[\s,]*${ADVERB}${SAY_BEFORE_SPEAKER} (${NAME})`, 'u');
/** An appositive role, with at most one inner comma: `, chief economist at the CBI, EEF,`. */
const APPOSITIVE_ROLE = String.raw`(?:, ([^,"“”]{2,90}(?:, [^,"“”]{2,40})?),)?`;
/** `"…," Jane Doe said` / `"…," Jane Doe, the finance minister, said`. */
const AFTER_NAME_VERB = new RegExp(String.raw`^[\s,]*(${NAME})${APPOSITIVE_ROLE} ${ADVERB}${SAY}\b`, 'u');
/** `"…," said chief executive Laura Chen`: the words after the verb, up to the clause end. */
const AFTER_VERB = new RegExp(String.raw`^[\s,]*${ADVERB}${SAY_BEFORE_SPEAKER} `, 'u');
/** `"…" chief executive Laura Chen said at…`: the words before the first speech verb. */
const AFTER_WORDS_VERB = new RegExp(String.raw`^[\s,]*([^\s.,;:!?"“”()][^.,;:!?"“”()\n]{1,100}?) ${ADVERB}${SAY}\b`, 'u');
const AFTER_PRONOUN = new RegExp(String.raw`^[\s,]*(?:(he|she) ${ADVERB}${SAY}\b|${SAY_BEFORE_SPEAKER} (he|she)\b)`, 'iu');
const BEFORE_NAME_VERB = new RegExp(
  String.raw`(^|[^\p{L}\p{M}'’\-])(${NAME})${APPOSITIVE_ROLE} ${ADVERB}${VERB_THEN}(?: that)?[\s]*[:,]?\s*$`,
  'u',
);
const BEFORE_PRONOUN = new RegExp(
  String.raw`(?:^|[^\p{L}])(he|she) ${ADVERB}${VERB_THEN}(?: that)?\s*[:,]?\s*$`,
  'iu',
);
/** `, chief economist at the manufacturers' organisation, EEF.`: an acronym may close the role. */
const ROLE_AFTER_NAME = /^,\s*([^,.;:"“”()]{2,90}?(?:, \p{Lu}{2,8})?)\s*(?=[,.;]|$)/u;

type Pronoun = 'he' | 'she';

export interface Attributed {
  speaker: string | null;
  role: string | null;
  kind: AttributionKind | null;
  /** For kind 'pronoun': which one, to check against what the text says of the candidate. */
  pronoun?: Pronoun;
}

type Reading = Speaker | Pronoun | 'unsure' | null;

/** Decides who speaks from the text right before and right after a quote. */
export function attribute(before: string, after: string): Attributed {
  const afterReading = readAfter(after);
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
  const beforeReading = saysBefore ? readBefore(before, tail) : null;

  const afterName = typeof afterReading === 'object' ? afterReading : null;
  const beforeName = typeof beforeReading === 'object' ? beforeReading : null;
  if (afterReading === 'unsure' || beforeReading === 'unsure') return UNKNOWN;
  if (afterName && beforeName && afterName.name !== beforeName.name) return UNKNOWN;
  const explicit = afterName ?? beforeName;
  if (explicit) return { speaker: explicit.name, role: explicit.role ?? explicit.title, kind: 'named' };
  const pronoun = asPronoun(afterReading) ?? asPronoun(beforeReading);
  if (pronoun) return { speaker: null, role: null, kind: 'pronoun', pronoun };
  // Speech verb nearby but no usable speaker ("a spokesman for Doe said"): a quote, speaker unknown.
  const stop = after.search(/[.!?](?:\s|$)/u);
  const clause = stop >= 0 ? after.slice(0, stop) : after;
  if (ANY_SAY.test(clause) || (saysBefore && /\b(?:said|says|told|added|wrote)\b[^.!?"“”]{0,40}[:,]?\s*$/u.test(tail.slice(-60)))) {
    return UNKNOWN;
  }
  return { speaker: null, role: null, kind: null };
}

const UNKNOWN: Attributed = { speaker: null, role: null, kind: 'said-unknown' };

/** The text after a quote: `said (role) Name`, `Name(, role,) said`, `role Name said`, `he said`. */
function readAfter(after: string): Reading {
  const verb = AFTER_VERB.exec(after);
  if (verb) {
    // A role in front of the name is tried first: in `said Markit economist Chris Williamson`
    // the first capitalized word is not the speaker.
    const rest = after.slice(verb[0].length);
    const withRole = roleThenName(rest, false);
    if (withRole) return withRole;
  }
  let m = AFTER_VERB_NAME.exec(after);
  if (m) {
    const rest = after.slice(m.index + m[0].length);
    const name = nameFromRun(m[1], rest, null);
    if (name) name.role ??= roleAfter(rest);
    return name;
  }
  if ((m = AFTER_NAME_VERB.exec(after))) {
    const name = nameFromRun(m[1], '', null);
    if (name && m[2]) name.role = validRole(m[2]);
    return name;
  }
  if ((m = AFTER_PRONOUN.exec(after))) return pronounOf(m[1] ?? m[2]);
  if ((m = AFTER_WORDS_VERB.exec(after))) return roleThenName(m[1], true);
  return null;
}

/** The text before a quote that ends in a speech verb: `Name(, role,) said:`, `he said:`. */
function readBefore(before: string, tail: string): Reading {
  const b = BEFORE_NAME_VERB.exec(tail);
  if (b) {
    const lead = before.slice(0, before.length - tail.length + b.index + b[1].length);
    const name = nameFromRun(b[2], '', lead);
    if (!name) return null;
    if (b[3]) name.role = validRole(b[3]);
    // "Chief executive Laura Chen said:" has its role in front; "a lawyer for the minister
    // John Smith said:" is not the minister speaking.
    const front = roleBeforeName(lead);
    if (front === 'unsure') return 'unsure';
    if (front && !name.title) name.role ??= front;
    return name;
  }
  const p = BEFORE_PRONOUN.exec(tail);
  return p ? pronounOf(p[1]) : null;
}

function asPronoun(reading: Reading): Pronoun | null {
  return reading === 'he' || reading === 'she' ? reading : null;
}

function pronounOf(word: string): Pronoun {
  return word.toLowerCase() === 'she' ? 'she' : 'he';
}

/**
 * Turns a capitalized run into a speaker name: drops sentence openers and titles (kept as a
 * role), rejects possessives ("Doe's spokesman"), co-speakers ("Doe and Lee") and non-names.
 * `rest` is the text after the run, `lead` the text before it.
 */
function nameFromRun(run: string, rest: string, lead: string | null): Speaker | null {
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
