// A bullet must carry a fact: a name, a number or an event. A sentence with none ("The
// implications could be far-reaching.") is commentary, and so is one that only repeats names the
// lead already gave while passing judgement ("The shift … has drawn global attention.").
import type { Document } from '../corpus/corpus-types.ts';
import { lemma } from '../retrieval/lemmas.ts';
import { namesOf } from './offline-compress.ts';

const NUMBER = /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundreds?|thousands?|millions?|billions?|dozens?)\b/i;
/** "is", "has", "did": forms of these say nothing happened. */
const AUXILIARY = new Set(['be', 'have', 'do']);
const COMMENTARY = /\b(?:attention|implications?|far-reaching|dramatic|significant(?:ly)?|notable|remarkable|unprecedented|spotlight|remains? to be seen|time will tell|closely watched|raises? questions|global dynamics|wider|broader)\b/i;

/** Names the lead paragraph gives: the setting every later sentence can take as known. */
export function leadNames(doc: Document): Set<string> {
  return new Set(namesOf(doc.passages[0]?.text ?? ''));
}

export function createFillerCheck(doc: Document, lead = leadNames(doc)): (sentence: string) => boolean {
  return (sentence) => {
    if (NUMBER.test(sentence) || /["“”]/.test(sentence)) return false;
    const names = namesIn(sentence);
    if (!names.length) return !hasEvent(sentence);
    return COMMENTARY.test(sentence) && names.every((n) => lead.has(n));
  };
}

/** A verb in the past: something happened ("commented", "met", "were arrested"). */
function hasEvent(sentence: string): boolean {
  return sentence.split(/[^\p{L}]+/u).some((w) => {
    const lower = w.toLowerCase();
    if (lower.length > 4 && lower.endsWith('ed')) return true;
    const base = lemma(lower);
    return base !== lower && !AUXILIARY.has(base);
  });
}

/** Names past the first word (which is capitalised by grammar). */
function namesIn(sentence: string): string[] {
  return namesOf(sentence.trim().replace(/^\S+/, ''));
}
