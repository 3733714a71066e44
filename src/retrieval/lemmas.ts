// Word forms a suffix stemmer cannot meet: irregular verbs ("fell" is "fall", "won" is "win")
// and the few nouns whose verb differs in spelling ("loss" and "lose"). Porter's stemmer runs
// after this, so only the irregular part needs listing. A Map, not an object literal, so words
// like "constructor" are not found on a prototype.

const IRREGULAR: ReadonlyArray<readonly [string, string]> = [
  ['arise', 'arose arisen'], ['awake', 'awoke awoken'], ['bear', 'bore borne'], ['beat', 'beaten'],
  ['become', 'became'], ['begin', 'began begun'], ['bend', 'bent'], ['bid', 'bade'],
  ['bind', 'bound'], ['bite', 'bit bitten'], ['bleed', 'bled'], ['blow', 'blew blown'], ['break', 'broke broken'],
  ['breed', 'bred'], ['bring', 'brought'], ['build', 'built'], ['burn', 'burnt'], ['buy', 'bought'],
  ['catch', 'caught'], ['choose', 'chose chosen'], ['cling', 'clung'], ['come', 'came'], ['creep', 'crept'],
  ['deal', 'dealt'], ['dig', 'dug'], ['draw', 'drew drawn'], ['drink', 'drank drunk'], ['drive', 'drove driven'],
  ['eat', 'ate eaten'], ['fall', 'fell fallen'], ['feed', 'fed'], ['feel', 'felt'], ['fight', 'fought'],
  ['find', 'found'], ['flee', 'fled'], ['fly', 'flew flown'], ['forbid', 'forbade forbidden'],
  ['forget', 'forgot forgotten'], ['forgive', 'forgave forgiven'], ['freeze', 'froze frozen'],
  ['get', 'got gotten'], ['give', 'gave given'], ['go', 'went gone goes'], ['grind', 'ground'], ['grow', 'grew grown'],
  ['hang', 'hung'], ['have', 'had has'], ['hear', 'heard'], ['hide', 'hid hidden'], ['hold', 'held'],
  ['keep', 'kept'], ['know', 'knew known'], ['lay', 'laid'], ['lead', 'led'], ['leave', 'left'], ['lend', 'lent'],
  ['light', 'lit'], ['lose', 'lost loss losses'], ['make', 'made'], ['mean', 'meant'],
  ['meet', 'met'], ['mislead', 'misled'], ['overcome', 'overcame'], ['overtake', 'overtook overtaken'],
  ['pay', 'paid'], ['prove', 'proven'], ['ride', 'rode ridden'], ['ring', 'rang rung'], ['rise', 'rose risen'],
  ['run', 'ran'], ['see', 'saw seen'], ['seek', 'sought'], ['sell', 'sold'], ['send', 'sent'], ['shake', 'shook shaken'],
  ['shine', 'shone'], ['shoot', 'shot'], ['show', 'shown'], ['shrink', 'shrank shrunk'], ['sing', 'sang sung'],
  ['sink', 'sank sunk'], ['sit', 'sat'], ['sleep', 'slept'], ['slide', 'slid'], ['speak', 'spoke spoken'],
  ['spend', 'spent'], ['spin', 'spun'], ['spring', 'sprang sprung'], ['stand', 'stood'], ['steal', 'stole stolen'],
  ['stick', 'stuck'], ['sting', 'stung'], ['strike', 'struck stricken'], ['strive', 'strove striven'],
  ['swear', 'swore sworn'], ['sweep', 'swept'], ['swim', 'swam swum'], ['swing', 'swung'], ['take', 'took taken'],
  ['teach', 'taught'], ['tear', 'tore torn'], ['tell', 'told'], ['think', 'thought'], ['throw', 'threw thrown'],
  ['undergo', 'underwent undergone'], ['understand', 'understood'], ['undertake', 'undertook undertaken'],
  ['uphold', 'upheld'], ['wake', 'woke woken'], ['wear', 'wore worn'], ['weep', 'wept'], ['win', 'won'],
  ['withdraw', 'withdrew withdrawn'], ['withhold', 'withheld'], ['write', 'wrote written'],
  ['die', 'death deaths dead died dies dying'], ['say', 'said says'], ['do', 'did done does'], ['be', 'was were been is are'],
];

const LEMMA = new Map<string, string>();
for (const [base, forms] of IRREGULAR) for (const form of forms.split(' ')) LEMMA.set(form, base);

/** The base form of an irregular word, or the word itself. */
export function lemma(word: string): string {
  return LEMMA.get(word) ?? word;
}
