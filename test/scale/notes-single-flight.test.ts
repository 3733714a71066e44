// Under load, several briefs over overlapping documents run at once (different queries, so their
// brief cache keys and brief single flights differ). Each document's notes must be read by the
// model once, not once per brief: bench/load.ts saw 1,795 notes calls for 301 documents before
// the notes were shared. The briefs that waited still cite the notes' passages, and one failing
// notes call fails (falls back) every brief waiting on it, not a stray one.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createOpenAIEngine } from '../../src/engines/openai-engine.ts';
import { extractiveModel, startFakeOpenAI, type FakeOpenAI } from '../fakes/openai-server.ts';
import { briefRequest, engineOptions, longDoc } from '../engines/fixtures.ts';

let fake: FakeOpenAI;
before(async () => { fake = await startFakeOpenAI(); });
after(() => fake.close());
beforeEach(() => { fake.requests.length = 0; });

const notesCalls = () => fake.chatRequests().filter((r) => r.schema === 'document_notes');

describe('openai engine under concurrent briefs', () => {
  it('reads each document once for concurrent briefs that share it', async () => {
    fake.setHandler((req) => ({ ...extractiveModel(req), delayMs: 150 }));
    const shared = [longDoc(11), longDoc(12), longDoc(13)];
    const engine = createOpenAIEngine(engineOptions(fake.baseURL, { briefPromptTokens: 1_000, concurrency: 8 }));
    const briefs = await Promise.all([
      engine.brief(briefRequest(shared, { query: 'energy talks', topic: null })),
      engine.brief(briefRequest([...shared].reverse(), { query: 'pipeline summit', topic: null })),
      engine.brief(briefRequest([shared[0]!, shared[1]!, longDoc(14)], { query: 'sanctions envoy', topic: null })),
    ]);
    const titles = notesCalls().map((r) => /Report number \d+/.exec(r.body.messages[1].content)?.[0]).sort();
    assert.deepEqual(titles, ['Report number 11', 'Report number 12', 'Report number 13', 'Report number 14'], 'one notes call per document');
    assert.equal(fake.chatRequests().filter((r) => r.schema === 'brief').length, 3, 'one reduce call per brief');
    for (const brief of briefs) {
      assert.equal(brief.engine, 'openai');
      assert.ok(brief.bullets.length > 0);
    }
  });

  it('a notes call that fails sends every brief waiting on it to the fallback', async () => {
    fake.setHandler((req) => (req.schema === 'document_notes' ? { delayMs: 100, status: 500, error: { message: 'boom' } } : extractiveModel(req)));
    const docs = [longDoc(21), longDoc(22)];
    const options = engineOptions(fake.baseURL, { briefPromptTokens: 1_000 });
    const engine = createOpenAIEngine(options);
    const briefs = await Promise.all([
      engine.brief(briefRequest(docs, { query: 'energy talks', topic: null })),
      engine.brief(briefRequest(docs, { query: 'pipeline summit', topic: null })),
    ]);
    for (const brief of briefs) assert.match(brief.notes[0]!, /The language model was unavailable \(server error\)/);
    assert.ok(notesCalls().length <= docs.length, `notes calls: ${notesCalls().length}`);
  });
});
