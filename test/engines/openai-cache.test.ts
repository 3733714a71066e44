// Few tokens for many documents: map-reduce with per-document notes in the store, the brief
// cache (also across engine instances and a reopened SQLite file), single flight, budgets.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { notesCacheKey } from '../../src/engines/openai-map-reduce.ts';
import { createOpenAIEngine } from '../../src/engines/openai-engine.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import { extractiveModel, promptLines, startFakeOpenAI, type FakeOpenAI } from '../fakes/openai-server.ts';
import { briefRequest, engineOptions, goodBrief, longDoc, russiaDoc, talksDoc } from './fixtures.ts';

let fake: FakeOpenAI;
before(async () => {
  fake = await startFakeOpenAI({ handler: extractiveModel });
});
after(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.setHandler(extractiveModel);
});

const schemas = () => fake.chatRequests().map((r) => r.schema);

describe('openai engine: map-reduce', () => {
  it('takes notes per document when the passages overflow the prompt budget, and reuses them', async () => {
    const docs = [longDoc(1), longDoc(2), longDoc(3)];
    const store = createMemoryStore();
    const engine = createOpenAIEngine(engineOptions(fake.baseURL, { store, briefPromptTokens: 1_000 }));
    const brief = await engine.brief(briefRequest(docs));

    assert.deepEqual(schemas().sort(), ['brief', 'document_notes', 'document_notes', 'document_notes']);
    const notesRequests = fake.chatRequests().filter((r) => r.schema === 'document_notes');
    for (const doc of docs) {
      const req = notesRequests.find((r) => r.body.messages[1].content.includes(doc.title));
      assert.ok(req, `a notes call for ${doc.title}`);
      const ids = promptLines(req).flatMap((l) => l.ids);
      assert.deepEqual(ids, doc.passages.map((p) => p.id), 'exactly that document\'s passages');
      assert.ok(await store.cacheGet(notesCacheKey('gpt-4.1-mini', doc)), 'notes cached by document hash');
    }
    const reduce = fake.chatRequests().find((r) => r.schema === 'brief')!;
    const reduceIds = promptLines(reduce).flatMap((l) => l.ids);
    assert.ok(reduceIds.length >= 3 && reduceIds.every((id) => docs.some((d) => d.passages.some((p) => p.id === id))), 'note lines keep passage ids');
    assert.equal(brief.engine, 'openai');
    assert.ok(brief.bullets.length > 0);
    assert.ok(brief.bullets.every((b) => b.citations.every((c) => c.title.startsWith('Report number'))));
    assert.equal(brief.usage?.calls, 4);
    assert.ok(brief.notes.some((n) => n.includes('Summarised 3 documents') && n.includes('0 document notes reused')));

    // One document changes: one notes call for it, one reduce call.
    fake.requests.length = 0;
    const changed = [docs[0]!, docs[1]!, longDoc(4)];
    const second = await engine.brief(briefRequest(changed));
    assert.deepEqual(schemas().sort(), ['brief', 'document_notes']);
    assert.ok(fake.chatRequests()[0]!.body.messages[1].content.includes('Report number 4'));
    assert.equal(second.usage?.calls, 2);
    assert.ok(second.notes.some((n) => n.includes('2 document notes reused')));
  });

  it('splits a single document that alone overflows the budget into parts', async () => {
    const big = longDoc(9, 14);
    const engine = createOpenAIEngine(engineOptions(fake.baseURL, { briefPromptTokens: 700 }));
    const brief = await engine.brief(briefRequest([big]));
    const notes = fake.chatRequests().filter((r) => r.schema === 'document_notes');
    assert.ok(notes.length >= 2, `${notes.length} parts`);
    const covered = notes.flatMap((r) => promptLines(r).flatMap((l) => l.ids));
    assert.deepEqual(covered.sort(), big.passages.map((p) => p.id).sort(), 'every passage read once');
    assert.equal(brief.engine, 'openai');
  });
});

