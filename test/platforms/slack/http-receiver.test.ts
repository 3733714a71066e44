// The HTTP-mode receiver on its own, with a stand-in for Bolt's App: what it answers Slack (and
// when), and what it hands to processEvent.
import assert from 'node:assert/strict';
import { request, type IncomingHttpHeaders } from 'node:http';
import { describe, it } from 'node:test';
import type { App, ReceiverEvent } from '@slack/bolt';
import { createMemoryLogger } from '../../../src/core/logger.ts';
import { createAckingReceiver, type AckingReceiver, type AckingReceiverOptions } from '../../../src/platforms/slack/http-receiver.ts';
import { eventCallback, messageEvent, slashCommand } from '../../fakes/slack/payloads.ts';
import { createSignedClient, sign, type SignedClient } from '../../fakes/slack/signed-client.ts';
import { SIGNING_SECRET } from './helpers.ts';

const WORKING = { response_type: 'ephemeral', text: 'Working on it…' };

interface Rig {
  receiver: AckingReceiver;
  client: SignedClient;
  port: number;
  url: string;
  events: ReceiverEvent[];
  acks: number[];
  /** onAck count seen by each processEvent call, in call order. */
  acksAtDispatch: number[];
  logger: ReturnType<typeof createMemoryLogger>;
  close(): Promise<void>;
}

async function rig(options: Partial<AckingReceiverOptions> & { processEvent?: (event: ReceiverEvent) => Promise<void> } = {}): Promise<Rig> {
  const logger = createMemoryLogger();
  const events: ReceiverEvent[] = [];
  const acks: number[] = [];
  const acksAtDispatch: number[] = [];
  const receiver = createAckingReceiver({
    signingSecret: SIGNING_SECRET,
    path: '/slack/events',
    logger,
    commandAck: (body) => (body.command === '/brief' ? { ...WORKING } : null),
    onAck: (info) => {
      assert.equal(info.kind, 'command');
      acks.push(info.ms);
    },
    ...options,
  });
  const app = {
    async processEvent(event: ReceiverEvent) {
      events.push(event);
      acksAtDispatch.push(acks.length);
      if (options.processEvent) await options.processEvent(event);
    },
  };
  receiver.init(app as unknown as App);
  await receiver.start({ port: 0, host: '127.0.0.1' });
  const port = receiver.address()!.port;
  const url = `http://127.0.0.1:${port}/slack/events`;
  const client = createSignedClient({ url, signingSecret: SIGNING_SECRET });
  return {
    receiver,
    client,
    port,
    url,
    events,
    acks,
    acksAtDispatch,
    logger,
    async close() {
      client.close();
      await receiver.stop();
    },
  };
}

