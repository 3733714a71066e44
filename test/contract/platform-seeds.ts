// The documents the platform contract briefs: enough distinct US–Russia stories that a detailed
// brief runs to several thousand characters (every platform has to pack it), and one document
// whose text is full of chat mentions (every platform has to keep them from pinging anyone).
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const STORIES = [
  ['Arctic shipping', 'icebreaker convoys along the Northern Sea Route past the Yamal peninsula', 'Murmansk', 'Admiral Nikolai Yevmenov'],
  ['sanctions relief', 'frozen central bank reserves held by Euroclear in Brussels and by banks in Luxembourg', 'Geneva', 'Treasury envoy Laura Whitfield'],
  ['embassy staffing', 'visa quotas for diplomats, consular staff and the families of embassy employees', 'Riyadh', 'Ambassador Alexander Darchiev'],
  ['prisoner exchange', 'a swap of two journalists, a basketball coach and a former marine held since 2022', 'Abu Dhabi', 'negotiator Kirill Dmitriev'],
  ['grain corridor', 'Black Sea insurance for wheat and sunflower oil cargoes leaving Odesa and Novorossiysk', 'Istanbul', 'trade minister Maksim Reshetnikov'],
  ['space cooperation', 'cross flights of cosmonauts and astronauts to the orbital station through 2028', 'Baikonur', 'Roscosmos chief Dmitry Bakanov'],
  ['nuclear arms control', 'warhead inspections and data exchanges under the expiring New START treaty', 'Vienna', 'deputy minister Sergei Ryabkov'],
  ['rare earth minerals', 'joint mining ventures for neodymium and dysprosium in the Far East and Siberia', 'Vladivostok', 'investor Stephen Witkoff'],
  ['gas pipeline', 'restarting the one intact string of the Baltic pipeline with American investors', 'Greifswald', 'energy analyst Mikhail Krutikhin'],
  ['direct flights', 'resuming Aeroflot routes between Moscow, New York and Washington Dulles', 'Sheremetyevo', 'aviation lawyer Andrea Collins'],
  ['cyber security', 'a hotline for ransomware attacks on hospitals, pipelines and water utilities', 'Helsinki', 'security adviser Mike Waltz'],
  ['Ukraine ceasefire', 'a monitoring mission along the front line and the Zaporizhzhia power plant', 'Jeddah', 'special envoy Keith Kellogg'],
] as const;

/** Words that find the document full of mentions, and a phrase only that document contains. */
export const MENTIONS_QUERY = 'zanzibar harbour memo';
export const MENTIONS_MARKER = 'Zanzibar';
/** What chat platforms would turn into pings if they passed it through. */
export const MENTION_TOKENS = ['@everyone', '@here', '<!channel>', '<@U123>', '<@123456789012345678>'] as const;

/** Asked in a brief's thread; the stories quote Peskov, so the answer cites the brief's documents. */
export const FOLLOW_UP_QUESTION = 'what did Peskov say?';

function story(i: number): string {
  const [subject, detail, place, person] = STORIES[i];
  const title = `United States and Russia weigh ${subject}: ${detail}`;
  const paragraphs = [
    `Negotiators from the United States and Russia spent ${i + 2} days in ${place} discussing ${detail}, according to officials in Washington and the Kremlin.`,
    `${person} told reporters that progress on ${subject} depended on steps from Moscow, and that Russian officials had asked for written guarantees before any deal on ${detail}.`,
    `"We are ready to talk about ${subject} if Washington is serious," said Dmitry Peskov, Kremlin spokesman.`,
    `A follow-up meeting on ${subject} is planned in ${place} within ${i + 3} weeks, and both sides will brief their allies before then.`,
  ];
  return `${title}\n\n${paragraphs.join('\n\n')}\n`;
}

const MENTIONS_DOCUMENT = [
  'Zanzibar harbour memo leaks to the press',
  '',
  `The Zanzibar harbour memo told ${MENTION_TOKENS[0]} and ${MENTION_TOKENS[1]} in ${MENTION_TOKENS[2]} to call ${MENTION_TOKENS[3]} and ${MENTION_TOKENS[4]} before the harbour closed for the storm.`,
  '',
  'Port officials in Zanzibar confirmed the harbour memo on Tuesday and said the ferries would run again on Friday.',
  '',
].join('\n');

/** Writes the contract's documents into `dir` (a seeds folder). */
export function writeContractSeeds(dir: string): void {
  STORIES.forEach((_, i) => writeFileSync(path.join(dir, `story-${String(i).padStart(2, '0')}.txt`), story(i)));
  writeFileSync(path.join(dir, 'zanzibar-memo.txt'), MENTIONS_DOCUMENT);
}
