import { cleanName, NAME, NOT_NAME_WORDS, PEOPLE_NOUNS, ROLE_NOUNS, startsUpper, stripArticle } from './names.ts';

// A lowercase role in front of a name: `said chief executive Laura Chen`, `Markit economist
// Chris Williamson said`. The role's last word must name a position ("executive", "resident"),
// and a preposition inside the phrase means the role is someone else's ("a spokesman for the
// minister John Smith"): then the speaker is unsure.

export interface Speaker {
  name: string;
  title: string | null;
  role: string | null;
}

/** Modifiers that may stand right before a capitalized title ("former Foreign Minister Tom Lee"). */
const TITLE_MODIFIERS = new Set(['former', 'acting', 'interim', 'deputy', 'senior', 'outgoing', 'incoming', 'late']);

/** A preposition or conjunction inside the phrase: the role belongs to someone else. */
const NOT_OWN_ROLE = new Set([
  'for', 'to', 'with', 'by', 'from', 'about', 'against', 'representing', 'and', 'or', '&', 'told', 'tells', 'asked',
  'asks', 'than', 'like', 'behind', 'under', 'toward', 'towards', 'versus', 'vs',
]);

/** Words that end a role phrase walked back from the name (the sentence goes on before it). */
const PHRASE_BREAKS = new Set([
  'at', 'in', 'on', 'after', 'before', 'as', 'while', 'when', 'during', 'since', 'until', 'said', 'says', 'is', 'was',
  'are', 'were', 'has', 'have', 'had', 'that', 'who', 'which', 'where', 'also', 'but', 'so', 'if', 'he', 'she', 'it',
  'they', 'we', 'i', 'you', 'not', 'yesterday', 'today', 'then', 'now', 'there', 'here',
]);
const DETERMINERS = new Set(['the', 'a', 'an', 'its', 'his', 'her', 'their', 'our']);
const NAME_AT = new RegExp(`^${NAME}`, 'u');
const PUNCTUATION = /[,.;:!?"“”()—–]/u;

function isRoleHead(word: string): boolean {
  return ROLE_NOUNS.has(word) || PEOPLE_NOUNS.has(word);
}

function isLowerWord(word: string): boolean {
  return /^\p{Ll}[\p{Ll}'’\-]*$/u.test(word);
}

/**
 * `chief executive Laura Chen` (after a speech verb, or between a quote and its verb): the
 * name after the role, with the role. 'unsure' when the role belongs to someone else; null
 * when the words are not a role followed by a name. `wholeSegment`: the name must end the text.
 */
export function roleThenName(text: string, wholeSegment: boolean): Speaker | 'unsure' | null {
  const words = text.slice(0, 160).split(' ');
  let offset = 0;
  for (let i = 0; i < words.length && i < 9; offset += words[i].length + 1, i++) {
    const word = words[i];
    if (!word) return null; // a double space or the end of the text
    if (i > 0 && startsUpper(word)) {
      const prev = words[i - 1];
      if (!isLowerWord(prev) || !(isRoleHead(prev) || TITLE_MODIFIERS.has(prev))) continue;
      const run = NAME_AT.exec(text.slice(offset));
      if (!run) continue;
      const rest = text.slice(offset + run[0].length);
      // "former US president Barack Obama": the capitalized word is part of the role.
      if (/^ \p{Ll}+/u.test(rest) && isRoleHead(/^ (\p{Ll}+)/u.exec(rest)![1])) continue;
      if (wholeSegment && rest.trim() !== '') return null;
      // Co-speakers ("economist Tom Lee and analyst Jane Doe") or a possessive: not this name.
      if (/^\s*(?:and|or|&)\s+(?:\p{Lu}|\p{Ll}+ \p{Lu})/u.test(rest) || /^['’]s\b/u.test(rest)) return 'unsure';
      const roleWords = words.slice(0, i);
      const verdict = checkRoleWords(roleWords);
      if (verdict !== 'ok') return verdict;
      const cleaned = cleanName(run[0]);
      if (!cleaned) return null;
      return { name: cleaned.name, title: cleaned.title, role: roleText(roleWords, cleaned.title) };
    }
    if (PUNCTUATION.test(word)) return null;
  }
  return null;
}

/**
 * The role in front of a name that a pattern already found (`Chief executive Laura Chen
 * said: "…"`): `lead` is the text before the name. Null when no role noun stands right before
 * the name.
 */
export function roleBeforeName(lead: string): string | 'unsure' | null {
  let tail = lead.slice(-90);
  const cut = Math.max(...[',', '.', ';', ':', '!', '?', '"', '“', '”', '(', ')', '—', '–', '\n'].map((c) => tail.lastIndexOf(c)));
  if (cut >= 0) tail = tail.slice(cut + 1);
  const words = tail.trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return null;
  const head = words[words.length - 1];
  if (!isLowerWord(head) || !isRoleHead(head)) return null;
  let start = words.length - 1;
  while (start > 0 && words.length - start < 7) {
    const lower = words[start - 1].toLowerCase();
    if (NOT_OWN_ROLE.has(lower)) return 'unsure';
    if (DETERMINERS.has(lower)) { start--; break; }
    if (PHRASE_BREAKS.has(lower) || (NOT_NAME_WORDS.has(lower) && startsUpper(words[start - 1]))) break;
    start--;
  }
  if (start > 0 && NOT_OWN_ROLE.has(words[start - 1].toLowerCase())) return 'unsure';
  return roleText(words.slice(start), null);
}

/** Every word of a phrase between a speech verb (or quote) and the name must belong to the role. */
function checkRoleWords(words: readonly string[]): 'ok' | 'unsure' | null {
  for (let i = 0; i < words.length; i++) {
    const lower = words[i].toLowerCase();
    if (NOT_OWN_ROLE.has(lower)) return 'unsure';
    if (PHRASE_BREAKS.has(lower)) return null;
    if (DETERMINERS.has(lower) && i > 0) return null;
    if (PUNCTUATION.test(words[i])) return null;
  }
  return 'ok';
}

/** "the company's chief executive" → "company's chief executive"; a peeled title is appended. */
function roleText(words: readonly string[], title: string | null): string | null {
  const parts = [...words];
  if (parts.length && DETERMINERS.has(parts[0].toLowerCase())) parts.shift();
  if (title) parts.push(title);
  const role = stripArticle(parts.join(' '));
  return role || null;
}
