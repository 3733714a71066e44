// What kind of answer a question wants, who or what it is about, and which of its words must be
// found. The wh-frame ("what happens next", "how did X react", "what did X say") says what
// kind of sentence answers; it is not a set of words to look for, so its words are set aside
// and only the question's content is required of a passage.
import { stem, terms, words } from './terms.ts';

export type QuestionType =
  | 'who-is' | 'who' | 'where' | 'when' | 'quantity' | 'why' | 'next' | 'reaction' | 'said' | 'wants' | 'yes-no' | 'what';

export interface QuestionInfo {
  text: string;
  type: QuestionType;
  /** The person or thing asked about ("Peskov" in "what did Peskov say?"), when the frame names one. */
  subject: string | null;
  subjectTerms: string[];
  /** Content terms a passage should cover: the question's terms without its frame words. */
  content: string[];
  /** Capitalised words past the first: names, which a supporting passage must contain. */
  named: string[];
  /** The question looks ahead ("where are the next talks?"): plans and forecasts answer it best. */
  future: boolean;
  /** Words that count as a content term where the term itself is absent (see SYNONYMS). */
  alternatives: ReadonlyMap<string, readonly string[]>;
}

const AUX = String.raw`(?:did|does|do|has|have|had|is|are|was|were|will|would|can|could|should|might|may)`;
const SAY_VERBS = String.raw`(?:say|said|tell|told|think|thought|comment|claim|write|wrote|argue|warn|mean|announce|state)`;
const REACT_VERBS = String.raw`(?:react|respond|reply|feel|felt|take|took|view|see)`;
const WANT_VERBS = String.raw`(?:want|wish|hope|seek|ask\s+for|call\s+for|demand|propose|push\s+for|envision|aim|plan|suggest)`;

interface FramePattern {
  type: QuestionType;
  pattern: RegExp;
  /** Capture group holding the subject, if any. */
  subjectGroup?: number;
}

