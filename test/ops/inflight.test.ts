// The reply-path wrapper graceful shutdown relies on: counts calls in flight, waits for them
// (bounded), and turns new work away politely once shutdown has begun.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CommandEvent, EventSink, MessageEvent } from '../../src/platforms/platform-types.ts';
import { createInflightSink, RESTARTING_TEXT } from '../../src/ops/inflight.ts';
import { createRecordingOutbox } from '../helpers/outbox.ts';

const user = { id: 'test:U1', name: 'ada', isAdmin: false };
const command: CommandEvent = { platform: 'test', command: 'brief', text: 'us-russia', user, conversationId: 'test:C1' };
const message: MessageEvent = { platform: 'test', conversationId: 'test:C1:t', text: 'and then?', user, mentioned: false };

function slowSink() {
  const gates: Array<() => void> = [];
  const calls: string[] = [];
  const wait = () => new Promise<void>((resolve) => gates.push(resolve));
  // Posting is part of the work in flight: the wait is before the post, as a slow engine would be.
  const sink: EventSink = {
    async command(e, outbox) { calls.push(`command:${e.command}`); await wait(); await outbox.post({ kind: 'text', text: 'done' }, { followUps: false }); },
    async message(e, outbox) { calls.push(`message:${e.text}`); await wait(); await outbox.post({ kind: 'text', text: 'done' }, { followUps: false }); },
    async autocomplete() { calls.push('autocomplete'); return ['us-russia']; },
  };
  return { sink, gates, calls, release: () => gates.splice(0).forEach((g) => g()) };
}

describe('in-flight tracking', () => {
  it('counts calls in flight and drain() resolves true once they finish', async () => {
    const s = slowSink();
    const tracked = createInflightSink(s.sink);
    assert.equal(await tracked.drain(10), true, 'nothing in flight: drained at once');
    const outA = createRecordingOutbox();
    const outB = createRecordingOutbox();
    const a = tracked.command(command, outA);
    const b = tracked.message(message, outB);
    assert.equal(tracked.inflight, 2);
    const drained = tracked.drain(60_000);
    s.release();
    await Promise.all([a, b]);
    assert.deepEqual([...outA.all, ...outB.all], [{ kind: 'text', text: 'done' }, { kind: 'text', text: 'done' }]);
    assert.equal(await drained, true);
    assert.equal(tracked.inflight, 0);
  });

  it('drain() gives up after its timeout (false) and the work is left running', async () => {
    const s = slowSink();
    const tracked = createInflightSink(s.sink);
    const pending = tracked.command(command, createRecordingOutbox());
    assert.equal(await tracked.drain(20), false);
    assert.equal(tracked.inflight, 1);
    s.release();
    await pending;
    assert.equal(tracked.inflight, 0);
  });

  it('a failing call still leaves the count', async () => {
    const tracked = createInflightSink({
      async command() { throw new Error('boom'); },
      async message() {},
      async autocomplete() { return []; },
    });
    await assert.rejects(tracked.command(command, createRecordingOutbox()), /boom/);
    assert.equal(tracked.inflight, 0);
  });

  it('after refuseNew(): running calls finish, new commands and mentions get the restart notice', async () => {
    const s = slowSink();
    const tracked = createInflightSink(s.sink);
    const accepted = createRecordingOutbox();
    const running = tracked.command(command, accepted);
    tracked.refuseNew();
    const refused = createRecordingOutbox();
    await tracked.command({ ...command, text: 'another' }, refused);
    const notice = { kind: 'text', text: RESTARTING_TEXT, ephemeral: true };
    assert.deepEqual(refused.privately, [notice]);
    const mention = createRecordingOutbox();
    await tracked.message({ ...message, mentioned: true }, mention);
    assert.deepEqual(mention.privately, [notice]);
    const chatter = createRecordingOutbox();
    await tracked.message(message, chatter);
    assert.deepEqual(chatter.all, []);
    assert.deepEqual(await tracked.autocomplete('brief', 'topic', 'us'), []);
    assert.deepEqual(s.calls, ['command:brief']);
    s.release();
    await running;
    assert.deepEqual(accepted.posted.map((p) => p.reply), [{ kind: 'text', text: 'done' }], 'work accepted before the shutdown still posts');
  });
});
