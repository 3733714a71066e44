// Each result is grounded once: by the engine that wrote it when it says it grounds its own
// output, else by the services. A fallback's result inside such an engine is still checked.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Brief } from '../../src/engines/engine-types.ts';
import { groundAnswer, groundBrief } from '../../src/engines/grounding.ts';
import { allPassageIds, makeSnapshot, russiaDoc } from './fixtures.ts';

const ctx = { snapshot: makeSnapshot([russiaDoc]), allowedPassageIds: allPassageIds([russiaDoc]) };
const invented = { docId: russiaDoc.id, passageId: `${russiaDoc.id}.99`, title: '', path: '' };
const brief = (engine: string): Brief => ({
  query: 'q', topic: null, headline: russiaDoc.title, bullets: [{ text: 'Invented', citations: [invented] }], quotes: [],
  entities: { people: [], organizations: [], places: [] }, sources: [], engine, notes: [],
});

describe('grounded once', () => {
  it('leaves what a self-grounding engine wrote itself as it is', () => {
    const out = groundBrief({ name: 'openai', groundsOwnOutput: true }, brief('openai'), ctx);
    assert.equal(out.bullets.length, 1);
  });

  it('checks what such an engine handed over from its fallback', () => {
    const out = groundBrief({ name: 'openai', groundsOwnOutput: true }, brief('offline'), ctx);
    assert.equal(out.bullets.length, 0);
  });

  it('checks every result of an engine that does not ground its own output', () => {
    assert.equal(groundBrief({ name: 'liar' }, brief('liar'), ctx).bullets.length, 0);
    const answer = { question: 'q', answer: 'a', found: true, citations: [invented], engine: 'liar', notes: [] };
    assert.deepEqual(groundAnswer({ name: 'liar' }, answer, ctx).citations, []);
  });
});
