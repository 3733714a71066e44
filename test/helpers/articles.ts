// Realistic articles written for the reading tests (not from any data set): each question type
// and attribution form the offline engine handles has a sentence here that answers it.
import type { Document } from '../../src/corpus/corpus-types.ts';
import { parseDocument } from '../../src/corpus/parse.ts';

export function parseArticle(name: string, text: string): Document {
  return parseDocument({ text, path: `seeds/${name}.txt`, format: 'txt' }).document;
}

export const HARBOUR = parseArticle('harbour', [
  'Port strike halts shipping at Valmere',
  '',
  'Dock workers at the port of Valmere walked out on Monday, halting container traffic at the country\'s second-largest harbour.',
  '',
  'The walkout was called because the operator, Northline Terminals, refused a pay rise of 6% after two years of frozen wages.',
  '',
  'About 1,200 workers joined the strike, according to the Dockers\' Union.',
  '',
  '"We have been patient for two years and patience has run out," said union leader Marta Kovacs.',
  '',
  'Northline\'s chief executive, Paul Ennis, said the company could not afford the increase. "The numbers simply do not work," Ennis said at a press briefing in the capital.',
  '',
  'Shipping lines diverted at least 14 vessels to the neighbouring port of Castelo.',
  '',
  'The transport minister, Ilse Borg, proposed binding arbitration to end the dispute.',
  '',
  'Talks between the union and Northline are expected to resume on Thursday at the labour ministry in Brenn.',
  '',
  'Local traders reacted with alarm, warning that shelves could empty within a week.',
].join('\n'));

export const BAKERY = parseArticle('bakery', [
  'Village bakery wins national prize',
  '',
  'A family bakery in Oldmere has been named the best in the country at the National Bread Awards.',
  '',
  'The judges praised its sourdough, which is baked in a wood-fired oven built in 1887.',
  '',
  '"I never expected this," owner Sam Reyes said, adding that the prize money would pay for a new apprentice.',
].join('\n'));
