// An engine that judges relevance itself (the LLM) is handed the whole of a conversation's
// documents, not only what passed the lexical check, and its "not covered" stands; grounding
// still checks every citation. The offline engine keeps the lexical check.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createOpenAIEngine } from '../../src/engines/openai-engine.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai-server.ts';
import { engineOptions } from '../engines/fixtures.ts';
import { makeBot } from '../helpers/bot.ts';
import { makeDocument, RUSSIA_DOC, WEATHER_DOC } from '../helpers/documents.ts';

const russia = makeDocument(RUSSIA_DOC);
const storms = makeDocument(WEATHER_DOC);

let fake: FakeOpenAI;
before(async () => {
  fake = await startFakeOpenAI();
});
after(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
});

function lastPrompt(): string {
  const request = fake.chatRequests().at(-1)!;
  return request.body.messages.at(-1).content as string;
}

describe('answers: whole documents for an engine that judges relevance', () => {
  it('sends every passage of the brief\'s documents for a follow-up the lexical check would refuse', async () => {
    const engine = createOpenAIEngine(engineOptions(fake.baseURL));
    const { services } = makeBot([russia, storms], { engines: [engine] });
    const brief = await services.briefing.brief('us-russia', { engine: 'offline' });
    await services.memory.rememberBrief('console:t1', brief);
    fake.setHandler(() => ({ json: { answer: 'A second round in another Gulf state.', found: true, citations: [`${russia.id}.3`] } }));
    const answer = await services.answers.answer('What comes after Riyadh for the negotiators?', { conversationId: 'console:t1' });
    const prompt = lastPrompt();
    for (const passage of russia.passages) assert.ok(prompt.includes(`[${passage.id}] `), `passage ${passage.index} sent`);
    assert.ok(!prompt.includes(`[${storms.passages[0].id}] `), 'a document outside the conversation is not sent whole');
    assert.equal(answer.found, true);
    assert.deepEqual(answer.citations.map((c) => c.passageId), [`${russia.id}.3`]);
  });

  it('lets the model say "not covered", and drops a citation outside what it was given', async () => {
    const engine = createOpenAIEngine(engineOptions(fake.baseURL));
    const { services } = makeBot([russia, storms], { engines: [engine] });
    await services.memory.rememberBrief('console:t2', await services.briefing.brief('us-russia', { engine: 'offline' }));
    fake.setHandler(() => ({ json: { answer: 'The documents do not say.', found: false, citations: [] } }));
    const none = await services.answers.answer('What did the Pope say about the talks?', { conversationId: 'console:t2' });
    assert.equal(none.found, false);
    assert.equal(fake.chatRequests().length, 1, 'the model decided, not the lexical gate');

    fake.setHandler(() => ({ json: { answer: 'Storms.', found: true, citations: [storms.passages[0].id] } }));
    const foreign = await services.answers.answer('And the weather?', { conversationId: 'console:t2' });
    assert.deepEqual(foreign.citations.filter((c) => c.docId === storms.id && !lastPrompt().includes(`[${c.passageId}] `)), []);
  });

  it('sends a small topic\'s documents whole when the question names the topic', async () => {
    const engine = createOpenAIEngine(engineOptions(fake.baseURL));
    const { services } = makeBot([russia, storms], { engines: [engine] });
    fake.setHandler(() => ({ json: { answer: 'The documents do not say.', found: false, citations: [] } }));
    await services.answers.answer('Anything about shelters opening?', { topic: 'us-russia' });
    const prompt = lastPrompt();
    for (const passage of russia.passages) assert.ok(prompt.includes(`[${passage.id}] `), `passage ${passage.index} sent`);
  });

  it('keeps the lexical check for the offline engine (no whole documents, an honest "not covered")', async () => {
    const { services } = makeBot([russia, storms]);
    await services.memory.rememberBrief('console:t3', await services.briefing.brief('us-russia'));
    const answer = await services.answers.answer('What did the Pope say about football?', { conversationId: 'console:t3' });
    assert.equal(answer.found, false);
    assert.deepEqual(answer.citations, []);
  });
});
