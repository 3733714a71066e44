// Metrics fed by the real parts: the router (commands), the OpenAI engine through the real SDK
// against the fake server (calls, tokens, fallbacks), the digest scheduler (fires), the corpus
// (documents) — then read back as Prometheus text from /metrics.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/load.ts';
import { createManualClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { ChatUser } from '../../commands/command-types.ts';
import { createBriefbot } from '../../src/main.ts';
import { createOpsServer } from '../../src/ops/http-server.ts';
import { createMetrics } from '../../src/ops/metrics.ts';
import { createReadiness } from '../../src/ops/readiness.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { PLATFORMS } from '../../src/platforms/registry.ts';
import { extractiveModel, serverError, startFakeOpenAI } from '../fakes/openai-server.ts';
import { seedsCopy, tempDir } from '../helpers/process.ts';
import { admin, doc, rig } from '../scheduler/fakes.ts';

const user: ChatUser = { id: 'test:U1', name: 'ada', isAdmin: false };

function value(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
}

async function bot(env: Record<string, string> = {}) {
  const loaded = loadConfig({ platforms: PLATFORMS, env: { BRIEFBOT_SEEDS: seedsCopy(), BRIEFBOT_DATA_DIR: tempDir('briefbot-metrics-'), ...env } });
  assert.ok(loaded.ok, JSON.stringify(!loaded.ok && loaded.issues));
  const config = loaded.config;
  config.engine.openai.maxRetries = 0;
  const metrics = createMetrics();
  const app = await createBriefbot({ config, logger: silentLogger, store: createMemoryStore(), watch: false, metrics });
  return { app, metrics };
}

describe('metrics', () => {
  it('after commands run, /metrics has every named family with the right series', async () => {
    const { app, metrics } = await bot();
    const server = createOpsServer({
      port: 0, host: '127.0.0.1', metrics, logger: silentLogger,
      readiness: createReadiness({ phase: () => 'running', corpus: () => app.corpus, store: () => app.store, platforms: () => [] }),
    });
    try {
      const { port } = await server.listen();
      const ok = await app.router.command({ platform: 'test', command: 'brief', text: 'us-russia', user, conversationId: 'test:C1' });
      assert.equal(ok.kind, 'brief');
      await app.router.command({ platform: 'test', command: 'brief', text: 'no-such-topic-xyzzy', user, conversationId: 'test:C1' });
      await app.router.command({ platform: 'test', command: 'frobnicate', user, conversationId: 'test:C1' });
      metrics.ack('test', 'command', 12);

      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      const text = await res.text();
      for (const family of [
        'briefbot_commands_total', 'briefbot_brief_latency_seconds', 'briefbot_ack_latency_seconds',
        'briefbot_llm_calls_total', 'briefbot_llm_tokens_total', 'briefbot_llm_fallbacks_total',
        'briefbot_digest_fires_total', 'briefbot_digest_deliveries_total', 'briefbot_digest_failures_total',
        'briefbot_documents_loaded', 'briefbot_inflight_events',
        'process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes',
      ]) {
        assert.match(text, new RegExp(`^# TYPE ${family} `, 'm'), `family ${family}`);
      }
      assert.equal(value(text, 'briefbot_commands_total{command="brief",platform="test",outcome="ok"}'), 1);
      assert.ok((value(text, 'briefbot_commands_total{command="brief",platform="test",outcome="user_error"}') ?? 0) >= 1);
      // A name typed by a user is not a label value (unbounded series): it is counted as `unknown`.
      assert.equal(value(text, 'briefbot_commands_total{command="unknown",platform="test",outcome="user_error"}'), 1);
      assert.doesNotMatch(text, /frobnicate/);
      assert.equal(value(text, 'briefbot_brief_latency_seconds_count{platform="test",command="brief"}'), 2);
      assert.equal(value(text, 'briefbot_ack_latency_seconds_bucket{le="0.025",platform="test",kind="command"}'), 1);
      assert.equal(value(text, 'briefbot_documents_loaded'), app.corpus.current().documents.length);
      assert.ok(app.corpus.current().documents.length > 0);
    } finally {
      await server.close();
      await app.close();
    }
  });

  it('counts model calls and tokens, and fallbacks by reason (real SDK against the fake server)', async () => {
    const ai = await startFakeOpenAI({ handler: extractiveModel });
    const { app, metrics } = await bot({ OPENAI_BASE_URL: ai.baseURL, OPENAI_API_KEY: 'sk-metrics-test-0123456789' });
    try {
      assert.equal(app.defaultEngine, 'openai');
      const brief = await app.router.command({ platform: 'test', command: 'brief', text: 'us-russia', user, conversationId: 'test:C1' });
      assert.ok(brief.kind === 'brief' && brief.brief.engine === 'openai');
      ai.setHandler(() => serverError());
      const answer = await app.router.command({ platform: 'test', command: 'ask', text: 'what did Peskov say?', user, conversationId: 'test:C1' });
      assert.ok(answer.kind === 'answer' && answer.answer.engine !== 'openai', 'the answer came from the fallback');

      const text = await metrics.text();
      const calls = ai.chatRequests().length;
      const ok = value(text, 'briefbot_llm_calls_total{model="gpt-4.1-mini",schema="brief",outcome="ok"}') ?? 0;
      const failed = value(text, 'briefbot_llm_calls_total{model="gpt-4.1-mini",schema="answer",outcome="error"}') ?? 0;
      assert.ok(ok >= 1);
      assert.equal(failed, 1);
      assert.equal(ok + failed, calls, 'one count per request the server saw');
      assert.ok((value(text, 'briefbot_llm_tokens_total{model="gpt-4.1-mini",kind="prompt"}') ?? 0) > 100);
      assert.ok((value(text, 'briefbot_llm_tokens_total{model="gpt-4.1-mini",kind="completion"}') ?? 0) > 0);
      assert.equal(value(text, 'briefbot_llm_fallbacks_total{kind="answer",reason="server_error"}'), 1);
      assert.doesNotMatch(text, /sk-metrics-test/);
    } finally {
      await app.close();
      await ai.close();
    }
  });

  it('counts digest fires, deliveries and failures from the scheduler hook', async () => {
    const clock = createManualClock('2026-03-02T06:59:00Z');
    const store = createMemoryStore({ clock });
    const metrics = createMetrics({ defaultMetrics: false });
    const r = rig(store, clock, { onFire: (info) => metrics.digestFire(info) });
    await r.scheduler.start();
    try {
      await r.scheduler.service.subscribe({ platform: 'console', conversationId: 'console:local', topic: 'us-russia', schedule: 'daily at 08:00', timezone: 'Europe/Berlin', user: admin });
      clock.set('2026-03-02T07:00:00Z');
      const first = await r.scheduler.fireDue();
      assert.deepEqual(first.map((f) => f.status), ['sent']);
      // Next day the post fails for good (not transient): a failure.
      r.platform.failures.push(Object.assign(new Error('channel_not_found'), { retryable: false }));
      clock.set('2026-03-03T07:00:00Z');
      r.topics.add('us-russia', doc('new-one'));
      const second = await r.scheduler.fireDue();
      assert.deepEqual(second.map((f) => f.status), ['failed']);

      const text = await metrics.text();
      assert.equal(value(text, 'briefbot_digest_fires_total{status="sent"}'), 1);
      assert.equal(value(text, 'briefbot_digest_fires_total{status="failed"}'), 1);
      assert.equal(value(text, 'briefbot_digest_deliveries_total'), 1);
      assert.equal(value(text, 'briefbot_digest_failures_total'), 1);
    } finally {
      await r.scheduler.stop();
    }
  });

  it('each createMetrics() has its own registry (several in one process, no global state)', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.command({ command: 'brief', platform: 'x', outcome: 'ok', ms: 5 });
    assert.equal(value(await a.text(), 'briefbot_commands_total{command="brief",platform="x",outcome="ok"}'), 1);
    assert.equal(value(await b.text(), 'briefbot_commands_total{command="brief",platform="x",outcome="ok"}'), null);
    const { register } = await import('prom-client');
    assert.doesNotMatch(await register.metrics(), /briefbot_/);
  });
});
