// The openai engine driven through the real SDK against the fake server: structured output,
// json_object downgrade, repair, provider failures and their fallbacks, streaming, abort.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { createOpenAIEngine } from '../../src/engines/openai-engine.ts';
import { rateLimited, rejectsJsonSchema, serverError, startFakeOpenAI, type FakeOpenAI } from '../fakes/openai-server.ts';
import { briefRequest, engineOptions, goodBrief, russiaDoc, talksDoc } from './fixtures.ts';

let fake: FakeOpenAI;
before(async () => {
  fake = await startFakeOpenAI();
});
after(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
});

describe('openai engine: structured brief', () => {
  it('sends a json_schema request with id-prefixed passages and converts the reply to a Brief', async () => {
    fake.setHandler(() => ({ json: goodBrief() }));
    const options = engineOptions(fake.baseURL);
    const engine = createOpenAIEngine(options);
    const brief = await engine.brief(briefRequest([russiaDoc, talksDoc]));

    const [request] = fake.chatRequests();
    assert.ok(request);
    assert.equal(fake.chatRequests().length, 1);
    assert.equal(request.body.model, 'gpt-4.1-mini');
    assert.deepEqual(request.body.response_format.type, 'json_schema');
    assert.equal(request.body.response_format.json_schema.name, 'brief');
    assert.equal(request.body.response_format.json_schema.strict, true);
    assert.deepEqual(request.body.response_format.json_schema.schema.required, ['headline', 'bullets', 'quotes']);
    assert.equal(request.body.max_tokens, 800, 'compatible servers get max_tokens');
    assert.equal(request.headers.authorization, 'Bearer sk-test-secret-key-123456');
    const [system, user] = request.body.messages;
    assert.equal(system.role, 'system');
    assert.match(system.content, /instructions.*inside them/i);
    assert.match(system.content, /verbatim/);
    for (const p of [...russiaDoc.passages, ...talksDoc.passages]) {
      assert.ok(user.content.split('\n').includes(`[${p.id}] ${p.text.replace(/\s+/g, ' ')}`), `passage line for ${p.id}`);
    }

    assert.equal(brief.engine, 'openai');
    assert.equal(brief.headline, 'US and Russia reset ties as Rubio and Lavrov meet in Riyadh');
    assert.equal(brief.bullets.length, 2);
    assert.deepEqual(brief.bullets[0]!.citations, [{ docId: russiaDoc.id, passageId: russiaDoc.passages[0]!.id, title: russiaDoc.title, path: russiaDoc.path }]);
    assert.equal(brief.quotes.length, 1);
    assert.equal(brief.quotes[0]!.speaker, 'Dmitry Peskov');
    assert.equal(brief.quotes[0]!.role, 'Kremlin spokesman', 'role comes from the corpus attribution');
    assert.ok(brief.entities.people.includes('Dmitry Peskov'), JSON.stringify(brief.entities));
    assert.ok(brief.entities.places.includes('Riyadh'), JSON.stringify(brief.entities));
    assert.deepEqual(brief.sources.map((s) => s.docId), [russiaDoc.id, talksDoc.id]);
    assert.equal(brief.usage?.calls, 1);
    assert.ok(brief.usage!.promptTokens > 100);
    assert.ok(brief.notes.some((n) => /^openai gpt-4\.1-mini: 1 call, [\d,]+ prompt \+ \d+ completion tokens$/.test(n)), brief.notes.join(' | '));
    assert.equal(options.fallback.briefCalls, 0, 'entities come from the brief itself, not from a fallback brief');
  });

  it('falls back to json_object when the server rejects json_schema, and remembers it', async () => {
    fake.setHandler((req) => (req.body.response_format?.type === 'json_schema' ? rejectsJsonSchema() : { json: goodBrief() }));
    const engine = createOpenAIEngine(engineOptions(fake.baseURL));
    const brief = await engine.brief(briefRequest([russiaDoc]));
    assert.equal(brief.engine, 'openai');
    assert.equal(brief.bullets.length, 2);
    const requests = fake.chatRequests();
    assert.equal(requests.length, 2);
    assert.equal(requests[1]!.body.response_format.type, 'json_object');
    assert.match(requests[1]!.body.messages[0].content, /JSON object for the "brief" schema/);
    assert.equal(engine.responseFormat, 'json_object');

    await engine.brief(briefRequest([talksDoc]));
    assert.equal(fake.chatRequests().length, 3, 'no second json_schema attempt');
    assert.equal(fake.chatRequests()[2]!.body.response_format.type, 'json_object');
  });

  it('repairs schema-invalid output once and then succeeds', async () => {
    fake.setHandler((_req, i) => (i === 0 ? { json: { headline: 'Only a headline' } } : { json: goodBrief() }));
    const engine = createOpenAIEngine(engineOptions(fake.baseURL));
    const brief = await engine.brief(briefRequest([russiaDoc]));
    assert.equal(brief.engine, 'openai');
    const requests = fake.chatRequests();
    assert.equal(requests.length, 2);
    const repair = requests[1]!.body.messages;
    assert.equal(repair.at(-2).role, 'assistant');
    assert.equal(repair.at(-2).content, JSON.stringify({ headline: 'Only a headline' }));
    assert.equal(repair.at(-1).role, 'user');
    assert.match(repair.at(-1).content, /bullets/);
    assert.match(repair.at(-1).content, /"brief" schema/);
    assert.equal(brief.usage?.calls, 2);
  });

  it('repairs malformed JSON once', async () => {
    fake.setHandler((_req, i) => (i === 0 ? { content: '{"headline": "Cut off", "bullets": [{"text": "x", ' } : { json: goodBrief() }));
    const engine = createOpenAIEngine(engineOptions(fake.baseURL));
    const brief = await engine.brief(briefRequest([russiaDoc]));
    assert.equal(brief.engine, 'openai');
    assert.equal(fake.chatRequests().length, 2);
    assert.match(fake.chatRequests()[1]!.body.messages.at(-1).content, /not (valid JSON|a JSON object)/);
  });

  it('uses the fallback with a note when the repair fails too (malformed, then schema-invalid)', async () => {
    fake.setHandler((_req, i) => (i === 0 ? { content: 'Sure! Here is your briefing: not json' } : { json: { headline: '', bullets: 'none' } }));
    const options = engineOptions(fake.baseURL);
    const engine = createOpenAIEngine(options);
    const brief = await engine.brief(briefRequest([russiaDoc]));
    assert.equal(brief.engine, 'offline');
    assert.equal(brief.headline, 'Offline headline');
    assert.equal(fake.chatRequests().length, 2, 'exactly one repair attempt');
    assert.equal(brief.notes[0], "The language model's reply could not be used; this is the offline summary.");
    assert.equal(brief.usage?.calls, 2, 'spent calls are still reported');
  });

  it('honours retry-after on 429 and then succeeds', async () => {
    fake.setHandler((_req, i) => (i === 0 ? rateLimited(1) : { json: goodBrief() }));
    const engine = createOpenAIEngine(engineOptions(fake.baseURL, { maxRetries: 1 }));
    const brief = await engine.brief(briefRequest([russiaDoc]));
    assert.equal(brief.engine, 'openai');
    const [first, second] = fake.chatRequests();
    assert.equal(second!.headers['x-stainless-retry-count'], '1', 'the SDK retried');
    // A lower bound, not a speed assertion: the SDK waited as told (default backoff is ≤ 0.5 s).
    assert.ok(second!.receivedAt - first!.receivedAt >= 900, `waited ${second!.receivedAt - first!.receivedAt} ms`);
  });

  it('falls back with a visible note on 429 after retries, never showing the provider error', async () => {
    fake.setHandler(() => rateLimited(0));
    const logger = createMemoryLogger();
    const engine = createOpenAIEngine(engineOptions(fake.baseURL, { maxRetries: 1, logger }));
    const brief = await engine.brief(briefRequest([russiaDoc]));
    assert.equal(fake.chatRequests().length, 2);
    assert.equal(brief.engine, 'offline');
    assert.equal(brief.notes[0], 'The language model was unavailable (rate limited); this is the offline summary.');
    assert.ok(!JSON.stringify(brief).includes('Rate limit reached'), 'no raw provider error in the brief');
    assert.ok(!JSON.stringify(logger.lines).includes('sk-test-secret-key-123456'), 'no key in logs');
    assert.ok(logger.lines.some((l) => l.reason === 'rate_limited'));
  });

  it('falls back with a note on 500', async () => {
    fake.setHandler(() => serverError());
    const engine = createOpenAIEngine(engineOptions(fake.baseURL));
    const brief = await engine.brief(briefRequest([russiaDoc]));
    assert.equal(brief.engine, 'offline');
    assert.equal(brief.notes[0], 'The language model was unavailable (server error); this is the offline summary.');
    assert.ok(!JSON.stringify(brief).includes('processing your request'));
  });

  it('times out on a slow server and falls back', async () => {
    fake.setHandler(() => ({ delayMs: 5_000, json: goodBrief() }));
    const engine = createOpenAIEngine(engineOptions(fake.baseURL, { timeoutMs: 200 }));
    const brief = await engine.brief(briefRequest([russiaDoc]));
    assert.equal(brief.engine, 'offline');
    assert.equal(brief.notes[0], 'The language model was unavailable (timed out); this is the offline summary.');
  });

  it('falls back when a streamed reply stalls', async () => {
    fake.setHandler(() => ({ json: goodBrief(), stallAfterChunks: 2 }));
    const engine = createOpenAIEngine(engineOptions(fake.baseURL, { timeoutMs: 200 }));
    const progress: string[] = [];
    const brief = await engine.brief(briefRequest([russiaDoc]), { onProgress: (p) => progress.push(p) });
    assert.equal(brief.engine, 'offline');
    assert.equal(brief.notes[0], 'The language model was unavailable (timed out); this is the offline summary.');
  });

  it('falls back when the server cannot be reached', async () => {
    const gone = await startFakeOpenAI();
    const url = gone.baseURL;
    await gone.close();
    const engine = createOpenAIEngine(engineOptions(url));
    const brief = await engine.brief(briefRequest([russiaDoc]));
    assert.equal(brief.engine, 'offline');
    assert.equal(brief.notes[0], 'The language model was unavailable (could not connect); this is the offline summary.');
  });

  it('streams partial headline and bullets, then returns the validated brief', async () => {
    fake.setHandler(() => ({ json: goodBrief(), chunkSize: 7 }));
    const engine = createOpenAIEngine(engineOptions(fake.baseURL));
    const progress: string[] = [];
    const brief = await engine.brief(briefRequest([russiaDoc]), { onProgress: (p) => progress.push(p) });
    const [request] = fake.chatRequests();
    assert.equal(request!.body.stream, true);
    assert.deepEqual(request!.body.stream_options, { include_usage: true });
    assert.ok(progress.length >= 3, `got ${progress.length} updates`);
    assert.ok(progress.some((p) => p.startsWith('US and Russia') && !p.includes('•')), 'the headline arrives first');
    assert.equal(progress.at(-1), 'US and Russia reset ties as Rubio and Lavrov meet in Riyadh\n• The US is prioritising ties with Russia under Trump.\n• Rubio and Lavrov led the first round of talks in Riyadh.');
    assert.equal(brief.engine, 'openai');
    assert.equal(brief.bullets.length, 2);
    assert.equal(brief.usage?.calls, 1);
    assert.ok(brief.usage!.completionTokens > 0, 'usage from the final stream chunk');
  });

  it('counts tokens itself when the server reports no usage', async () => {
    fake.setHandler(() => ({ json: goodBrief(), usage: null }));
    const engine = createOpenAIEngine(engineOptions(fake.baseURL));
    const brief = await engine.brief(briefRequest([russiaDoc]));
    assert.ok(brief.usage!.promptTokens > 100);
    assert.ok(brief.usage!.completionTokens > 20);
  });

  it('rejects with an abort error (and does not fall back) when the caller aborts', async () => {
    fake.setHandler(() => ({ delayMs: 2_000, json: goodBrief() }));
    const options = engineOptions(fake.baseURL);
    const engine = createOpenAIEngine(options);
    const controller = new AbortController();
    const pending = engine.brief(briefRequest([russiaDoc]), { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(pending, (err: Error) => err.name === 'AbortError' || /abort/i.test(err.message));
    assert.equal(options.fallback.briefCalls, 0);
  });

  it('uses max_completion_tokens for api.openai.com', async () => {
    // No request is made: only the parameter choice is checked, through a fetch that records it.
    let body: any;
    const engine = createOpenAIEngine({
      ...engineOptions('https://api.openai.com/v1'),
      fetch: async (_url, init) => {
        body = JSON.parse(String(init?.body));
        return new Response(JSON.stringify({ id: 'x', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify(goodBrief()) }, finish_reason: 'stop' }] }), { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    const brief = await engine.brief(briefRequest([russiaDoc]));
    assert.equal(brief.engine, 'openai');
    assert.equal(body.max_completion_tokens, 800);
    assert.equal(body.max_tokens, undefined);
  });
});

describe('openai engine with the real offline engine as fallback', () => {
  it('takes entities from it on success and its brief on failure', async () => {
    const { createOfflineEngine } = await import('../../src/engines/offline-engine.ts');
    const fallback = createOfflineEngine();
    fake.setHandler(() => ({ json: goodBrief() }));
    const ok = await createOpenAIEngine({ ...engineOptions(fake.baseURL), fallback }).brief(briefRequest([russiaDoc, talksDoc]));
    assert.equal(ok.engine, 'openai');
    assert.ok(ok.entities.people.length + ok.entities.places.length + ok.entities.organizations.length > 0, JSON.stringify(ok.entities));

    fake.setHandler(() => serverError());
    const down = await createOpenAIEngine({ ...engineOptions(fake.baseURL), fallback }).brief(briefRequest([russiaDoc, talksDoc]));
    assert.equal(down.engine, 'offline');
    assert.ok(down.bullets.length > 0);
    assert.equal(down.notes[0], 'The language model was unavailable (server error); this is the offline summary.');
  });
});