// Order matters: the first pattern that matches decides.
const FRAMES: readonly FramePattern[] = [
  // "What did X say?", and "What warning did X give…" / "What pay rise did X want?" with a noun first.
  { type: 'said', pattern: new RegExp(String.raw`^what(?:\s+\S+){0,3}?\s+${AUX}\s+(.+?)\s+(?:have\s+to\s+)?${SAY_VERBS}\b`, 'i'), subjectGroup: 1 },
  { type: 'said', pattern: new RegExp(String.raw`^what\s+(?:was|is)\s+(.+?)['’]s?\s+(?:view|position|stance|comment|message|argument|claim|statement)\b`, 'i'), subjectGroup: 1 },
  { type: 'reaction', pattern: new RegExp(String.raw`^how\s+${AUX}\s+(.+?)\s+${REACT_VERBS}\b`, 'i'), subjectGroup: 1 },
  { type: 'reaction', pattern: /^what\s+(?:was|is|were|are)\s+(.+?)['’]s?\s+(?:reaction|response|reply|answer)\b/i, subjectGroup: 1 },
  { type: 'reaction', pattern: /^how\s+(?:was|were|is|are)\s+(.+?)\s+(?:received|taken)\b/i, subjectGroup: 1 },
  { type: 'wants', pattern: new RegExp(String.raw`^what(?:\s+\S+){0,3}?\s+${AUX}\s+(.+?)\s+${WANT_VERBS}\b`, 'i'), subjectGroup: 1 },
  { type: 'next', pattern: /^what\s+(?:will\s+|is\s+going\s+to\s+|could\s+|might\s+)?happens?\b|\b(?:happens?|comes?|is\s+planned|is\s+expected)\s+next\b|\bwhat\s+(?:will|would)\s+happen\b|\bwhat\s+(?:is|are)\s+next\b|\bwhat(?:['’]s| is)\s+next\b|\bnext\s+steps?\b|\bwhat\s+lies\s+ahead\b|\bin\s+the\s+future\b/i },
  { type: 'why', pattern: /^(?:why|how\s+come)\b|^what\s+(?:caused|causes|led\s+to|prompted|triggered|explains|is\s+behind|was\s+behind)\b|\bwhat\s+(?:was|is|were|are)\s+the\s+(?:reasons?|causes?)\b|\bfor\s+what\s+reason\b/i },
  { type: 'quantity', pattern: /^how\s+(?:many|much|long|far|old|big|large|high|often)\b|\b(?:what|which)\s+(?:is|was|are|were)\s+the\s+(?:number|amount|total|size|cost|price|figure|rate|percentage|share|value)\b|\b(?:longest|shortest|highest|lowest|largest|biggest|smallest|maximum|minimum|most|least)\b|\b(?:fall|fell|fallen|rise|rose|risen|drop|dropped|climb|climbed|increase|increased|decrease|decreased|grow|grew|jump|jumped|reach|reached)\s+(?:to|by)\s*\??$/i },
  { type: 'when', pattern: /^when\b|^(?:what|which)\s+(?:year|month|day|date|time)\b|^since\s+when\b|^how\s+long\s+ago\b/i },
  { type: 'where', pattern: /^where\b|^(?:in|at)\s+what\s+(?:place|city|country|town|venue|court)\b|^(?:what|which)\s+(?:city|country|town|place|venue|court|location)\b/i },
  // Case-sensitive on purpose: with /i, \p{Lu} would match any letter ("who is investing…").
  { type: 'who-is', pattern: /^[Ww]ho\s+(?:is|was|are|were)\s+((?:[Tt]he\s+)?\p{Lu}[^?]{0,60}?|(?:[Tt]he|[Aa]n?)\s+\S+(?:\s+\S+){0,2})\s*\??$/u, subjectGroup: 1 },
  { type: 'who-is', pattern: /^who\s+(?:is|was)\s+(?!\S+ing\b)((?:the\s+)?\S+(?:\s+\S+)?)\s*\??$/i, subjectGroup: 1 },
  { type: 'who', pattern: /^(?:who|whom|whose|which\s+(?:person|people|company|companies|group|organisation|organization|country|countries|official|officials))\b/i },
  { type: 'yes-no', pattern: new RegExp(String.raw`^${AUX}\b`, 'i') },
];

/** Words of the frame: they say what kind of answer is wanted, not what it is about. */
const FRAME_WORDS: Partial<Record<QuestionType, readonly string[]>> = {
  next: ['happen', 'next', 'come', 'future', 'plan', 'expect', 'step', 'lie', 'ahead'],
  why: ['why', 'reason', 'cause', 'lead', 'prompt', 'trigger', 'explain', 'behind', 'come'],
  reaction: ['react', 'reaction', 'respond', 'response', 'reply', 'feel', 'take', 'view', 'see', 'receive', 'answer'],
  said: ['say', 'tell', 'think', 'comment', 'claim', 'write', 'argue', 'warn', 'mean', 'announce', 'state', 'view', 'position', 'stance', 'message', 'argument', 'statement'],
  wants: ['want', 'wish', 'hope', 'seek', 'ask', 'call', 'demand', 'propose', 'push', 'envision', 'aim', 'plan', 'suggest'],
  quantity: ['many', 'much', 'long', 'far', 'old', 'big', 'large', 'high', 'often', 'number', 'amount', 'total', 'size', 'figure', 'longest', 'shortest', 'highest', 'lowest', 'largest', 'biggest', 'smallest', 'maximum', 'minimum', 'least'],
  when: ['year', 'month', 'day', 'date', 'time', 'last', 'ago'],
  where: ['place', 'city', 'country', 'town', 'venue', 'location'],
  'who-is': [],
  what: ['happen', 'go', 'on'],
  who: ['person', 'people'],
};

/**
 * Everyday near-synonyms for the verbs and nouns questions use where news copy words it
 * otherwise ("what sentence did he get?" — "he was given a community order").
 */
const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['get', 'give', 'receive', 'award', 'hand'],
  ['call', 'name', 'known', 'rename', 'formerly'],
  ['start', 'begin', 'launch', 'open'],
  ['end', 'finish', 'conclude', 'close'],
  ['buy', 'purchase', 'acquire', 'acquisition'],
  ['kill', 'die', 'dead', 'death'],
  ['hurt', 'injure', 'injury', 'wound'],
  ['rise', 'increase', 'grow', 'growth', 'climb', 'jump', 'up'],
  ['fall', 'drop', 'decline', 'decrease', 'slip', 'down', 'lower', 'contract'],
  ['talk', 'negotiation', 'negotiate', 'discuss', 'discussion', 'meet', 'summit'],
  ['free', 'release'],
  ['job', 'employment', 'worker', 'staff'],
  ['run', 'operate', 'manage', 'lead', 'control'],
  ['sentence', 'order', 'jail', 'prison'],
  ['strike', 'walkout', 'stoppage'],
  ['fire', 'sack', 'dismiss', 'oust', 'remove', 'replace', 'axe'],
  ['board', 'aboard', 'carry', 'passenger', 'onboard'],
  ['decide', 'decision', 'rule', 'ruling', 'uphold', 'verdict', 'judgment', 'judgement'],
  ['quit', 'resign', 'resignation', 'step'],
  ['arrest', 'detain', 'custody', 'charge'],
];

const FUTURE_WORDS = /\b(?:next|upcoming|future|will|going\s+to|planned|expected\s+to)\b/i;

const SYNONYMS = new Map<string, string[]>();
for (const group of SYNONYM_GROUPS) {
  const stems = group.map((w) => stem(w));
  for (const s of stems) SYNONYMS.set(s, [...new Set([...(SYNONYMS.get(s) ?? []), ...stems.filter((o) => o !== s)])]);
}

const MAX_QUESTION_CHARS = 400;

export function analyseQuestion(input: string): QuestionInfo {
  // The frame patterns scan lazily; a question is a sentence, and a pasted page is cut to one.
  const text = input.trim().replace(/\s+/g, ' ').slice(0, MAX_QUESTION_CHARS);
  const bare = text.replace(/^(?:and|so|but|ok(?:ay)?|then|also)[,\s]+/i, '').replace(/^(?:please\s+)?(?:tell\s+me|do\s+you\s+know)\s+/i, '');
  let type: QuestionType = 'what';
  let subject: string | null = null;
  for (const frame of FRAMES) {
    const m = frame.pattern.exec(bare);
    if (!m) continue;
    type = frame.type;
    if (frame.subjectGroup) subject = cleanSubject(m[frame.subjectGroup]);
    break;
  }
  const future = type === 'next' || FUTURE_WORDS.test(bare);
  const frameWords = new Set([...(FRAME_WORDS[type] ?? []), ...(future ? ['next', 'upcoming', 'future'] : [])].map((w) => stem(w)));
  const all = [...new Set(terms(bare))];
  const subjectTerms = subject ? [...new Set(terms(subject))] : [];
  const content = all.filter((t) => !frameWords.has(t) || subjectTerms.includes(t));
  const alternatives = new Map<string, readonly string[]>();
  for (const t of content) {
    const alt = SYNONYMS.get(t);
    if (alt && !subjectTerms.includes(t)) alternatives.set(t, alt);
  }
  return { text, type, subject, subjectTerms, content, named: namedTerms(bare), future, alternatives };
}

function cleanSubject(raw: string | undefined): string | null {
  if (!raw) return null;
  const s = raw.replace(/^(?:the|a|an)\s+/i, '').replace(/[?.!,]+$/, '').trim();
  return s && words(s).length <= 8 ? s : null;
}

/**
 * Names in a question ("Champions League", "Peskov") are constraints, not just words: a passage
 * about League One's semi-final does not answer who won the Champions League final.
 */
export function namedTerms(question: string): string[] {
  const out: string[] = [];
  const tokens = question.split(/\s+/);
  tokens.forEach((token, i) => {
    const word = token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    // The first word is capitalised by grammar, not because it is a name.
    if (i === 0 || !/^\p{Lu}/u.test(word) || word === 'I') return;
    out.push(...terms(word));
  });
  return [...new Set(out)];
}

/** What to search for: the content, the words that may stand for it, and the subject. */
export function searchText(q: QuestionInfo): string {
  const extra = [...q.alternatives.values()].flat();
  return [q.subject ?? '', ...q.content, ...extra].join(' ');
}

/** A bare follow-up ("and where?") asked about what the previous question was about. */
export function followUp(q: QuestionInfo, previous: QuestionInfo): QuestionInfo {
  const content = [...new Set([...q.content, ...previous.subjectTerms, ...previous.content])];
  const alternatives = new Map([...previous.alternatives, ...q.alternatives]);
  const subject = q.subject ?? previous.subject;
  const subjectTerms = q.subject ? q.subjectTerms : previous.subjectTerms;
  return { ...q, subject, subjectTerms, content, alternatives };
}
