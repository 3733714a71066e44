import {
  APPOSITIVE, CAPITALIZED_RUN, cleanName, LOWER_TITLES, NOT_NAME_WORDS, precededByRoleNoun,
  SAYS_NEXT, startsUpper, TITLE_WORDS, validRole, wordStartBefore,
} from './names.ts';

// The people of one document, asked about by name. Answers come from targeted searches for
// that name in the text (memoized), not from a scan of every capitalized word: a document with
// quotes usually asks about two or three names, and the full scan was most of the parse time.

export interface Profile {
  /** Something in the text marks the name as a person (a title, a role, "… said", a quote). */
  person: boolean;
  role: string | null;
}

const CONNECTORS = new Set(['of', 'the', 'de', 'da', 'del', 'della', 'di', 'du', 'van', 'von', 'der', 'den', 'bin', 'ibn', 'la', 'le', 'dos', 'das', 'ter']);

export class Cast {
  readonly #text: string;
  /** Speakers named by quotes and attribution lines, with the role given there. */
  readonly #speakers: Map<string, string | null>;
  readonly #resolved = new Map<string, string | null>();
  readonly #profiles = new Map<string, Profile>();
  readonly #sexes = new Map<string, 'male' | 'female' | null>();

  /** `text`: the document's paragraphs joined by newlines. */
  constructor(text: string, speakers: Iterable<readonly [string, string | null]>) {
    this.#text = text;
    this.#speakers = new Map();
    for (const [name, role] of speakers) {
      if (!this.#speakers.get(name)) this.#speakers.set(name, role);
    }
  }

  /**
   * The full name a bare surname stands for: the one full name in the document ending with it.
   * Null when two people share it; the surname itself when no full name appears.
   */
  resolve(name: string): string | null {
    if (name.includes(' ')) return name;
    const memo = this.#resolved.get(name);
    if (memo !== undefined || this.#resolved.has(name)) return memo ?? null;
    const full = new Set<string>();
    for (const speaker of this.#speakers.keys()) if (speaker.endsWith(` ${name}`)) full.add(speaker);
    for (const at of occurrences(this.#text, name)) {
      const run = runEndingAt(this.#text, at, at + name.length);
      const cleaned = cleanName(run.text);
      if (cleaned && cleaned.name.endsWith(` ${name}`) && cleaned.name.split(' ').length <= 4) full.add(cleaned.name);
    }
    const result = full.size === 0 ? name : full.size === 1 ? [...full][0] : null;
    this.#resolved.set(name, result);
    return result;
  }

  /** Whether the text marks `name` as a person, and the first role it gives them. */
  profile(name: string): Profile {
    const memo = this.#profiles.get(name);
    if (memo) return memo;
    let person = this.#speakers.has(name);
    let role = this.#speakers.get(name) ?? null;
    const multi = name.includes(' ');
    for (const at of occurrences(this.#text, name)) {
      if (person && role) break;
      const end = at + name.length;
      const run = runEndingAt(this.#text, at, end);
      const cleaned = run.start < at ? cleanName(run.text) : null;
      if (run.start < at && HONORIFIC_SEX.has(firstWord(run.text))) person = true; // "Mr Okafor"
      if (cleaned && cleaned.name === name && cleaned.title) {
        person = true;
        role ??= cleaned.title;
        continue;
      }
      if (this.#text.charCodeAt(end) === 44 /* , */) {
        const appositive = APPOSITIVE.exec(this.#text.slice(end, end + 100));
        const r = appositive ? validRole(appositive[1]) : null;
        if (r && multi) {
          person = true;
          role ??= r;
          continue;
        }
      }
      if (precededByRoleNoun(this.#text, run.start)) {
        person = true;
        role ??= lowercaseTitle(this.#text, run.start);
        continue;
      }
      // Organisations say things too ("Gazprom said"): only a two-word name counts here.
      if (multi && SAYS_NEXT.test(this.#text.slice(end, end + 40))) person = true;
    }
    const profile = { person, role };
    this.#profiles.set(name, profile);
    return profile;
  }

  /** What an honorific in front of the name says ("Mr Lee", "Ms Ana Ruiz"); null if none or both. */
  sex(name: string): 'male' | 'female' | null {
    const memo = this.#sexes.get(name);
    if (memo !== undefined) return memo;
    const surname = name.slice(name.lastIndexOf(' ') + 1);
    const seen = new Set<'male' | 'female'>();
    for (const at of occurrences(this.#text, surname)) {
      const run = runEndingAt(this.#text, at, at + surname.length);
      const sex = HONORIFIC_SEX.get(firstWord(run.text));
      if (sex) seen.add(sex);
    }
    const result = seen.size === 1 ? [...seen][0] : null;
    this.#sexes.set(name, result);
    return result;
  }

  /**
   * Distinct people a stretch of text could be talking about: known names as full names,
   * anything else name-like as `?name`. Places, institutions and sentence openers are skipped.
   */
  candidatesIn(text: string): Set<string> {
    const found = new Set<string>();
    const scrubbed = blankQuotations(text);
    CAPITALIZED_RUN.lastIndex = 0;
    for (let m = CAPITALIZED_RUN.exec(scrubbed); m; m = CAPITALIZED_RUN.exec(scrubbed)) {
      if (!startsUpper(m[0])) continue;
      const tokens = m[0].split(' ').map(bareToken);
      if (tokens[0].toLowerCase() === 'the') continue; // "The Kremlin", "The Oval Office"
      const lead = scrubbed.slice(Math.max(0, m.index - 12), m.index);
      if (/\b(?:the|in|at|from|near|into|across|throughout|of)\s+$/iu.test(lead)) continue; // places, institutions
      const cleaned = cleanName(tokens.join(' '));
      if (!cleaned) continue;
      if (!cleaned.name.includes(' ')) {
        const full = this.resolve(cleaned.name);
        found.add(full ?? `?${cleaned.name}`);
      } else {
        found.add(cleaned.name);
      }
    }
    return found;
  }
}

const HONORIFIC_SEX = new Map<string, 'male' | 'female'>([
  ['mr', 'male'], ['sir', 'male'], ['lord', 'male'], ['mrs', 'female'], ['ms', 'female'], ['miss', 'female'],
  ['dame', 'female'], ['lady', 'female'],
]);

function firstWord(run: string): string {
  const space = run.indexOf(' ');
  return (space < 0 ? run : run.slice(0, space)).toLowerCase().replace(/\.$/u, '');
}

/** "Doe's" → "Doe"; "Doe." → "Doe" (but "F." stays an initial). */
function bareToken(token: string): string {
  let t = token;
  if (t.endsWith("'s") || t.endsWith('’s')) t = t.slice(0, -2);
  if (t.length > 2 && t.endsWith('.')) t = t.slice(0, -1);
  return t;
}

/** Replaces quoted passages with spaces: names inside a quotation are talked about, not talking. */
function blankQuotations(text: string): string {
  if (!/["“”«»]/.test(text)) return text;
  return text.replace(/"[^"\n]*"|“[^”\n]*”|«[^»\n]*»/g, (q) => ' '.repeat(q.length));
}

/** Word-bounded occurrences of `name` in `text` ("Doe" in "Doe's" counts, in "Doerr" not). */
function* occurrences(text: string, name: string): Generator<number> {
  for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
    const before = at > 0 ? text.charCodeAt(at - 1) : 32;
    const after = text.charCodeAt(at + name.length);
    if (isNameChar(before) || isNameChar(after)) continue;
    yield at;
  }
}

function isNameChar(c: number): boolean {
  if (Number.isNaN(c)) return false;
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45) return true;
  return c > 0xbf && c !== 0x2019 && c !== 0x201d && c !== 0x201c && c !== 0x2014 && c !== 0x2013 && c !== 0xa0;
}

/**
 * The capitalized run that ends at `end`, extended left from `at` over capitalized words and
 * title abbreviations ("US Secretary of State Marco Rubio"), stopping at a sentence end.
 */
function runEndingAt(text: string, at: number, end: number): { start: number; text: string } {
  let start = at;
  for (let n = 0; n < 6; n++) {
    if (start < 2 || text.charCodeAt(start - 1) !== 32) break;
    const wordStart = wordStartBefore(text, start - 1);
    const word = text.slice(wordStart, start - 1);
    if (!word) break;
    const lower = word.toLowerCase();
    const last = word[word.length - 1];
    if (CONNECTORS.has(lower)) {
      // A connector only continues a run when a capitalized word precedes it.
      if (wordStart < 2 || text.charCodeAt(wordStart - 1) !== 32) break;
      if (!startsUpper(text.slice(wordStartBefore(text, wordStart - 1), wordStart - 1))) break;
      start = wordStart;
      continue;
    }
    if (!startsUpper(word)) break;
    if (last === '.' && !TITLE_WORDS.has(lower) && word.length !== 2) break; // "…in Moscow. Sergey Lavrov"
    if (/[,;:!?"”)\]]$/.test(word)) break;
    start = wordStart;
  }
  return { start, text: text.slice(start, end) };
}

/** "Kremlin spokesman Dmitry Peskov" → "Kremlin spokesman". */
function lowercaseTitle(text: string, runStart: number): string | null {
  if (runStart < 2) return null;
  const nounStart = wordStartBefore(text, runStart - 1);
  const noun = text.slice(nounStart, runStart - 1);
  if (!LOWER_TITLES.has(noun)) return null;
  const words = [noun];
  let pos = nounStart;
  for (let n = 0; n < 2 && pos >= 2 && text.charCodeAt(pos - 1) === 32; n++) {
    const s = wordStartBefore(text, pos - 1);
    const w = text.slice(s, pos - 1);
    if (!startsUpper(w) || NOT_NAME_WORDS.has(w.toLowerCase()) || /[.,;:!?]$/.test(w)) break;
    words.unshift(w);
    pos = s;
  }
  return words.join(' ');
}
