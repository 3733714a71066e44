// A slow or silent model server gets one overall deadline per brief and per
// answer (engine.openai.deadlineMs / BRIEFBOT_LLM_DEADLINE_MS), not timeoutMs × attempts. After
// it, the offline result goes out with a note. Real SDK against the fake server, and the real CLI.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOpenAIEngine } from '../../src/engines/openai-engine.ts';
import { briefRequest, engineOptions, hitsFor, russiaDoc } from '../engines/fixtures.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai-server.ts';
import { cleanEnv, runCli, seedsCopy } from '../helpers/process.ts';

let fake: FakeOpenAI;
before(async () => {
  fake = await startFakeOpenAI();
  // A server that accepts the request and never answers.
  fake.setHandler(() => ({ delayMs: 120_000, json: {} }));
});
after(() => fake.close());

describe('one deadline per brief and per answer', () => {
  it('a silent server: the brief falls back at the deadline, not after timeoutMs × attempts', async () => {
    const options = engineOptions(fake.baseURL, { timeoutMs: 30_000, maxRetries: 2, deadlineMs: 600 });
    const started = Date.now();
    const brief = await createOpenAIEngine(options).brief(briefRequest([russiaDoc]));
    const ms = Date.now() - started;
    assert.ok(ms >= 550 && ms < 3000, `${ms} ms`);
    assert.equal(brief.engine, 'offline');
    assert.equal(brief.notes[0], 'The language model did not finish in time (1 s); this is the offline summary.');
  });

  it('a silent server: the answer falls back at the deadline', async () => {
    const options = engineOptions(fake.baseURL, { timeoutMs: 30_000, maxRetries: 2, deadlineMs: 600 });
    const started = Date.now();
    const answer = await createOpenAIEngine(options).answer({ question: 'What did Peskov say?', query: 'peskov', hits: hitsFor(russiaDoc, [2]), history: [] });
    const ms = Date.now() - started;
    assert.ok(ms >= 550 && ms < 3000, `${ms} ms`);
    assert.equal(answer.engine, 'offline');
    assert.equal(answer.notes[0], 'The language model did not finish in time (1 s); this is the offline answer.');
  });

  it('the CLI with BRIEFBOT_LLM_DEADLINE_MS answers offline within the deadline (real process)', async () => {
    const seeds = seedsCopy();
    const env = cleanEnv({ OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test-deadline', BRIEFBOT_ENGINE: 'openai', BRIEFBOT_LLM_DEADLINE_MS: '1500' });
    const started = Date.now();
    const r = await runCli(['brief', 'us-russia', '--json', '--seeds', seeds], { env, timeoutMs: 20_000 });
    const ms = Date.now() - started;
    assert.equal(r.code, 0, r.stderr);
    const brief = JSON.parse(r.stdout);
    assert.equal(brief.engine, 'offline');
    assert.match(brief.notes[0], /did not finish in time \(2 s\)/);
    assert.ok(ms < 10_000, `${ms} ms`);
  });
});
