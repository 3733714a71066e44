// The language model failing inside a real bot: the openai engine (real SDK) against the fake
// OpenAI server, behind the real router and the real Bolt app in HTTP mode. Whatever the model
// does — refuse connections, answer too slowly, stall mid-stream, send garbage — every /brief and
// /ask is answered once, by the offline engine, with a visible note saying why.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { startFakeOpenAI, type FakeOpenAI, type FakeReply } from '../fakes/openai-server.ts';
import { createFakeSlack, type FakeSlack } from '../fakes/slack/fake-slack.ts';
import { slashCommand } from '../fakes/slack/payloads.ts';
import { createSignedClient, type SignedClient } from '../fakes/slack/signed-client.ts';
import { OPENAI_KEY, SIGNING_SECRET, slackReplies, startRig, waitFor, settle, watchUnhandled, BOT_TOKEN, type Rig } from './rig.ts';

/** A port nothing listens on (bound, then closed). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Bot {
  rig: Rig;
  fake: FakeSlack;
  client: SignedClient;
  close(): Promise<void>;
}

async function bot(baseURL: string): Promise<Bot> {
  const fake = await createFakeSlack({ botToken: BOT_TOKEN, users: [{ id: 'U1', name: 'ada' }] });
  const rig = await startRig({
    store: createMemoryStore(),
    slack: { fake, mode: 'http' },
    env: { OPENAI_BASE_URL: baseURL, OPENAI_API_KEY: OPENAI_KEY, BRIEFBOT_ENGINE: 'openai' },
    configure: (config) => {
      config.engine.openai.timeoutMs = 400;
      config.engine.openai.maxRetries = 0;
    },
  });
  const client = createSignedClient({ url: rig.slackUrl!, signingSecret: SIGNING_SECRET });
  return {
    rig, fake, client,
    async close() {
      client.close();
      await rig.close();
      await fake.close();
    },
  };
}

/** Sends `/brief <text>` in `channel` and returns the one reply posted there (asserting it is one). */
async function command(b: Bot, channel: string, text: string): Promise<string> {
  const res = await b.client.command(slashCommand({ text, channel, responseUrl: b.fake.responseUrl() }));
  assert.equal(res.status, 200);
  assert.deepEqual(res.json, { response_type: 'ephemeral', text: 'Working on it…' }, 'acked at once, whatever the model does');
  const [reply] = await waitFor(() => { const r = slackReplies(b.fake, channel); return r.length ? r : null; }, `reply in ${channel}`);
  await settle(100);
  assert.equal(slackReplies(b.fake, channel).length, 1, `exactly one reply in ${channel}`);
  assert.equal(b.fake.responses.filter((r) => JSON.stringify(r.body).includes('Sorry')).length, 0, 'no apology instead of an answer');
  return `${reply.text}\n${reply.blocks}`;
}

let fakeLLM: FakeOpenAI;
before(async () => { fakeLLM = await startFakeOpenAI(); });
after(() => fakeLLM.close());

describe('LLM faults inside a running bot', () => {
  it('the LLM server is down (connection refused): offline brief and answer, with a note', async () => {
    const unhandled = watchUnhandled();
    const b = await bot(`http://127.0.0.1:${await deadPort()}/v1`);
    try {
      const brief = await command(b, 'C-down-1', 'us-russia');
      assert.match(brief, /Engine: offline/);
      assert.match(brief, /The language model was unavailable \(could not connect\); this is the offline summary\./);
      const answer = await command(b, 'C-down-2', 'ask what did Peskov say?');
      assert.match(answer, /Engine: offline/);
      assert.match(answer, /The language model was unavailable \(could not connect\); this is the offline answer\./);
      assert.match(answer, /Peskov/);
      assert.equal(b.rig.logger.lines.filter((l) => l.msg === 'command failed').length, 0);
    } finally {
      await b.close();
      unhandled.dispose();
    }
    assert.deepEqual(unhandled.reasons, []);
  });

  it('the LLM server is too slow (no reply within the timeout), or stalls mid-stream: offline, with a note', async () => {
    const unhandled = watchUnhandled();
    const b = await bot(fakeLLM.baseURL);
    try {
      fakeLLM.setHandler(() => ({ delayMs: 3000, json: { headline: 'late', bullets: [], quotes: [] } }));
      const brief = await command(b, 'C-slow-1', 'us-russia');
      assert.match(brief, /The language model was unavailable \(timed out\); this is the offline summary\./);
      const answer = await command(b, 'C-slow-2', 'ask what did Kirill Dmitriev say?');
      assert.match(answer, /The language model was unavailable \(timed out\); this is the offline answer\./);

      // Headers and a first chunk arrive, then nothing: the stall deadline ends the stream.
      fakeLLM.setHandler(() => ({ json: { headline: 'A headline that never finishes', bullets: [], quotes: [] }, chunkSize: 4, stallAfterChunks: 2 }));
      const stalled = await command(b, 'C-slow-3', 'nord stream pipeline');
      assert.match(stalled, /Engine: offline/);
      assert.match(stalled, /The language model was unavailable \(timed out\); this is the offline summary\./);
      assert.ok(fakeLLM.chatRequests().length >= 3, 'each command did reach the model');
    } finally {
      await b.close();
      unhandled.dispose();
    }
    assert.deepEqual(unhandled.reasons, []);
  });

  it('the LLM server returns garbage (not JSON, a proxy error page, JSON of the wrong shape): offline, with a note', async () => {
    const unhandled = watchUnhandled();
    const b = await bot(fakeLLM.baseURL);
    try {
      const cases: Array<[string, FakeReply, RegExp]> = [
        ['prose', { content: 'Sure! Here is a lovely briefing about Russia, no JSON though.' }, /The language model's reply could not be used; this is the offline summary\./],
        ['wrong shape', { json: { title: 'x', points: 'y' } }, /The language model's reply could not be used; this is the offline summary\./],
        ['html page with 200', { status: 200, rawBody: '<html><body>Welcome to nginx</body></html>' }, /The language model's reply could not be used; this is the offline summary\./],
        ['proxy error page', { status: 502, rawBody: '<html><body>502 Bad Gateway</body></html>' }, /The language model was unavailable \(server error\); this is the offline summary\./],
        ['invented citations', { json: { headline: 'Made up', bullets: [{ text: 'Something nobody said.', citations: ['nope.1'] }], quotes: [] } }, /None of the language model's points could be traced to a passage of the documents; this is the offline summary\./],
      ];
      for (const [i, [label, reply, note]] of cases.entries()) {
        fakeLLM.setHandler(() => reply);
        // A different query each time: a good brief would be cached, and this must reach the model.
        const text = await command(b, `C-garbage-${i}`, ['us-russia', 'nord stream', 'rare earth reserves', 'riyadh talks', 'oval office zelensky'][i]);
        assert.match(text, /Engine: offline/, label);
        assert.match(text, note, label);
      }
      fakeLLM.setHandler(() => ({ content: '{"answer": 42' }));
      const answer = await command(b, 'C-garbage-a', 'ask what did Peskov say?');
      assert.match(answer, /The language model's reply could not be used; this is the offline answer\./);
      assert.ok(fakeLLM.chatRequests().length >= 3 + cases.length, 'each command did reach the model');
      assert.equal(b.rig.logger.lines.filter((l) => l.msg === 'command failed').length, 0);
    } finally {
      await b.close();
      unhandled.dispose();
    }
    assert.deepEqual(unhandled.reasons, []);
  });
});
