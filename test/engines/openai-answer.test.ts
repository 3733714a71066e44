// Follow-up answers through the openai engine: no hits → no call, citations from hits,
// conversation turns in the prompt, streaming, fallback.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createOpenAIEngine } from '../../src/engines/openai-engine.ts';
import { serverError, startFakeOpenAI, type FakeOpenAI } from '../fakes/openai-server.ts';
import { engineOptions, hitsFor, russiaDoc } from './fixtures.ts';

let fake: FakeOpenAI;
before(async () => {
  fake = await startFakeOpenAI();
});
after(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
});

const peskovAnswer = () => ({
  answer: 'Peskov said the new US administration is rapidly changing foreign policy, in line with the Kremlin’s vision.',
  found: true,
  citations: [russiaDoc.passages[2]!.id],
});

describe('openai engine: answers', () => {
  it('answers found:false without calling the model when retrieval found nothing', async () => {
    fake.setHandler(() => ({ json: peskovAnswer() }));
    const engine = createOpenAIEngine(engineOptions(fake.baseURL));
    const answer = await engine.answer({ question: 'What about the moon landing?', hits: [], history: [] });
    assert.equal(fake.chatRequests().length, 0);
    assert.equal(answer.found, false);
    assert.deepEqual(answer.citations, []);
    assert.equal(answer.engine, 'openai');
    assert.equal(answer.usage?.calls, 0);
  });

  it('answers from the hits with citations, sending recent turns first', async () => {
    fake.setHandler(() => ({ json: peskovAnswer() }));
    const engine = createOpenAIEngine(engineOptions(fake.baseURL));
    const answer = await engine.answer({
      question: 'What did Peskov say?',
      hits: hitsFor(russiaDoc, [2, 1]),
      quotes: russiaDoc.quotes,
      history: [
        { role: 'user', text: 'brief me on us-russia', at: '2025-03-01T07:00:00Z' },
        { role: 'assistant', text: 'US and Russia reset ties.', at: '2025-03-01T07:00:01Z' },
      ],
    });
    const [request] = fake.chatRequests();
    assert.equal(request!.schema, 'answer');
    const roles = request!.body.messages.map((m: { role: string }) => m.role);
    assert.deepEqual(roles, ['system', 'user', 'assistant', 'user']);
    const last = request!.body.messages.at(-1).content as string;
    assert.ok(last.includes(`[${russiaDoc.passages[2]!.id}] `));
    assert.ok(last.includes(`[${russiaDoc.passages[1]!.id}] `));
    assert.ok(!last.includes(`[${russiaDoc.passages[0]!.id}] `), 'only retrieved passages');
    assert.match(last, /Question: What did Peskov say\?$/);
    assert.ok(last.includes(`[${russiaDoc.passages[2]!.id}] Dmitry Peskov (Kremlin spokesman): "The new (US) administration`), 'attributions of retrieved passages');
    assert.ok(!last.includes('Kirill Dmitriev ('), 'no attribution for a passage that was not retrieved');

    assert.equal(answer.found, true);
    assert.equal(answer.engine, 'openai');
    assert.deepEqual(answer.citations, [{ docId: russiaDoc.id, passageId: russiaDoc.passages[2]!.id, title: russiaDoc.title, path: russiaDoc.path }]);
    assert.equal(answer.usage?.calls, 1);
  });

  it('drops a citation the hits did not contain', async () => {
    fake.setHandler(() => ({ json: { ...peskovAnswer(), citations: [russiaDoc.passages[2]!.id, russiaDoc.passages[4]!.id, 'made-up.9'] } }));
    const engine = createOpenAIEngine(engineOptions(fake.baseURL));
    const answer = await engine.answer({ question: 'What did Peskov say?', hits: hitsFor(russiaDoc, [2]), history: [] });
    assert.deepEqual(answer.citations.map((c) => c.passageId), [russiaDoc.passages[2]!.id]);
    assert.ok(answer.notes.includes('2 citations could not be verified and were removed'));
  });

  it('streams the answer text', async () => {
    fake.setHandler(() => ({ json: peskovAnswer(), chunkSize: 9 }));
    const engine = createOpenAIEngine(engineOptions(fake.baseURL));
    const progress: string[] = [];
    const answer = await engine.answer({ question: 'What did Peskov say?', hits: hitsFor(russiaDoc, [2]), history: [] }, { onProgress: (p) => progress.push(p) });
    assert.equal(fake.chatRequests()[0]!.body.stream, true);
    assert.ok(progress.length > 3);
    assert.ok(progress[0]!.length < progress.at(-1)!.length, 'text grows');
    assert.equal(progress.at(-1), peskovAnswer().answer);
    assert.equal(answer.answer, peskovAnswer().answer);
  });

  it('falls back to the other engine with a note when the provider fails', async () => {
    fake.setHandler(() => serverError());
    const options = engineOptions(fake.baseURL);
    const engine = createOpenAIEngine(options);
    const answer = await engine.answer({ question: 'What did Peskov say?', hits: hitsFor(russiaDoc, [2]), history: [] });
    assert.equal(answer.engine, 'offline');
    assert.equal(answer.notes[0], 'The language model was unavailable (server error); this is the offline answer.');
    assert.equal(options.fallback.answerCalls, 1);
  });
});
