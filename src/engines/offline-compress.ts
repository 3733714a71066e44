// Bullets that say more in fewer words: a sentence keeps its facts and loses its framing — a
// leading connective ("However,"), a short scene-setting opener with no names or numbers ("In
// recent diplomatic developments,"), a trailing commentary clause (", indicating a potential
// shift"). What remains is still the passage's own words, in order.

import { countWords } from '../retrieval/terms.ts';
import { stripDateline } from './offline-present.ts';

const CONNECTIVE = /^(?:however|meanwhile|notably|moreover|furthermore|additionally|in addition|indeed|separately|still|also|overall|in fact|importantly|crucially|significantly)\s*,\s+/i;
const OPENER = /^((?:in|as|amid|with|after|during|at|on|for|following|against)\b[^,;:"“”]{0,60}),\s+/i;
const TRAILING = /,\s+(?:indicating|suggesting|signalling|signaling|underscoring|highlighting|reflecting|illustrating|demonstrating|aligning|adding to|raising questions|in a move|a move|which (?:could|may|might|would)|marked by|amid)\b[^;:"“”]*?([.!?]?)$/i;
const NAME = /(?<=\s)\p{Lu}[\p{L}'’.-]*/gu;

/**
 * `known` lists names the reader already has (the lead's): a trailing clause whose names are all
 * known and that has no number restates the setting, and goes too.
 */
export function compressSentence(sentence: string, known?: ReadonlySet<string>): string {
  let text = stripDateline(sentence.trim());
  text = upperFirst(text.replace(CONNECTIVE, ''));
  const opener = OPENER.exec(text);
  // An opener that carries a name, a number or a date is a fact, not framing.
  if (opener && !/\d|\s\p{Lu}/u.test(opener[1]) && countWords(text) - countWords(opener[0]) >= 6) text = upperFirst(text.slice(opener[0].length));
  const trailing = TRAILING.exec(text);
  // Only commentary goes: a clause with a new name or a number is a fact.
  if (trailing && countWords(text.slice(0, trailing.index)) >= 6 && !/\d/.test(trailing[0]) && namesOf(trailing[0]).every((n) => known?.has(n))) {
    text = `${text.slice(0, trailing.index)}${trailing[1] || '.'}`;
  }
  return text;
}

/** Capitalised words past a sentence's first, lowercased, without a possessive. */
export function namesOf(text: string): string[] {
  return (` ${text}`.match(NAME) ?? []).map((n) => n.replace(/['’]s$|[.'’]$/u, '').toLowerCase());
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

