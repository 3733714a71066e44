// Names, titles and roles: the word lists and patterns shared by quote attribution and the
// document's cast. Heuristics for English news copy; they err towards "not a name".

// A name token may end in a dot only when it is an initial ("F.") or a title abbreviation
// ("Sen."); otherwise the dot ends a sentence and the next capitalized word is not part of
// the name ("…said Jane Doe. Tom Lee was less sure").
const DOT_OK = String.raw`(?<=(?<![\p{L}\p{M}'’\-])(?:\p{Lu}|Mr|Mrs|Ms|Mx|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Cmdr|Maj|Adm|Rev|Hon|Jr|Sr|St)\.)`;
export const TOKEN = String.raw`(?:\p{Lu}[\p{L}\p{M}'’\-]*(?:\.${DOT_OK})?|(?:al|el)-\p{Lu}[\p{L}\p{M}'’\-]*)`;
export const PARTICLE = String.raw`(?:of|de|da|del|della|di|du|van|von|der|den|bin|ibn|la|le|dos|das|ter)`;
// Up to two particles in a row: "Ursula von der Leyen".
export const NAME = String.raw`${TOKEN}(?:(?: ${PARTICLE}){0,2} ${TOKEN}){0,6}`;

export const SAY_WORDS = [
  'said', 'says', 'say', 'told', 'tells', 'added', 'adds', 'asked', 'asks', 'explained', 'explains', 'noted',
  'notes', 'warned', 'warns', 'stated', 'states', 'wrote', 'writes', 'argued', 'argues', 'insisted', 'insists',
  'continued', 'declared', 'declares', 'replied', 'replies', 'recalled', 'remarked', 'acknowledged',
  'acknowledges', 'admitted', 'admits', 'claimed', 'claims', 'stressed', 'stresses', 'emphasized', 'emphasised',
  'observed', 'responded', 'suggested', 'suggests', 'tweeted', 'posted', 'announced', 'announces', 'commented',
  'concluded', 'cautioned', 'predicted', 'vowed', 'promised', 'conceded', 'countered', 'joked', 'quipped',
  'pointed out', 'went on', 'according to',
];
export const SAY = `(?:${SAY_WORDS.join('|')})`;
// "told" puts the listener after the verb ("told Reuters"), so it never precedes the speaker.
export const SAY_BEFORE_SPEAKER = `(?:${SAY_WORDS.filter((w) => w !== 'told' && w !== 'tells').join('|')})`;
export const ADVERB = String.raw`(?:(?:also|later|then|again|once|previously|recently|earlier|further|simply|bluntly|flatly) )?`;
export const ANY_SAY = new RegExp(String.raw`\b${SAY}\b`, 'u');
export const SAYS_NEXT = new RegExp(String.raw`^ ${ADVERB}${SAY}\b`, 'u');
// Same shape as NAME, for scanning whole paragraphs: a plain first-character class lets the
// regex engine skip ahead quickly (about 4x faster than starting with \p{Lu}); callers check
// that the first character really is uppercase.
export const RUN_TOKEN = String.raw`\p{Lu}[\p{L}\p{M}'’\-]*(?:\.${DOT_OK})?`;
export const CAPITALIZED_RUN = new RegExp(
  String.raw`[A-Z\u00C0-\u00D6\u00D8-\u00DE\u0100-\u024F\u0370-\u03FF\u0400-\u052F][\p{L}\p{M}'’\-]*(?:\.${DOT_OK})?(?:(?: ${PARTICLE}){0,2} (?:(?:al|el)-)?${RUN_TOKEN}){0,6}`,
  'gu',
);
/** Words that name a position: they make an appositive a role and a preceding run a title. */
export const ROLE_NOUNS = new Set([
  'president', 'minister', 'secretary', 'spokesman', 'spokeswoman', 'spokesperson', 'envoy', 'ambassador',
  'senator', 'governor', 'mayor', 'chancellor', 'chief', 'executive', 'ceo', 'cfo', 'coo', 'cto', 'chairman',
  'chairwoman', 'chair', 'director', 'head', 'leader', 'official', 'adviser', 'advisor', 'analyst', 'economist',
  'professor', 'researcher', 'strategist', 'commissioner', 'general', 'admiral', 'colonel', 'commander',
  'representative', 'lawmaker', 'congressman', 'congresswoman', 'diplomat', 'negotiator', 'founder', 'partner',
  'editor', 'correspondent', 'reporter', 'author', 'lawyer', 'attorney', 'judge', 'justice', 'prosecutor',
  'king', 'queen', 'prince', 'princess', 'pope', 'sheikh', 'emir', 'premier', 'deputy', 'aide', 'member',
  'manager', 'owner', 'scientist', 'expert', 'fellow', 'speaker', 'treasurer', 'governor', 'mp', 'candidate',
  'nominee', 'coach', 'captain', 'officer', 'inspector', 'superintendent', 'ceo', 'director-general',
  'secretary-general', 'president-elect', 'vice-president', 'co-founder', 'chief executive',
]);

