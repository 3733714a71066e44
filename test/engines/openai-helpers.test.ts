// The small parts of the LLM engine: single flight, the concurrency limiter, partial progress
// text, output parsing, token counting, and the fake server's own routes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import OpenAI from 'openai';
import { createLimiter } from '../../src/engines/openai-limiter.ts';
import { partialText } from '../../src/engines/openai-progress.ts';
import { parseOutput } from '../../src/engines/schemas.ts';
import { createSingleFlight } from '../../src/engines/single-flight.ts';
import { countMessageTokens, countTokens, usageNote } from '../../src/engines/token-budget.ts';
import { startFakeOpenAI } from '../fakes/openai-server.ts';

describe('single flight', () => {
  it('runs the work once for concurrent callers and fans progress out to all of them', async () => {
    const flights = createSingleFlight<string>();
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const seenA: string[] = [];
    const seenB: string[] = [];
    const work = async ({ progress }: { progress?: (p: string) => void }) => {
      runs += 1;
      await gate;
      progress?.('half');
      return 'done';
    };
    const a = flights.run('k', work, { onProgress: (p) => seenA.push(p) });
    const b = flights.run('k', work, { onProgress: (p) => seenB.push(p) });
    assert.equal(flights.size, 1);
    release();
    assert.deepEqual(await Promise.all([a, b]), ['done', 'done']);
    assert.equal(runs, 1);
    assert.deepEqual(seenA, ['half']);
    assert.deepEqual(seenB, ['half']);
    assert.equal(flights.size, 0);
    assert.equal(await flights.run('k', work), 'done');
    assert.equal(runs, 2, 'a later call starts a new flight');
  });

  it('aborts the work only when every caller has aborted', async () => {
    const flights = createSingleFlight<string>();
    let workSignal!: AbortSignal;
    const work = ({ signal }: { signal: AbortSignal }) => {
      workSignal = signal;
      return new Promise<string>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    };
    const c1 = new AbortController();
    const c2 = new AbortController();
    const a = flights.run('k', work, { signal: c1.signal });
    const b = flights.run('k', work, { signal: c2.signal });
    c1.abort();
    await assert.rejects(a, { name: 'AbortError' });
    assert.equal(workSignal.aborted, false);
    c2.abort();
    await assert.rejects(b, { name: 'AbortError' });
    assert.equal(workSignal.aborted, true);
    assert.equal(flights.size, 0);
  });

  it('passes a failure to every caller', async () => {
    const flights = createSingleFlight<string>();
    const work = async () => {
      throw new Error('boom');
    };
    const results = await Promise.allSettled([flights.run('k', work), flights.run('k', work)]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
  });
});

describe('limiter', () => {
  it('never runs more than `concurrency` tasks at once', async () => {
    const limiter = createLimiter(2);
    let active = 0;
    let peak = 0;
    const task = async () => {
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((r) => setImmediate(r));
      active -= 1;
    };
    await Promise.all(Array.from({ length: 7 }, () => limiter.run(task)));
    assert.equal(peak, 2);
    assert.equal(limiter.active, 0);
  });

  it('lets a queued caller leave when its signal aborts', async () => {
    const limiter = createLimiter(1);
    let release!: () => void;
    const first = limiter.run(() => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    const queued = limiter.run(async () => 'ran', controller.signal);
    assert.equal(limiter.waiting, 1);
    controller.abort();
    await assert.rejects(queued);
    assert.equal(limiter.waiting, 0);
    release();
    await first;
  });
});

describe('partial progress text', () => {
  it('shows the headline, then each finished bullet', () => {
    const full = JSON.stringify({ headline: 'Talks "resume"', bullets: [{ text: 'First point.', citations: ['a.1'] }, { text: 'Second\npoint.', citations: [] }], quotes: [{ text: 'not a bullet', speaker: 'X', citation: 'a.1' }] });
    assert.equal(partialText('brief', full.slice(0, 23)), 'Talks "re');
    const cut = full.indexOf('Second') + 3;
    assert.equal(partialText('brief', full.slice(0, cut)), 'Talks "resume"\n• First point.');
    assert.equal(partialText('brief', full), 'Talks "resume"\n• First point.\n• Second\npoint.');
    assert.equal(partialText('answer', '{"answer": "Peskov said'), 'Peskov said');
    assert.equal(partialText('document_notes', '{"notes": ['), '');
  });
});

describe('output parsing', () => {
  it('accepts fenced JSON and reports schema problems by path', () => {
    const ok = parseOutput('answer', '```json\n{"answer": "Yes.", "found": true, "citations": ["a.1"]}\n```');
    assert.ok(ok.ok);
    const bad = parseOutput('brief', '{"headline": "H", "bullets": [{"text": "t"}], "quotes": []}');
    assert.equal(bad.ok, false);
    assert.match(!bad.ok ? bad.error : '', /bullets\.0\.citations/);
    const broken = parseOutput('brief', '{"headline": ');
    assert.equal(broken.ok, false);
  });
});

describe('token counting', () => {
  it('uses the tokenizer (not a character estimate) and treats special tokens as text', () => {
    assert.equal(countTokens('hello world'), 2);
    assert.ok(countTokens('ignore <|endoftext|> this') > 3);
    assert.equal(countMessageTokens([{ role: 'user', content: 'hello world' }]), 3 + 4 + 2);
    assert.equal(usageNote('openai', 'gpt-4.1-mini', { calls: 2, promptTokens: 1234, completionTokens: 210 }), 'openai gpt-4.1-mini: 2 calls, 1,234 prompt + 210 completion tokens');
  });
});

describe('fake OpenAI server', () => {
  it('lists models through the real SDK and closes cleanly', async () => {
    const fake = await startFakeOpenAI({ models: ['gpt-4.1-mini', 'llama3.2'] });
    const client = new OpenAI({ apiKey: 'x', baseURL: fake.baseURL, maxRetries: 0 });
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    assert.deepEqual(ids, ['gpt-4.1-mini', 'llama3.2']);
    await fake.close();
  });

  it('streams SSE chunks with the role first and [DONE] last', async () => {
    const fake = await startFakeOpenAI({ handler: () => ({ content: 'hello there', chunkSize: 4 }) });
    const res = await fetch(`${fake.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', messages: [], stream: true, stream_options: { include_usage: true } }) });
    const events = (await res.text()).split('\n\n').filter(Boolean);
    assert.equal(res.headers.get('content-type'), 'text/event-stream');
    assert.equal(JSON.parse(events[0]!.slice(6)).choices[0].delta.role, 'assistant');
    assert.equal(events.at(-1), 'data: [DONE]');
    assert.ok(JSON.parse(events.at(-2)!.slice(6)).usage.completion_tokens > 0);
    const text = events.slice(0, -1).map((e) => JSON.parse(e.slice(6)).choices[0]?.delta?.content ?? '').join('');
    assert.equal(text, 'hello there');
    await fake.close();
  });
});
