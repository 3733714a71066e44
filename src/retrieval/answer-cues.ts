// Does a sentence hold the kind of thing a question asks for: a place, a date, a number, a
// cause, a plan, a reaction, words spoken, a wish? Cheap surface cues for English news copy.
// Each is a bounded regex over one sentence, never over a whole document.
import type { QuestionType } from './question.ts';

const MONTH = String.raw`(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?`;
const WEEKDAY = String.raw`(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)`;

const NUMBER = /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|quarter|double|triple|several)\b|[%£$€¥]/i;
const DATE = new RegExp(String.raw`\b(?:${MONTH}|${WEEKDAY}|(?:1[89]|20)\d\d|yesterday|today|tomorrow|tonight|(?:last|next|this|earlier this|later this)\s+(?:week|month|year|spring|summer|autumn|fall|winter|weekend)|ago|decade|century|since\s+\w+)\b`, 'i');
const PLACE_NOUN = /\b(?:court|city|capital|state|country|region|province|county|village|town|airport|hospital|prison|station|headquarters|embassy|stadium|school|university|island|border|street|road|square|palace|parliament|venue|base|camp|port|district|area|centre|center)\b/i;
const PLACE_PREP = new RegExp(String.raw`\b(?:in|at|near|outside|inside|from|to|across|throughout)\s+(?:(?:the|another|a|an|neighbouring|neighboring|nearby)\s+)?(?!${MONTH}\b|${WEEKDAY}\b)\p{Lu}\p{L}+`, 'u');
const CAUSE = /\b(?:because|due to|owing to|as a result|on account of|thanks to|blam(?:e|es|ed|ing)|caused|causing|led to|leading to|amid|after|following|since|so that|in order to|reason|driven by|hit by|hitting|fears? (?:of|over)|concerns? (?:about|over)|cit(?:e|es|ed|ing)|criticis(?:e|es|ed|ing)|criticiz(?:e|es|ed|ing)|saying|accus(?:e|es|ed|ing))\b/i;
const STRONG_CAUSE = /\b(?:because|due to|owing to|as a result|on account of|thanks to|blam(?:e|es|ed|ing)|caused by|led to|driven by|the reason|reasons?|cit(?:e|es|ed|ing))\b/i;
const FUTURE = /\b(?:will|shall|going to|expected|expects?|plans?|planned|planning|preparations?|prepar(?:e|es|ed|ing)|set to|due to (?:be|take|hold|meet|start|begin)|scheduled|upcoming|next|future|later|soon|considering|intends?|intended|aims? to|is to|are to|on course|forecast|outlook)\b/i;
const MAYBE_FUTURE = /\b(?:would|likely|could|may|might|consider|proposed|proposal|possibly|potential(?:ly)?)\b/i;
const REACTION = /\b(?:react(?:ed|ion)?|respond(?:ed)?|response|welcom(?:e|ed|es)|condemn(?:ed|s)?|slam(?:med|s)?|criticis(?:ed|es)|criticiz(?:ed|es)|prais(?:ed|es)|hail(?:ed|s)|reject(?:ed|s)|dismiss(?:ed|es)|denounc(?:ed|es)|angr(?:y|ily)|anger(?:ed)?|furious|outrag(?:e|ed)|shock(?:ed)?|upset|delighted|pleased|relieved|disappointed|dismay(?:ed)?|frightened|petrified|terrified|traumatised|traumatized|devastated|afraid|vulnerable|unsafe|declined to comment|not commented|no comment|refused to comment|vowed)\b/i;
const SPEECH = /\b(?:said|says|told|tells|added|adds|stated|states|warned|warns|admitted|admits|claimed|claims|argued|argues|insisted|insists|announced|announces|explained|noted|stressed|wrote|writes|tweeted|according to|acknowledged|conceded|described|called|urged)\b/;
const WANT = /\b(?:wants?|wanted|wish(?:es|ed)?|hopes?|hoped|seeks?|sought|call(?:s|ed)? for|urg(?:e|es|ed)|demand(?:s|ed)?|push(?:es|ed)? for|envisions?|envisioned|aims?|aimed|propos(?:e|es|ed)|ask(?:s|ed)? for|goal|intends?|plans?|eager|keen)\b/i;
const NAME_INSIDE = /\s(?:[A-Z][\p{L}'’-]+)(?:\s+(?:of\s+)?[A-Z][\p{L}'’-]+)*/u;

/** How strongly a sentence carries the kind of answer a question type wants (0 = not at all). */
export function answerCue(type: QuestionType, sentence: string): number {
  switch (type) {
    case 'quantity': return hasQuantity(sentence) ? 1 : 0;
    case 'when': return DATE.test(sentence) ? 1 : 0;
    case 'where': return PLACE_PREP.test(sentence) ? 1 : PLACE_NOUN.test(sentence) ? 0.5 : 0;
    case 'why': return STRONG_CAUSE.test(sentence) ? 1 : CAUSE.test(sentence) ? 0.4 : 0;
    case 'next': return futureCue(sentence);
    case 'reaction': return REACTION.test(sentence) ? 1 : SPEECH.test(sentence) ? 0.5 : 0;
    case 'said': return SPEECH.test(sentence) ? 1 : 0;
    case 'wants': return WANT.test(sentence) ? 1 : 0;
    case 'who': return NAME_INSIDE.test(sentence) ? 1 : 0;
    default: return 0;
  }
}

/** A number that counts something: not one that is part of a name ("Nord Stream 2", "Apollo 11"). */
function hasQuantity(sentence: string): boolean {
  for (const m of sentence.matchAll(new RegExp(NUMBER.source, 'gi'))) {
    const before = sentence.slice(Math.max(0, m.index - 24), m.index);
    if (/\d/.test(m[0]) && /\p{Lu}[\p{L}-]*\s$/u.test(before)) continue;
    return true;
  }
  return false;
}

/** "Where are the *next* talks?": a question about what is still to come. */
export function futureCue(sentence: string): number {
  return FUTURE.test(sentence) ? 1 : MAYBE_FUTURE.test(sentence) ? 0.6 : 0;
}

/** Types whose answer is a kind of fact (a place, a date…) rather than the question's own words. */
export function isTypedQuestion(type: QuestionType): boolean {
  return type !== 'what' && type !== 'yes-no' && type !== 'who-is';
}