/** People by occupation or situation ("a nurse at the hospital", "said resident Jane Doe"): roles too. */
export const PEOPLE_NOUNS = new Set([
  'resident', 'student', 'teacher', 'doctor', 'nurse', 'surgeon', 'farmer', 'activist', 'campaigner',
  'historian', 'organiser', 'organizer', 'worker', 'employee', 'boss', 'chef', 'architect', 'engineer', 'consultant',
  'player', 'striker', 'midfielder', 'defender', 'goalkeeper', 'pilot', 'volunteer', 'witness', 'survivor', 'victim',
  'mother', 'father', 'councillor', 'councilor', 'trustee', 'shopkeeper', 'landlord', 'tenant', 'broker',
  'trader', 'banker', 'investor', 'entrepreneur', 'designer', 'developer', 'programmer', 'physician', 'psychologist',
  'sociologist', 'epidemiologist', 'virologist', 'vicar', 'priest', 'bishop', 'rabbi', 'imam', 'pastor', 'singer',
  'actor', 'actress', 'writer', 'novelist', 'poet', 'artist', 'musician', 'producer', 'veteran', 'detective',
  'constable', 'firefighter', 'paramedic', 'baker', 'butcher', 'fisherman', 'driver', 'mechanic', 'plumber',
  'electrician', 'builder', 'miner', 'carer', 'pensioner', 'commuter', 'passenger', 'shopper', 'protester',
  'refugee', 'parent', 'grandmother', 'grandfather', 'widow', 'columnist', 'commentator',
]);

/** Title words peeled off the front of a capitalized run ("Foreign Minister Sergey Lavrov"). */
export const TITLE_WORDS = new Set([
  ...ROLE_NOUNS, 'vice', 'prime', 'foreign', 'finance', 'defense', 'defence', 'interior', 'state', 'sen.',
  'rep.', 'gov.', 'gen.', 'adm.', 'col.', 'lt.', 'sgt.', 'capt.', 'cmdr.', 'maj.', 'prof.', 'dr.', 'mr.',
  'mrs.', 'ms.', 'mx.', 'mr', 'mrs', 'ms', 'mx', 'miss', 'dr', 'prof', 'sir', 'dame', 'lord', 'lady', 'rev.', 'hon.', 'former', 'acting', 'interim', 'senior',
  'assistant', 'special', 'crown', 'majority', 'minority', 'house', 'senate', 'economy', 'economic', 'trade',
  'health', 'treasury', 'energy', 'commerce', 'labor', 'labour', 'education', 'agriculture', 'transport',
  'transportation', 'homeland', 'security', 'national', 'chief', 'of', 'the', 'white', 'press', 'attorney',
  'lieutenant', 'sergeant', 'major', 'field', 'marshal', 'supreme', 'leader', 'first', 'lady',
]);
export const TITLE_CONNECTORS = new Set(['of', 'the']);
export const CALENDAR_WORDS = new Set([
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march',
  'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
]);
// UK copy writes them without the dot ("Mr Okafor").
export const HONORIFICS = new Set(['mr.', 'mrs.', 'ms.', 'mx.', 'dr.', 'prof.', 'sir', 'dame', 'lord', 'lady', 'rev.', 'hon.', 'mr', 'mrs', 'ms', 'mx', 'miss', 'dr', 'prof']);

