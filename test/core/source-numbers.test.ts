import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { numberSources } from '../../src/core/source-numbers.ts';
import type { Citation } from '../../src/retrieval/retrieval-types.ts';

const cite = (doc: string, p: number): Citation => ({ docId: doc, passageId: `${doc}.${p}`, title: `T ${doc}`, path: `${doc}.txt` });

describe('source numbers', () => {
  it('numbers listed sources first, then cited documents missing from the list, one number per document', () => {
    const n = numberSources([{ docId: 'b', title: 'B', path: 'b.txt', date: null }], [cite('a', 0), cite('b', 2), cite('a', 1)]);
    assert.deepEqual(n.list.map((s) => [s.n, s.docId, s.passageIds]), [[1, 'b', ['b.2']], [2, 'a', ['a.0', 'a.1']]]);
    assert.equal(n.marks([cite('a', 0), cite('b', 0), cite('a', 3)]), '[1][2]');
    assert.equal(n.number(cite('c', 0)), 3);
  });
});
