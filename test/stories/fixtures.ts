// Invented news events told by several outlets, for the story tests (no real articles).
import type { Document } from '../../src/corpus/corpus-types.ts';
import { makeDocument } from '../helpers/documents.ts';

export function article(source: string, title: string, paragraphs: string[], date: string | null = '2026-04-02T09:00:00.000Z', url: string | null = null): Document {
  const doc = makeDocument({ title, paragraphs, path: `feeds/${source.toLowerCase().replace(/\W+/g, '-')}/${title.slice(0, 20)}.md` });
  return { ...doc, source, url, date };
}

/** One event — a bridge collapse in Korvena — told three ways. */
export const bridgeHerald = article('Valley Herald', 'Korvena bridge collapses after record rainfall', [
  'The Tamsin Bridge in Korvena collapsed on Tuesday after three days of record rainfall, mayor Elsa Varga said. No one was on the bridge when it fell into the Lorne River.',
  'Engineers had warned in March that the bridge needed urgent repairs. The city will open a ferry service while a replacement is planned.',
]);
export const bridgeCoast = article('Coast Times', 'Record rain brings down Tamsin Bridge', [
  'Record rainfall brought down the Tamsin Bridge over the Lorne River in Korvena on Tuesday. Mayor Elsa Varga said nobody was hurt when the bridge collapsed.',
  'A ferry will carry commuters across the river until a new bridge is built, the mayor added.',
]);
export const bridgeWire = article('Metro Wire', 'Korvena mayor says no injuries in Tamsin Bridge collapse', [
  'No one was injured when the Tamsin Bridge in Korvena collapsed into the swollen Lorne River, Mayor Elsa Varga told reporters on Tuesday.',
  'Three days of record rain had raised the river to its highest level in forty years.',
]);

/** Another event entirely. */
export const orchestra = article('Valley Herald', 'Lindmark orchestra cancels winter tour over funding', [
  'The Lindmark Philharmonic has cancelled its winter tour after the regional arts council cut its grant by half, conductor Paulo Reyes said on Wednesday.',
  'Twelve concerts in six cities are affected, and ticket holders will be refunded in full.',
], '2026-04-03T10:00:00.000Z');

/** A wire story and two sites that ran it with small edits. */
export const strikeWire = article('Metro Wire', 'Dock workers in Port Avis begin three-day strike', [
  'Dock workers in Port Avis began a three-day strike on Monday over pay and night shifts, union leader Hana Sato said. Container ships were queueing outside the harbour by the afternoon.',
  'The port authority said talks would resume on Thursday and that perishable cargo would be unloaded first.',
]);
export const strikeCopyA = article('Daily Ledger', 'Dock Workers In Port Avis Begin Three-Day Strike', [
  'Dock workers in Port Avis began a three-day strike on Monday over pay and night shifts, union leader Hana Sato said. Container ships were queueing outside the harbour by the afternoon.',
  'The port authority said talks would resume on Thursday and that perishable cargo would be unloaded first.',
  'This story was supplied by Metro Wire.',
], '2026-04-02T11:00:00.000Z', 'https://www.dailyledger.example/news/strike');
export const strikeCopyB = article('Evening Star', 'Dock workers in Port Avis begin three-day strike', [
  'Syndicated news. All rights reserved.',
  'Dock workers in Port Avis began a three-day strike on Monday over pay and night shifts, union leader Hana Sato said. Container ships were queueing outside the harbour by the afternoon.',
  'The port authority said talks would resume on Thursday and that perishable cargo would be unloaded first.',
], '2026-04-02T12:00:00.000Z');
export const strikeOwn = article('Coast Times', 'Port Avis strike leaves ships waiting at sea', [
  'Ships waited at sea outside Port Avis on Monday as dock workers walked out for three days, with union leader Hana Sato demanding better pay for night shifts.',
  'Talks with the port authority are due to resume on Thursday.',
]);

/** Two unrelated events that share one well-known name. */
export const tradeSpeech = article('Globe Report', 'Senator Ruth Calder proposes steel tariff bill', [
  'Senator Ruth Calder proposed a bill on Thursday that would raise tariffs on imported steel to twenty percent, saying domestic mills could not compete.',
  'Industry groups in Ohio welcomed the proposal, while importers warned of higher prices.',
]);
export const weddingStory = article('City Herald', 'Ruth Calder attends niece wedding in Vermont', [
  'Senator Ruth Calder was among two hundred guests at a lakeside wedding in Vermont on Saturday, where her niece married a local baker.',
  'The ceremony was followed by a dinner of maple-glazed salmon and a folk band.',
]);