/** A request written by hand: chunked bodies, bodies that stall. */
function rawRequest(url: string, headers: Record<string, string>, write: (req: ReturnType<typeof request>) => void): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    write(req);
  });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('Slack HTTP receiver', () => {
  it('acks a slash command with the working text, then dispatches the parsed form with a no-op ack', async () => {
    // processEvent never settles: the ack must not wait on it.
    const r = await rig({ processEvent: () => new Promise<void>(() => {}) });
    try {
      const res = await r.client.command(slashCommand({ text: 'us-russia', responseUrl: 'http://127.0.0.1:9/r' }));
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, WORKING);
      await settle();
      assert.equal(r.events.length, 1);
      const [event] = r.events;
      assert.equal(event.body.command, '/brief');
      assert.equal(event.body.text, 'us-russia');
      assert.equal(event.body.channel_id, 'C1');
      assert.equal(event.retryNum, undefined);
      // The listener's ack is a no-op that tolerates any use, any number of times.
      await event.ack();
      await event.ack({ response_type: 'ephemeral', text: 'ignored' });
      assert.equal(r.acks.length, 1, 'onAck once per command, from the receiver');
      assert.ok(r.acks[0] >= 0);
    } finally {
      await r.close();
    }
  });

  it('acks other commands and interactive payloads with an empty 200', async () => {
    const r = await rig();
    try {
      const other = await r.client.command(slashCommand({ text: 'x', responseUrl: 'http://127.0.0.1:9/r', command: '/other' }));
      assert.equal(other.status, 200);
      assert.equal(other.body, '');
      const action = { type: 'block_actions', user: { id: 'U1' }, actions: [{ action_id: 'a1' }] };
      const interactive = await r.client.command({ payload: JSON.stringify(action) });
      assert.equal(interactive.status, 200);
      assert.equal(interactive.body, '');
      await settle();
      assert.deepEqual(r.events.map((e) => e.body.command ?? e.body.type), ['/other', 'block_actions']);
      assert.deepEqual(r.events[1].body, action);
      assert.equal(r.acks.length, 1, 'onAck counts slash commands only');
    } finally {
      await r.close();
    }
  });

  it('acks events with an empty 200 and passes X-Slack-Retry-Num/Reason through', async () => {
    const r = await rig();
    try {
      const body = eventCallback(messageEvent({ text: 'hi', ts: '1.1', threadTs: '1.0' }), { eventId: 'EvR1' });
      const first = await r.client.event(body);
      const retry = await r.client.event(body, { retryNum: 2, retryReason: 'http_timeout' });
      for (const res of [first, retry]) {
        assert.equal(res.status, 200);
        assert.equal(res.body, '');
      }
      await settle();
      assert.deepEqual(r.events.map((e) => [e.body.event_id, e.retryNum, e.retryReason]), [['EvR1', undefined, undefined], ['EvR1', 2, 'http_timeout']]);
      assert.equal(r.acks.length, 0);
    } finally {
      await r.close();
    }
  });

  it('acks every request of a burst before dispatching it', async () => {
    const r = await rig();
    try {
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => r.client.command(slashCommand({ text: `t${i}`, responseUrl: 'http://127.0.0.1:9/r', channel: `C${i}` }))));
      for (const res of results) assert.deepEqual(res.json, WORKING);
      await settle();
      assert.equal(r.events.length, 30);
      // The k-th dispatch happens after at least k acks: no request waits on another's dispatch.
      r.acksAtDispatch.forEach((acked, k) => assert.ok(acked >= k + 1, `dispatch ${k + 1} saw ${acked} acks`));
    } finally {
      await r.close();
    }
  });

  it('answers url_verification with the challenge and dispatches nothing', async () => {
    const r = await rig();
    try {
      const res = await r.client.event({ type: 'url_verification', challenge: 'c-3po', token: 'x' });
      assert.equal(res.status, 200);
      assert.match(String(res.body), /^\{"challenge":"c-3po"\}$/);
      assert.deepEqual(res.json, { challenge: 'c-3po' });
      await settle();
      assert.equal(r.events.length, 0);
    } finally {
      await r.close();
    }
  });

  it('rejects bad signatures with 401 before parsing anything, and dispatches nothing', async () => {
    const r = await rig();
    try {
      const fields = slashCommand({ text: 'us-russia', responseUrl: 'http://127.0.0.1:9/r' });
      const now = Math.floor(Date.now() / 1000);
      const form = new URLSearchParams(fields).toString();
      const payloadForm = new URLSearchParams({ payload: JSON.stringify({ type: 'block_actions', actions: [] }) }).toString();
      const responses = [
        await r.client.command(fields, { secret: 'not-the-secret' }),
        await r.client.command(fields, { signature: 'v0=deadbeef' }),
        await r.client.command(fields, { timestamp: now - 6 * 60 }),
        await r.client.command(fields, { timestamp: now + 6 * 60 }),
        await r.client.raw(form.replace('us-russia', 'evil'), 'application/x-www-form-urlencoded', { timestamp: now, signature: sign(SIGNING_SECRET, now, form) }),
        await r.client.raw(payloadForm, 'application/x-www-form-urlencoded', { secret: 'not-the-secret' }),
        await r.client.event({ type: 'url_verification', challenge: 'c' }, { secret: 'not-the-secret' }),
        await r.client.raw('{"type":"event_callback",', 'application/json', { secret: 'not-the-secret' }),
        await r.client.raw(form, 'application/x-www-form-urlencoded', { headers: { 'x-slack-signature': '', 'x-slack-request-timestamp': '' } }),
      ];
      assert.deepEqual(responses.map((res) => res.status), responses.map(() => 401));
      for (const res of responses) assert.equal(res.body, '', 'nothing echoed');
      await settle();
      assert.equal(r.events.length, 0);
      assert.equal(r.acks.length, 0);
      const rejected = r.logger.lines.filter((l) => /signature verification failed/.test(String(l.msg)));
      assert.equal(rejected.length, responses.length);
      assert.deepEqual(new Set(rejected.map((l) => l.reason)), new Set(['bad_signature', 'stale_timestamp', 'bad_timestamp']));
      assert.ok(!JSON.stringify(r.logger.lines).includes(SIGNING_SECRET), 'the secret is never logged');
    } finally {
      await r.close();
    }
  });

  it("answers Slack's unsigned ssl_check without dispatching it, even with a command smuggled in", async () => {
    const r = await rig();
    try {
      const plain = await r.client.raw('ssl_check=1&token=x', 'application/x-www-form-urlencoded', { signature: 'none' });
      assert.equal(plain.status, 200);
      assert.equal(plain.body, '');
      const smuggled = new URLSearchParams({ ...slashCommand({ text: 'us-russia', responseUrl: 'http://127.0.0.1:9/r' }), ssl_check: '1' }).toString();
      const res = await r.client.raw(smuggled, 'application/x-www-form-urlencoded', { secret: 'not-the-secret' });
      assert.equal(res.status, 200);
      assert.equal(res.body, '', 'no working text: it is not treated as a command');
      await settle();
      assert.equal(r.events.length, 0);
      assert.equal(r.acks.length, 0);
    } finally {
      await r.close();
    }
  });

  it('answers 400 to signed but malformed bodies', async () => {
    const r = await rig();
    try {
      for (const [body, type] of [['{"type":"event_callback",', 'application/json'], ['[1,2]', 'application/json'], ['null', 'application/json'], ['payload=%7Bbroken', 'application/x-www-form-urlencoded'], ['payload=3', 'application/x-www-form-urlencoded']]) {
        const res = await r.client.raw(body, type);
        assert.equal(res.status, 400, body);
      }
      await settle();
      assert.equal(r.events.length, 0);
    } finally {
      await r.close();
    }
  });

  it('answers 413 to an oversize body, declared or streamed, and keeps the connection usable', async () => {
    const r = await rig({ bodyLimitBytes: 1024 });
    try {
      const big = `text=${'a'.repeat(2000)}`;
      const declared = await r.client.raw(big, 'application/x-www-form-urlencoded');
      assert.equal(declared.status, 413);
      // Same keep-alive agent: the next request still works.
      const ok = await r.client.command(slashCommand({ text: 'after', responseUrl: 'http://127.0.0.1:9/r' }));
      assert.equal(ok.status, 200);

      const ts = Math.floor(Date.now() / 1000);
      const streamed = await rawRequest(r.url, {
        'content-type': 'application/x-www-form-urlencoded',
        'transfer-encoding': 'chunked',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': sign(SIGNING_SECRET, ts, big),
      }, (req) => {
        for (let i = 0; i < big.length; i += 500) req.write(big.slice(i, i + 500));
        req.end();
      });
      assert.equal(streamed.status, 413);
      await settle();
      assert.deepEqual(r.events.map((e) => e.body.text), ['after']);
      assert.equal(r.logger.lines.filter((l) => /too large/.test(String(l.msg))).length, 2);
    } finally {
      await r.close();
    }
  });

  it('answers 408 and closes the connection when the body stalls', async () => {
    const r = await rig({ bodyTimeoutMs: 100 });
    try {
      const res = await rawRequest(r.url, { 'content-type': 'application/json', 'content-length': '100' }, (req) => {
        req.write('{"type":');
      });
      assert.equal(res.status, 408);
      assert.equal(res.headers.connection, 'close');
      assert.equal(r.events.length, 0);
    } finally {
      await r.close();
    }
  });

  it('logs a failing processEvent and keeps serving', async () => {
    let calls = 0;
    const r = await rig({ processEvent: async () => { calls += 1; if (calls === 1) throw new Error('listener blew up'); } });
    try {
      const first = await r.client.event(eventCallback(messageEvent({ text: 'a', ts: '2.1' })));
      assert.equal(first.status, 200);
      await settle();
      assert.ok(r.logger.lines.some((l) => l.level === 'error' && /processing failed/.test(String(l.msg))));
      const second = await r.client.event(eventCallback(messageEvent({ text: 'b', ts: '2.2' })));
      assert.equal(second.status, 200);
      await settle();
      assert.equal(calls, 2);
    } finally {
      await r.close();
    }
  });

  it('drain() waits for dispatched events to finish', async () => {
    let finished = false;
    const r = await rig({ processEvent: async () => { await new Promise((resolve) => setTimeout(resolve, 100)); finished = true; } });
    try {
      await r.client.event(eventCallback(messageEvent({ text: 'slow', ts: '3.1' })));
      assert.equal(finished, false);
      await r.receiver.drain();
      assert.equal(finished, true);
    } finally {
      await r.close();
    }
  });

  it('answers 503 before start and after stop (handle() mounted on a caller-owned server)', async () => {
    const { createServer } = await import('node:http');
    const logger = createMemoryLogger();
    const events: ReceiverEvent[] = [];
    const receiver = createAckingReceiver({ signingSecret: SIGNING_SECRET, path: '/slack/events', logger });
    receiver.init({ async processEvent(e: ReceiverEvent) { events.push(e); } } as unknown as App);
    const server = createServer((req, res) => receiver.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = createSignedClient({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}/slack/events`, signingSecret: SIGNING_SECRET });
    try {
      const body = eventCallback(messageEvent({ text: 'hi', ts: '4.1' }));
      assert.equal((await client.event(body)).status, 503);
      assert.equal(await receiver.start(), null, 'no listen options: no server of its own');
      assert.equal(receiver.address(), null);
      assert.equal((await client.event(body)).status, 200);
      await receiver.stop();
      assert.equal((await client.event(body)).status, 503);
      assert.equal(events.length, 1);
    } finally {
      client.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
