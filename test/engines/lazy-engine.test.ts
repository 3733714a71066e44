// The engines as the composition root holds them: the OpenAI engine loads on first use with the
// traits the services read up front, and entity naming is a choice that a cache shared between
// processes that name entities and processes that do not survives.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createOfflineEngine } from '../../src/engines/offline-engine.ts';
import { createOpenAIEngine } from '../../src/engines/openai-engine.ts';
import { createLazyOpenAIEngine, OPENAI_TRAITS } from '../../src/engines/openai-lazy.ts';
import { lazyEngine } from '../../src/engines/lazy-engine.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { extractiveModel, startFakeOpenAI, type FakeOpenAI } from '../fakes/openai-server.ts';
import { briefRequest, engineOptions, russiaDoc } from './fixtures.ts';

let fake: FakeOpenAI;
before(async () => {
  fake = await startFakeOpenAI({ handler: extractiveModel });
});
after(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
});

describe('lazy engines', () => {
  it('the lazy OpenAI engine shows the traits of the engine it loads', () => {
    const real = createOpenAIEngine(engineOptions(fake.baseURL));
    const lazy = createLazyOpenAIEngine(engineOptions(fake.baseURL));
    for (const key of Object.keys(OPENAI_TRAITS) as Array<keyof typeof OPENAI_TRAITS>) assert.equal(lazy[key], real[key], key);
    assert.equal(lazy.judgesRelevance, real.judgesRelevance);
    assert.equal(lazy.groundsOwnOutput, real.groundsOwnOutput);
  });

  it('builds once, on first use, and retries a build that failed', async () => {
    let builds = 0;
    const engine = lazyEngine({ name: 'x' }, async () => {
      builds += 1;
      if (builds === 1) throw new Error('import failed');
      return createOfflineEngine({ entities: false });
    });
    assert.equal(builds, 0);
    await assert.rejects(engine.brief(briefRequest([russiaDoc])), /import failed/);
    await engine.brief(briefRequest([russiaDoc]));
    await engine.answer({ question: 'What did Peskov say?', hits: [], history: [] });
    await engine.load();
    assert.equal(builds, 2);
  });

  it('briefs through the real engine', async () => {
    const brief = await createLazyOpenAIEngine(engineOptions(fake.baseURL)).brief(briefRequest([russiaDoc]));
    assert.equal(brief.engine, 'openai');
    assert.ok(fake.chatRequests().length > 0);
  });
});

describe('entity naming', () => {
  it('the offline engine names none when told not to, and the same brief otherwise', async () => {
    const named = await createOfflineEngine().brief(briefRequest([russiaDoc]));
    const unnamed = await createOfflineEngine({ entities: false }).brief(briefRequest([russiaDoc]));
    assert.ok(named.entities.people.includes('Dmitry Peskov'));
    assert.deepEqual(unnamed.entities, { people: [], organizations: [], places: [] });
    assert.deepEqual({ ...unnamed, entities: named.entities }, named);
  });

  it('a cached OpenAI brief written without entities gets them in a process that names them', async () => {
    const store = createMemoryStore();
    const chat = createOpenAIEngine(engineOptions(fake.baseURL, { store, entities: false }));
    const written = await chat.brief(briefRequest([russiaDoc]));
    assert.deepEqual(written.entities, { people: [], organizations: [], places: [] });

    const calls = fake.chatRequests().length;
    const cli = createOpenAIEngine(engineOptions(fake.baseURL, { store }));
    const cached = await cli.brief(briefRequest([russiaDoc]));
    assert.equal(fake.chatRequests().length, calls, 'served from the cache');
    assert.ok(cached.notes.some((n) => n.includes('cached brief')));
    assert.ok(cached.entities.people.length > 0, JSON.stringify(cached.entities));

    const fresh = await createOpenAIEngine(engineOptions(fake.baseURL, { store: createMemoryStore() })).brief(briefRequest([russiaDoc]));
    assert.deepEqual(cached.entities, fresh.entities, 'the same names as a brief named when written');
  });
});