/** Capitalized words that open sentences or clauses; never part of a speaker's name. */
export const NOT_NAME_WORDS = new Set([
  'the', 'a', 'an', 'he', 'she', 'it', 'they', 'we', 'i', 'you', 'this', 'that', 'these', 'those', 'there',
  'here', 'but', 'and', 'or', 'so', 'yet', 'however', 'meanwhile', 'still', 'in', 'on', 'at', 'for', 'after',
  'before', 'as', 'if', 'when', 'while', 'its', 'his', 'her', 'their', 'our', 'my', 'your', 'some', 'many',
  'most', 'both', 'each', 'what', 'why', 'how', 'who', 'where', 'also', 'then', 'now', 'today', 'yesterday',
  'later', 'earlier', 'last', 'next', 'according', 'despite', 'although', 'though', 'since', 'because', 'with',
  'without', 'during', 'by', 'from', 'to', 'not', 'only', 'even', 'all', 'another', 'one', 'no', 'speaking',
  'asked', 'instead', 'indeed', 'notably', 'initially', 'finally', 'separately', 'similarly', 'additionally',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february',
  'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'him',
  'them', 'us', 'me',
]);

/** Capitalized words that are places, institutions or nationalities, never people. */
export const NOT_PERSON_WORDS = new Set([
  'kremlin', 'white', 'house', 'office', 'oval', 'congress', 'senate', 'parliament', 'pentagon', 'ministry',
  'department', 'government', 'administration', 'council', 'commission', 'committee', 'union', 'nations',
  'states', 'kingdom', 'republic', 'federation', 'party', 'bank', 'court', 'agency', 'university', 'institute',
  'company', 'group', 'corporation', 'inc.', 'corp.', 'ltd.', 'street', 'road', 'city', 'county', 'province',
  'region', 'east', 'west', 'north', 'south', 'middle', 'gulf', 'sea', 'ocean', 'river', 'europe', 'european',
  'asia', 'asian', 'africa', 'african', 'america', 'american', 'americans', 'russia', 'russian', 'russians',
  'ukraine', 'ukrainian', 'ukrainians', 'china', 'chinese', 'india', 'indian', 'japan', 'japanese',
  'germany', 'german', 'france', 'french', 'britain', 'british', 'england', 'english', 'italy', 'italian',
  'spain', 'spanish', 'canada', 'canadian', 'mexico', 'mexican', 'brazil', 'israel', 'israeli', 'iran',
  'iranian', 'saudi', 'arabia', 'arab', 'qatar', 'turkey', 'turkish', 'syria', 'syrian', 'gaza', 'moscow',
  'washington', 'kyiv', 'kiev', 'beijing', 'london', 'paris', 'berlin', 'brussels', 'riyadh', 'tokyo',
  'new', 'york', 'western', 'eastern', 'northern', 'southern', 'nord', 'stream', 'internet', 'ai',
  'christmas', 'easter', 'ramadan', 'covid', 'god',
]);

/** First character is an uppercase letter (any script). */
export function startsUpper(s: string): boolean {
  const c = s.charCodeAt(0);
  if (c < 128) return c >= 65 && c <= 90;
  const ch = s[0];
  return ch !== ch.toLowerCase();
}

/**
 * A capitalized run → a person's name and the title in front of it ("Foreign Minister | Sergey
 * Lavrov"). Null for possessives ("Doe's"), sentence openers, places, institutions, acronyms.
 */
