import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createOfflineEngine } from '../../src/engines/offline-engine.ts';
import { selectSentences } from '../../src/engines/offline-summarize.ts';
import { countWords } from '../../src/retrieval/terms.ts';
import { makeDocument, RUSSIA_DOC } from '../helpers/documents.ts';

const engine = createOfflineEngine();
const topic = { slug: 't', title: 'T' };

describe('offline engine', () => {
  it('scales bullets with length (standard ≤ 180 words, detailed more), each ≤ 40 words and the words of its passage', async () => {
    const doc = makeDocument({
      title: 'Long article',
      paragraphs: [
        'Negotiators from twelve countries gathered in Geneva on Monday to discuss grain exports through the Black Sea.',
        'Shipping companies have warned that insurance costs for vessels in the region tripled over the summer.',
        'Farmers in the south reported record harvests, leaving silos full weeks before the usual season.',
        'A proposal to create a protected shipping corridor was first floated by Turkish officials in March.',
        'Critics argue the corridor would be impossible to monitor without independent inspectors on board.',
        'Prices for wheat futures fell sharply in Chicago after the first reports of progress emerged.',
        'The talks are expected to continue through Thursday, with a joint statement possible on Friday.',
        'Humanitarian groups urged delegates to prioritise shipments to countries facing food shortages.',
      ],
    });
    const counts: number[] = [];
    for (const length of ['short', 'standard', 'detailed'] as const) {
      const brief = await engine.brief({ query: 't', topic, documents: [doc], length });
      counts.push(brief.bullets.length);
      if (length === 'standard') assert.ok(countWords(brief.bullets.map((b) => b.text).join(' ')) <= 180);
      for (const b of brief.bullets) {
        assert.ok(countWords(b.text) <= 41, b.text);
        assert.equal(b.citations.length, 1);
        // Compression drops framing at either end; what is left is the passage's own words.
        const core = b.text.replace(/[.…]$/, '');
        assert.ok(doc.passages.find((p) => p.id === b.citations[0].passageId)!.text.toLowerCase().includes(core.toLowerCase()), b.text);
      }
    }
    assert.equal(counts[0], 3);
    assert.ok(counts[1] >= 5 && counts[2] >= counts[1], String(counts));
  });

  it('clips an over-long sentence at a clause boundary', async () => {
    const long = `The committee, which met for the third time this month in the capital, approved the plan, ${'adding several amendments on funding and oversight, '.repeat(4)}and then adjourned until next week.`;
    const doc = makeDocument({ title: 'Committee', paragraphs: [long, 'Members said the vote was close and several abstained.'] });
    const brief = await engine.brief({ query: 't', topic, documents: [doc], length: 'short' });
    const first = brief.bullets.find((b) => b.text.startsWith('The committee'))!;
    assert.ok(countWords(first.text) <= 41);
    assert.match(first.text, /…$/);
  });

  it('does not open a bullet with a dangling pronoun when its antecedent is left out', () => {
    const a = makeDocument({ title: 'Budget', paragraphs: ['The finance minister presented the budget to parliament on Monday.', 'Markets in Asia were closed for a holiday during the session.'] });
    const b = makeDocument({
      title: 'Reaction',
      paragraphs: ['He said the budget plan would fail within a year of its adoption.', 'Farmers protested against the budget plan in the capital on Friday.'],
    });
    // Each document gives one bullet; b's lead sentence leans on a name that is not in the brief.
    assert.deepEqual(selectSentences([a, b], { count: 2 }).map((c) => c.text), [
      'The finance minister presented the budget to parliament on Monday.',
      'Farmers protested against the budget plan in the capital on Friday.',
    ]);
    // A pronoun is fine when the sentence before it is kept too.
    const c = makeDocument({ title: 'C', paragraphs: ['The finance minister spoke to reporters after the vote on Monday.', 'He said the budget deficit would shrink next year.'] });
    assert.deepEqual(selectSentences([c], { count: 2 }).map((x) => x.text.slice(0, 8)), ['The fina', 'He said ']);
  });

  it('a strong sentence that leans on the one before it brings that one in, rather than being lost', () => {
    const doc = makeDocument({
      title: 'Energy',
      paragraphs: [
        'Leaders met in Brussels on Monday to discuss the economy. Opting for caution, they delayed a vote on spending.',
        'This decision also postponed work on the Nord Stream pipeline for a year. Officials expect new talks in spring.',
      ],
    });
    const texts = selectSentences([doc], { count: 3, query: 'nord stream pipeline' }).map((c) => c.text.slice(0, 20));
    assert.deepEqual(texts, ['Leaders met in Bruss', 'Opting for caution, ', 'This decision also p']);
  });

  it('drops near-duplicate sentences across documents and lets each document speak', async () => {
    const a = makeDocument({ title: 'A', paragraphs: ['The central bank raised interest rates by half a point on Thursday to fight inflation.', 'Analysts had expected a smaller move.'] });
    const b = makeDocument({ title: 'B', paragraphs: ['The central bank raised interest rates by half a point on Thursday to fight inflation.', 'Mortgage lenders said they would pass the increase on to borrowers.'] });
    const brief = await engine.brief({ query: 't', topic, documents: [a, b], length: 'short' });
    const texts = brief.bullets.map((x) => x.text);
    assert.equal(texts.filter((t) => t.startsWith('The central bank')).length, 1);
    assert.ok(texts.some((t) => t.startsWith('Mortgage lenders')));
  });

  it('takes quotes with their speakers and roles from the corpus, never unattributed ones', async () => {
    const doc = makeDocument({
      ...RUSSIA_DOC,
      quotes: [...RUSSIA_DOC.quotes!, { text: 'Nobody knows who said this line in the article at all', speaker: null, paragraph: 3 }],
    });
    const brief = await engine.brief({ query: 't', topic, documents: [doc], length: 'standard' });
    assert.deepEqual(brief.quotes.map((q) => q.speaker), ['Dmitry Peskov']);
    assert.equal(brief.quotes[0].role, 'Kremlin spokesman');
    assert.ok(brief.entities.people.includes('Dmitry Peskov'));
  });

  it('answers found:false with no hits', async () => {
    const answer = await engine.answer({ question: 'anything?', hits: [], history: [] });
    assert.deepEqual([answer.found, answer.citations], [false, []]);
  });
});
