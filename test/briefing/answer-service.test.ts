import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Engine } from '../../src/engines/engine-types.ts';
import { makeBot } from '../helpers/bot.ts';
import { makeDocument, RUSSIA_DOC, WEATHER_DOC } from '../helpers/documents.ts';

const russia = makeDocument(RUSSIA_DOC);
const storms = makeDocument(WEATHER_DOC);

describe('answer service', () => {
  it('answers with the supporting sentence and its citation', async () => {
    const { services } = makeBot([russia, storms]);
    const answer = await services.answers.answer('Where is the next round of talks?');
    assert.equal(answer.found, true);
    assert.match(answer.answer, /second round of talks.*Gulf state/);
    assert.deepEqual(answer.citations.map((c) => c.passageId), [`${russia.id}.3`]);
  });

  it('answers "what did X say" with X\'s own words', async () => {
    const { services } = makeBot([russia, storms]);
    const answer = await services.answers.answer('What did Peskov say?');
    assert.equal(answer.found, true);
    assert.match(answer.answer, /^Dmitry Peskov \(Kremlin spokesman\) said: “The new administration is rapidly changing/);
    assert.deepEqual(answer.citations.map((c) => c.passageId), [`${russia.id}.2`]);
  });

  it('says the documents do not cover an unrelated question, without calling the engine', async () => {
    let calls = 0;
    const counting: Engine = { name: 'counting', brief: async () => { throw new Error('unused'); }, answer: async () => { calls++; throw new Error('must not be called'); } };
    const { services } = makeBot([russia, storms], { engines: [counting] });
    for (const q of ['Who is the president of France?', 'What is the capital of Peru?', 'football scores']) {
      const answer = await services.answers.answer(q);
      assert.equal(answer.found, false, q);
      assert.match(answer.answer, /don't cover/);
      assert.deepEqual(answer.citations, []);
    }
    assert.equal(calls, 0);
  });

  it('ranks the conversation brief\'s sources first and remembers turns', async () => {
    const { services } = makeBot([russia, storms]);
    const brief = await services.briefing.brief('us-russia');
    await services.memory.rememberBrief('test:thread', brief);
    const answer = await services.answers.answer('What did Lavrov and Rubio do in Riyadh?', { conversationId: 'test:thread' });
    assert.equal(answer.found, true);
    assert.equal(answer.citations[0].docId, russia.id);
    const state = await services.memory.get('test:thread');
    assert.deepEqual(state?.turns.map((t) => t.role), ['user', 'assistant']);
    assert.deepEqual(state?.sourceDocIds, [russia.id]);
  });

  it('scopes to a topic and rejects unknown topics with a suggestion', async () => {
    const { services } = makeBot([russia, storms]);
    const scoped = await services.answers.answer('What are forecasters warning about?', { topic: 'us-russia' });
    assert.equal(scoped.found, false);
    await assert.rejects(services.answers.answer('anything', { topic: 'wether' }), /Did you mean `weather`/);
  });

  it('a self-contained question is not diluted by the previous one; a bare follow-up leans on it', async () => {
    const { services } = makeBot([russia, storms]);
    await services.answers.answer('What are forecasters warning about in Florida?', { conversationId: 'c' });
    const peskov = await services.answers.answer('What did Peskov say?', { conversationId: 'c' });
    assert.equal(peskov.found, true);
    await services.answers.answer('Who led the first round of talks?', { conversationId: 'd' });
    const where = await services.answers.answer('and where?', { conversationId: 'd' });
    assert.equal(where.found, true);
    assert.match(where.answer, /Riyadh/);
  });
});
