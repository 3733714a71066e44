// Briefs that cover the whole story: developments from the beginning, middle and end of a long
// article within the word budget; the same event from several outlets as one bullet citing each;
// free-text briefs led by what matches; headlines that are complete phrases; no filler.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { offlineBrief } from '../../src/engines/offline-engine.ts';
import { countWords } from '../../src/retrieval/terms.ts';
import { HARBOUR, parseArticle } from '../helpers/articles.ts';

const topic = { slug: 't', title: 'T' };

// Eighteen paragraphs, one development each, so where bullets come from can be read off.
const LONG = parseArticle('long', [
  'Council approves new tram line for Ashford',
  '',
  ...[
    'Ashford council voted on Tuesday to build a 12-kilometre tram line linking the station to the hospital.',
    'The vote passed by 31 votes to 9 after a four-hour debate.',
    'Construction is due to begin in March 2027 and take three years.',
    'The project will cost £410 million, most of it from a national transport fund.',
    'Opponents said the route would cut through Hartley Park, home to a protected colony of bats.',
    'Engineers have proposed a tunnel under the park that would add £38 million to the bill.',
    'Shopkeepers on Mill Street fear two years of roadworks will drive customers away.',
    'The council promised compensation of up to £20,000 for each affected shop.',
    'Bus operator Crestline warned it may withdraw three routes that duplicate the tram.',
    'Ridership is forecast at 9 million journeys a year by 2032.',
    'A similar scheme in Brookfield doubled public transport use within five years.',
    'Critics point out that Brookfield received twice the subsidy Ashford is getting.',
    'The regional mayor, Dana Whitlock, called the decision historic.',
    'Residents will be consulted on the design of the 14 stops over the summer.',
    'A legal challenge by the Hartley Park Trust is expected before the end of the year.',
    'The first trams would be built by Kestrel Rail at its plant in Dunmore, securing 300 jobs.',
    'Fares will be capped at £2 for the first two years of operation.',
    'The council will publish the final business case in January.',
  ].flatMap((p) => [p, '']),
].join('\n'));

describe('offline briefs: coverage', () => {
  it('a standard brief of a long article draws from its beginning, middle and end within 180 words', async () => {
    const brief = await offlineBrief({ query: 't', topic, documents: [LONG], length: 'standard' });
    const words = countWords(brief.bullets.map((b) => b.text).join(' '));
    assert.ok(words <= 180, `${words} words`);
    assert.ok(brief.bullets.length >= 6, `${brief.bullets.length} bullets`);
    const positions = brief.bullets.map((b) => LONG.passages.findIndex((p) => p.id === b.citations[0].passageId));
    const n = LONG.passages.length;
    assert.ok(positions.some((p) => p < n / 3), `beginning: ${positions}`);
    assert.ok(positions.some((p) => p >= n / 3 && p < (2 * n) / 3), `middle: ${positions}`);
    assert.ok(positions.some((p) => p >= (2 * n) / 3), `end: ${positions}`);
    assert.deepEqual(positions, [...positions].sort((a, b) => a - b), 'in the story\'s order');
    assert.equal(positions[0], 0, 'the lead opens a topic brief');
  });

  it('the short brief stays the lead', async () => {
    const brief = await offlineBrief({ query: 't', topic, documents: [LONG], length: 'short' });
    assert.equal(brief.bullets.length, 3);
    assert.equal(brief.bullets[0].citations[0].passageId, LONG.passages[0].id);
  });

  it('a detailed brief covers more than a standard one', async () => {
    const standard = await offlineBrief({ query: 't', topic, documents: [LONG], length: 'standard' });
    const detailed = await offlineBrief({ query: 't', topic, documents: [LONG], length: 'detailed' });
    assert.ok(detailed.bullets.length > standard.bullets.length);
  });

  it('leaves out filler: a sentence with no name, number or event', async () => {
    const doc = parseArticle('filler', [
      'Flood defences finished in Marlow',
      '',
      'Engineers completed the £6 million flood wall along the Thames at Marlow on Friday.',
      '',
      'The implications of this could be far-reaching for many communities.',
      '',
      'The wall protects 400 homes that flooded in 2014 and again in 2020.',
      '',
      'Such developments are always worth watching closely.',
    ].join('\n'));
    const brief = await offlineBrief({ query: 't', topic, documents: [doc], length: 'standard' });
    for (const b of brief.bullets) assert.doesNotMatch(b.text, /implications|worth watching/, b.text);
    assert.equal(brief.bullets.length, 2);
  });
});

describe('offline briefs: several documents on one event', () => {
  const outlets = [
    ['Wire A', 'Quake of magnitude 6.1 shakes Perugia', 'An earthquake of magnitude 6.1 struck near Perugia on Sunday night, damaging the cathedral roof.', 'Rescue teams from Rome arrived within hours.'],
    ['Wire B', 'Perugia hit by strong earthquake', 'A magnitude 6.1 earthquake hit the Perugia area late on Sunday, and the cathedral roof was damaged.', 'Schools in the region will stay closed on Monday.'],
    ['Wire C', 'Earthquake damages Perugia cathedral', 'The cathedral in Perugia lost part of its roof when a 6.1-magnitude earthquake struck on Sunday night.', 'Mayor Luca Bianchi asked residents to avoid the old town.'],
  ].map(([outlet, title, lead, more]) => parseArticle(outlet.replace(' ', '-').toLowerCase(), `${title}\n\n${lead}\n\n${more}`));

  it('tells the shared event once, citing every outlet; what only one outlet has stays its own bullet', async () => {
    const brief = await offlineBrief({ query: 'quake', topic, documents: outlets, length: 'standard' });
    const quake = brief.bullets.filter((b) => /6\.1/.test(b.text));
    assert.equal(quake.length, 1, brief.bullets.map((b) => b.text).join('\n'));
    assert.deepEqual(new Set(quake[0].citations.map((c) => c.docId)), new Set(outlets.map((d) => d.id)));
    assert.ok(brief.bullets.some((b) => /Rescue teams/.test(b.text)));
    assert.ok(brief.bullets.some((b) => /Luca Bianchi/.test(b.text)));
  });
});

describe('offline briefs: free text and headlines', () => {
  it('a free-text brief leads with the sentences that match its words, and its headline names them', async () => {
    const brief = await offlineBrief({ query: 'bats tunnel', topic: null, documents: [LONG], length: 'standard' });
    assert.match(brief.bullets[0].text, /bats|tunnel/);
    assert.match(brief.headline, /bats|tunnel/i);
  });

  it('headlines are complete phrases of at most 14 words, never cut with "…"', async () => {
    const derived = parseArticle('no-title', 'Officials in the northern province of Talvar confirmed on Wednesday that the long-delayed irrigation canal, which was first planned in 1998, will finally open next spring after years of disputes over land.\n\nFarmers welcomed the news.');
    for (const doc of [LONG, derived, HARBOUR]) {
      for (const length of ['short', 'standard'] as const) {
        const brief = await offlineBrief({ query: 't', topic, documents: [doc], length });
        assert.ok(countWords(brief.headline) <= 14, brief.headline);
        assert.doesNotMatch(brief.headline, /…|\.\.\.$/, brief.headline);
        assert.doesNotMatch(brief.headline, /\s(?:the|a|of|to|and|in)$/i, `ends on a whole phrase: ${brief.headline}`);
      }
    }
    const titled = await offlineBrief({ query: 't', topic, documents: [LONG], length: 'standard' });
    assert.equal(titled.headline, 'Council approves new tram line for Ashford', 'the document\'s own title');
  });
});
