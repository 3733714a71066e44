// The router wrapper graceful shutdown relies on: counts calls in flight, waits for them
// (bounded), and turns new work away politely once shutdown has begun.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Reply } from '../../commands/command-types.ts';
import type { CommandEvent, EventSink, MessageEvent } from '../../src/platforms/platform-types.ts';
import { createInflightSink, RESTARTING_TEXT } from '../../src/ops/inflight.ts';

const user = { id: 'test:U1', name: 'ada', isAdmin: false };
const command: CommandEvent = { platform: 'test', command: 'brief', text: 'us-russia', user, conversationId: 'test:C1' };
const message: MessageEvent = { platform: 'test', conversationId: 'test:C1:t', text: 'and then?', user, mentioned: false };

function slowSink() {
  const gates: Array<() => void> = [];
  const calls: string[] = [];
  const reply: Reply = { kind: 'text', text: 'done' };
  const wait = () => new Promise<void>((resolve) => gates.push(resolve));
  const sink: EventSink = {
    async command(e) { calls.push(`command:${e.command}`); await wait(); return reply; },
    async message(e) { calls.push(`message:${e.text}`); await wait(); return reply; },
    async posted() { calls.push('posted'); },
    async autocomplete() { calls.push('autocomplete'); return ['us-russia']; },
  };
  return { sink, gates, calls, release: () => gates.splice(0).forEach((g) => g()) };
}

describe('in-flight tracking', () => {
  it('counts calls in flight and drain() resolves true once they finish', async () => {
    const s = slowSink();
    const tracked = createInflightSink(s.sink);
    assert.equal(await tracked.drain(10), true, 'nothing in flight: drained at once');
    const a = tracked.command(command);
    const b = tracked.message(message);
    assert.equal(tracked.inflight, 2);
    const drained = tracked.drain(60_000);
    s.release();
    assert.deepEqual(await Promise.all([a, b]), [{ kind: 'text', text: 'done' }, { kind: 'text', text: 'done' }]);
    assert.equal(await drained, true);
    assert.equal(tracked.inflight, 0);
  });

  it('drain() gives up after its timeout (false) and the work is left running', async () => {
    const s = slowSink();
    const tracked = createInflightSink(s.sink);
    const pending = tracked.command(command);
    assert.equal(await tracked.drain(20), false);
    assert.equal(tracked.inflight, 1);
    s.release();
    await pending;
    assert.equal(tracked.inflight, 0);
  });

  it('a failing call still leaves the count', async () => {
    const tracked = createInflightSink({
      async command() { throw new Error('boom'); },
      async message() { return null; },
      async posted() {},
      async autocomplete() { return []; },
    });
    await assert.rejects(tracked.command(command), /boom/);
    assert.equal(tracked.inflight, 0);
  });

  it('after refuseNew(): running calls finish, new commands and mentions get the restart notice', async () => {
    const s = slowSink();
    const tracked = createInflightSink(s.sink);
    const running = tracked.command(command);
    tracked.refuseNew();
    const refused = await tracked.command({ ...command, text: 'another' });
    assert.deepEqual(refused, { kind: 'text', text: RESTARTING_TEXT, ephemeral: true });
    assert.deepEqual(await tracked.message({ ...message, mentioned: true }), { kind: 'text', text: RESTARTING_TEXT, ephemeral: true });
    assert.equal(await tracked.message(message), null);
    assert.deepEqual(await tracked.autocomplete('brief', 'topic', 'us'), []);
    // Bookkeeping for a reply that was already accepted still goes through.
    await tracked.posted('test:C1', { kind: 'text', text: 'x' });
    assert.deepEqual(s.calls, ['command:brief', 'posted']);
    s.release();
    assert.deepEqual(await running, { kind: 'text', text: 'done' });
  });
});
