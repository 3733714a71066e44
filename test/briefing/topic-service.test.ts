import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeBot } from '../helpers/bot.ts';
import { makeDocument, RUSSIA_DOC, WEATHER_DOC } from '../helpers/documents.ts';

describe('topic service', () => {
  const russia = makeDocument(RUSSIA_DOC);
  const storms = makeDocument(WEATHER_DOC);

  it('matches documents by keywords, front matter and lists counts', () => {
    const tagged = makeDocument({ title: 'Markets', paragraphs: ['Stocks rose on Tuesday as traders cheered earnings.'], topics: ['us-russia'] });
    const { services } = makeBot([russia, storms, tagged]);
    assert.deepEqual(services.topics.documentsFor('us-russia').map((d) => d.id).sort(), [russia.id, tagged.id].sort());
    assert.deepEqual(services.topics.documentsFor('weather').map((d) => d.id), [storms.id]);
    assert.deepEqual(services.topics.list().map((t) => [t.slug, t.documentCount]), [['us-russia', 2], ['weather', 1]]);
  });

  it('suggests the slug a typo meant, and nothing for unrelated words', () => {
    const { services } = makeBot([russia, storms]);
    assert.deepEqual(services.topics.suggest('us-rusia'), ['us-russia']);
    assert.deepEqual(services.topics.suggest('usrussia'), ['us-russia']);
    assert.deepEqual(services.topics.suggest('football'), []);
  });

  it('completes on slug prefixes and title words', () => {
    const { services } = makeBot([russia, storms]);
    assert.deepEqual(services.topics.complete('us').map((t) => t.slug), ['us-russia']);
    assert.deepEqual(services.topics.complete('weath').map((t) => t.slug), ['weather']);
    assert.equal(services.topics.complete('').length, 2);
  });

  it('follows corpus changes', () => {
    const { services, corpus } = makeBot([russia]);
    assert.equal(services.topics.documentsFor('weather').length, 0);
    corpus.set([russia, storms]);
    assert.equal(services.topics.documentsFor('weather').length, 1);
  });
});