export function cleanName(run: string): { name: string; title: string | null } | null {
  let tokens = run.trim().split(' ');
  let lower = tokens.map((t) => t.toLowerCase());
  // Possessive anywhere means the run names something of the person, not the person.
  for (const t of lower) if (t.endsWith("'s") || t.endsWith('’s')) return null;
  let skip = 0;
  // "US" is the country, not the pronoun "us": it stays, as part of a title ("US Secretary of State").
  while (skip < tokens.length && NOT_NAME_WORDS.has(lower[skip]) && tokens[skip] !== 'US') skip++;
  if (skip) {
    tokens = tokens.slice(skip);
    lower = lower.slice(skip);
  }
  // Peel titles: everything up to the last real title word ("Secretary of State | Marco Rubio"),
  // keeping at least one token for the name; "of"/"the" alone do not make a title.
  let lastTitle = -1;
  for (let i = 0; i < tokens.length - 1; i++) if (TITLE_WORDS.has(lower[i]) && !TITLE_CONNECTORS.has(lower[i])) lastTitle = i;
  let nameTokens = tokens.slice(lastTitle + 1);
  if (nameTokens.length === 0) return null;
  const lastIdx = nameTokens.length - 1;
  if (nameTokens[lastIdx].length > 2 && nameTokens[lastIdx].endsWith('.')) {
    nameTokens[lastIdx] = nameTokens[lastIdx].slice(0, -1);
  }
  nameTokens = nameTokens.filter((t) => t.length > 0);
  let allPlace = true;
  for (const t of nameTokens) {
    const l = t.toLowerCase();
    if (NOT_NAME_WORDS.has(l) && !CALENDAR_WORDS.has(l)) return null;
    if (!NOT_PERSON_WORDS.has(l) && !TITLE_WORDS.has(l)) allPlace = false;
  }
  if (allPlace) return null;
  if (nameTokens.length === 1 && ((nameTokens[0].length <= 5 && /^\p{Lu}{2,}$/u.test(nameTokens[0])) || /^(?:\p{Lu}\.)+\p{Lu}?\.?$/u.test(nameTokens[0]))) return null; // "US", "NATO", "U.S."
  let title: string | null = null;
  if (lastTitle >= 0) {
    const titleTokens = tokens.slice(0, lastTitle + 1).filter((t, i) => !HONORIFICS.has(lower[i]));
    if (titleTokens.length) title = titleTokens.join(' ');
  }
  return { name: nameTokens.join(' '), title };
}

/** An appositive is a role when it reads like one ("the finance minister", "Kremlin spokesman"). */
export function validRole(raw: string): string | null {
  const role = raw.trim();
  const words = role.split(/\s+/u);
  if (words.length > 12 || words.length === 0) return null;
  const first = words[0].toLowerCase();
  if (/^(?:who|which|that|whose|adding|according|referring|speaking|citing|in|on|at|after|before|as|while|when|but|and|or|if|because|though|although|during|since|until|with|without|to|for|from|he|she|they|it|we|i|you)$/u.test(first)) return null;
  if (/ing$|ed$/u.test(first) && !/^(?:the|a|an)$/u.test(first)) return null;
  if (ANY_SAY.test(role)) return null;
  const lowerWords = words.map((w) => w.toLowerCase().replace(/[^\p{L}\-]/gu, ''));
  const hasRoleNoun = lowerWords.some((w) => ROLE_NOUNS.has(w) || ROLE_NOUNS.has(w.replace(/s$/u, '')) || PEOPLE_NOUNS.has(w));
  if (!hasRoleNoun) return null;
  return stripArticle(role);
}

export function stripArticle(role: string): string {
  return role.replace(/^(?:the|a|an)\s+/iu, '').trim();
}

export const APPOSITIVE = /^, ((?:the|a|an) [^,.;"“”]{2,80}|[^,.;"“”]{2,60}),/u;
export const LOWER_TITLES = new Set([
  'spokesman', 'spokeswoman', 'spokesperson', 'envoy', 'minister', 'president', 'secretary', 'adviser', 'advisor',
  'analyst', 'economist', 'official', 'chief', 'executive', 'director', 'ambassador', 'negotiator', 'aide',
  'leader', 'senator', 'governor', 'mayor', 'ceo', 'chairman', 'chairwoman', 'professor', 'lawmaker',
]);

/** "spokesman Dmitry Peskov": the word before the run is a lowercase position. */
export function precededByRoleNoun(text: string, at: number): boolean {
  if (at < 2 || text.charCodeAt(at - 1) !== 32) return false;
  return LOWER_TITLES.has(text.slice(wordStartBefore(text, at - 1), at - 1));
}

/** Start of the word that ends at `end` (the word runs back to a space or line break). */
export function wordStartBefore(text: string, end: number): number {
  let i = end;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 32 || c === 10 || c === 9 || c === 13) break;
    i--;
  }
  return i;
}

