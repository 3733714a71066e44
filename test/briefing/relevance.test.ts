import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coverage } from '../../src/briefing/relevance.ts';
import { namedTerms } from '../../src/retrieval/question.ts';
import { stem } from '../../src/retrieval/terms.ts';
import type { SearchHit } from '../../src/retrieval/retrieval-types.ts';
import { makeDocument } from '../helpers/documents.ts';

const doc = makeDocument({
  title: 'Striker stays',
  paragraphs: ['He gave an underwhelming performance against League One side Sheffield United in the Capital One Cup semi-final.', 'The Kremlin spokesman Dmitry Peskov said the talks went well.'],
});
const hit = (i: number): SearchHit => ({ passage: doc.passages[i], score: 5, citation: { docId: doc.id, passageId: doc.passages[i].id, title: doc.title, path: doc.path } });
const opts = { minScore: 1, documentFrequency: () => 1, documentCount: 10 };

describe('relevance', () => {
  it('treats names in the question as required', () => {
    assert.deepEqual(namedTerms('Who won the Champions League final?'), [stem('champions'), stem('league')]);
    assert.equal(coverage('Who won the Champions League final?', hit(0), opts), 0);
    assert.equal(coverage('What did Peskov say about the talks?', hit(1), opts), 1);
    assert.equal(coverage('What did Lavrov say about the talks?', hit(1), opts), 0);
  });

  it('ignores the capital of the first word and works on lowercase questions', () => {
    assert.deepEqual(namedTerms('Where did the talks happen?'), []);
    assert.ok(coverage('what did peskov say about the talks', hit(1), opts) > 0.9);
  });
});
