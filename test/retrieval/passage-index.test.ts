import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPassageIndex } from '../../src/retrieval/passage-index.ts';
import { stem } from '../../src/retrieval/terms.ts';
import { makeDocument, makeSnapshot, RUSSIA_DOC, WEATHER_DOC } from '../helpers/documents.ts';

const russia = makeDocument(RUSSIA_DOC);
const storms = makeDocument(WEATHER_DOC);

describe('passage index (BM25)', () => {
  it('ranks the passage that carries the rare query terms first, with a citation', () => {
    const index = createPassageIndex(makeSnapshot([russia, storms]));
    const hits = index.search('Lavrov Rubio Riyadh talks');
    assert.equal(hits[0].passage.id, `${russia.id}.1`);
    assert.deepEqual(hits[0].citation, { docId: russia.id, passageId: `${russia.id}.1`, title: russia.title, path: russia.path });
    assert.ok(hits.every((h, i) => i === 0 || h.score <= hits[i - 1].score));
  });

  it('matches word forms (talk/talks, storm/storms) and ignores stopwords', () => {
    const index = createPassageIndex(makeSnapshot([russia, storms]));
    assert.equal(index.search('storm')[0].passage.docId, storms.id);
    assert.ok(index.search('talk').some((h) => h.passage.id === `${russia.id}.3`));
    assert.deepEqual(index.search('the of and is'), []);
  });

  it('keeps "U.S." as the country, not the pronoun "us"', () => {
    const doc = makeDocument({ title: 'Tariffs', paragraphs: ['The U.S. raised tariffs on steel.', 'Let us consider the weather instead.'] });
    const index = createPassageIndex(makeSnapshot([doc]));
    assert.deepEqual(index.search('US').map((h) => h.passage.index), [0]);
    assert.deepEqual(index.search('U.S.').map((h) => h.passage.index), [0]);
  });

  it('restricts to documents and limits results', () => {
    const index = createPassageIndex(makeSnapshot([russia, storms]));
    assert.ok(index.search('season talks', { docIds: new Set([storms.id]) }).every((h) => h.passage.docId === storms.id));
    assert.equal(index.search('the administration talks Europe Ukraine', { limit: 2 }).length, 2);
  });

  it('follows snapshot changes incrementally: added, removed and changed documents', () => {
    const index = createPassageIndex(makeSnapshot([russia]));
    assert.deepEqual(index.search('hurricane'), []);
    index.update(makeSnapshot([russia, storms], 2));
    assert.equal(index.search('hurricane')[0].passage.docId, storms.id);
    assert.equal(index.documentFrequency(stem('hurricane')), 1);
    index.update(makeSnapshot([storms], 3));
    assert.deepEqual(index.search('Lavrov'), []);
    assert.equal(index.documentCount, 1);
    const changed = makeDocument({ ...WEATHER_DOC, paragraphs: ['Forecasters now expect a calm season with few hurricanes.'] });
    index.update(makeSnapshot([changed], 4));
    assert.deepEqual(index.search('Florida shelters'), []);
    assert.equal(index.search('calm season')[0].passage.docId, changed.id);
    assert.equal(index.passageCount, 1);
  });

  it('gives the same order for the same input (ties broken by position)', () => {
    const a = makeDocument({ title: 'A', paragraphs: ['Grain exports resumed.', 'Grain exports resumed.'] });
    const index = createPassageIndex(makeSnapshot([a]));
    assert.deepEqual(index.search('grain').map((h) => h.passage.index), [0, 1]);
  });
});