describe('openai engine: brief cache', () => {
  it('answers a repeat from the cache with zero calls, also from a new engine on the same store', async () => {
    const store = createMemoryStore();
    const first = await createOpenAIEngine(engineOptions(fake.baseURL, { store })).brief(briefRequest([russiaDoc, talksDoc]));
    assert.equal(fake.chatRequests().length, 1);
    const engine = createOpenAIEngine(engineOptions(fake.baseURL, { store }));
    const again = await engine.brief(briefRequest([talksDoc, russiaDoc]));
    assert.equal(fake.chatRequests().length, 1, 'no model call for the same topic and documents (any order)');
    assert.deepEqual(again.usage, { promptTokens: 0, completionTokens: 0, calls: 0 });
    assert.ok(again.notes.includes('openai gpt-4.1-mini: cached brief, 0 calls'));
    assert.equal(again.headline, first.headline);
    assert.equal(again.generatedAt, first.generatedAt, 'cached briefs keep their original time');

    await engine.brief(briefRequest([russiaDoc, talksDoc], { length: 'detailed' }));
    assert.equal(fake.chatRequests().length, 2, 'another length is another brief');
    await engine.brief(briefRequest([russiaDoc]));
    assert.equal(fake.chatRequests().length, 3, 'another document set is another brief');
  });

  it('survives a restart: a reopened SQLite store still serves the brief', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'briefbot-openai-cache-'));
    try {
      const store1 = await createSqliteStore({ dataDir: dir });
      await createOpenAIEngine(engineOptions(fake.baseURL, { store: store1 })).brief(briefRequest([russiaDoc]));
      await store1.close();
      assert.equal(fake.chatRequests().length, 1);

      const store2 = await createSqliteStore({ dataDir: dir });
      const brief = await createOpenAIEngine(engineOptions(fake.baseURL, { store: store2 })).brief(briefRequest([russiaDoc]));
      await store2.close();
      assert.equal(fake.chatRequests().length, 1, 'zero calls after the restart');
      assert.equal(brief.usage?.calls, 0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('does not cache a fallback result', async () => {
    const store = createMemoryStore();
    fake.setHandler(() => ({ status: 500, error: { message: 'down' } }));
    const engine = createOpenAIEngine(engineOptions(fake.baseURL, { store }));
    assert.equal((await engine.brief(briefRequest([russiaDoc]))).engine, 'offline');
    fake.setHandler(() => ({ json: goodBrief() }));
    assert.equal((await engine.brief(briefRequest([russiaDoc]))).engine, 'openai');
  });
});

describe('openai engine: single flight', () => {
  it('shares one generation between concurrent identical requests', async () => {
    fake.setHandler(() => ({ delayMs: 150, json: goodBrief() }));
    const engine = createOpenAIEngine(engineOptions(fake.baseURL));
    const [a, b] = await Promise.all([engine.brief(briefRequest([russiaDoc])), engine.brief(briefRequest([russiaDoc]))]);
    assert.equal(fake.chatRequests().length, 1);
    assert.equal(a.headline, b.headline);
    assert.equal(a.engine, 'openai');
  });

  it('keeps generating for the other caller when one aborts', async () => {
    fake.setHandler(() => ({ delayMs: 150, json: goodBrief() }));
    const engine = createOpenAIEngine(engineOptions(fake.baseURL));
    const controller = new AbortController();
    const first = engine.brief(briefRequest([russiaDoc]), { signal: controller.signal });
    const second = engine.brief(briefRequest([russiaDoc]));
    controller.abort();
    await assert.rejects(first, { name: 'AbortError' });
    assert.equal((await second).engine, 'openai');
    assert.equal(fake.chatRequests().length, 1);
  });
});

describe('openai engine: budgets', () => {
  it('falls back with a note when the day budget is used up, without calling the model', async () => {
    const store = createMemoryStore();
    await store.addUsage('2025-03-01', 1_999_500);
    const engine = createOpenAIEngine(engineOptions(fake.baseURL, { store }));
    const brief = await engine.brief(briefRequest([russiaDoc]));
    assert.equal(fake.chatRequests().length, 0);
    assert.equal(brief.engine, 'offline');
    assert.equal(brief.notes[0], "Today's token budget for the language model (2,000,000 tokens) is used up; this is the offline summary.");
  });

  it('records usage per UTC day in the store, and stops when the day is spent', async () => {
    const store = createMemoryStore();
    const engine = createOpenAIEngine(engineOptions(fake.baseURL, { store, budgetPerDay: 3_000, maxOutputTokens: 300 }));
    const first = await engine.brief(briefRequest([russiaDoc]));
    const spent = await store.getUsage('2025-03-01');
    assert.equal(spent, first.usage!.promptTokens + first.usage!.completionTokens);
    let briefs = 1;
    let last = first;
    while (last.engine === 'openai' && briefs < 20) {
      last = await engine.brief(briefRequest([russiaDoc], { query: `question ${briefs}`, topic: null }));
      briefs += 1;
    }
    assert.equal(last.engine, 'offline');
    assert.ok((await store.getUsage('2025-03-01')) <= 3_000, 'never crosses the day budget');
  });

  it('leaves the least relevant new documents out when they would break the per-brief budget, and catches up later', async () => {
    const docs = [longDoc(1), longDoc(2), longDoc(3), longDoc(4)];
    const store = createMemoryStore();
    const engine = createOpenAIEngine(engineOptions(fake.baseURL, { store, briefPromptTokens: 1_500, budgetPerBrief: 3_000 }));
    const first = await engine.brief(briefRequest(docs));
    const firstNotes = fake.chatRequests().filter((r) => r.schema === 'document_notes').length;
    assert.ok(firstNotes >= 1 && firstNotes < 4, `${firstNotes} notes calls`);
    assert.equal(first.engine, 'openai');
    assert.ok(first.notes.includes(`${4 - firstNotes} of 4 documents were left out to stay within the per-brief token budget`), first.notes.join(' | '));
    assert.deepEqual(first.sources.map((s) => s.docId), docs.slice(0, firstNotes).map((d) => d.id), 'sources are what the brief covers');
    assert.ok(first.usage!.promptTokens + first.usage!.completionTokens <= 3_000);

    // Not cached as the brief for these four documents: the next request reads the rest.
    fake.requests.length = 0;
    let brief = first;
    for (let i = 0; i < 4 && brief.notes.some((n) => n.includes('per-brief token budget')); i++) brief = await engine.brief(briefRequest(docs));
    assert.equal(brief.sources.length, 4);
    const notesCalls = fake.chatRequests().filter((r) => r.schema === 'document_notes').length;
    assert.equal(notesCalls, 4 - firstNotes, 'each document is read once overall');
    fake.requests.length = 0;
    await engine.brief(briefRequest(docs));
    assert.equal(fake.chatRequests().length, 0, 'the complete brief is cached');
  });

  it('falls back when one brief would need more than the per-brief budget', async () => {
    const docs = [longDoc(1), longDoc(2), longDoc(3), longDoc(4)];
    const engine = createOpenAIEngine(engineOptions(fake.baseURL, { budgetPerBrief: 1_500 }));
    const brief = await engine.brief(briefRequest(docs));
    assert.equal(fake.chatRequests().length, 0, 'decided before the first call');
    assert.equal(brief.engine, 'offline');
    assert.match(brief.notes[0]!, /per-brief token budget \(1,500 tokens\); this is the offline summary\.$/);
  });
});
