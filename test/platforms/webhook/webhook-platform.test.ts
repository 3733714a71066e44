// What the webhook platform does at its own edge, besides the contract: redeliveries answered
// once, a refused post reported as a PostError (and apologised for privately by the core).
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { PostError } from '../../../src/platforms/post-error.ts';
import { until } from '../../contract/platform-contract.ts';
import type { ContractCore } from '../../contract/platform-core.ts';
import { startWebhookHarness, type WebhookHarness } from './webhook-harness.ts';

describe('webhook platform', () => {
  let core: ContractCore;
  let h: WebhookHarness;
  beforeEach(async () => {
    ({ core, harness: h } = await startWebhookHarness());
  });
  afterEach(async () => {
    await h.close();
    await core.close();
  });

  it('answers a redelivered event once', async () => {
    const event = { id: 'same-event', type: 'command', user: 'u1', channel: 'c1', text: '/topics' };
    await h.send(event);
    await h.send(event);
    await core.sink.waitForHandled(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(core.sink.handled.length, 1);
  });

  it('a refused post is a PostError; the user is told privately', async () => {
    h.receiver.refuse(503);
    await h.send({ type: 'command', user: 'u1', channel: 'c1', text: '/brief us-russia' });
    const handled = await core.sink.waitForHandled(1);
    assert.equal(handled.failures.length, 1);
    const failure = handled.failures[0] as PostError;
    assert.ok(failure instanceof PostError);
    assert.equal(failure.retryable, true);
    await until(() => h.receiver.bodies.length === 1, 'the apology');
    assert.deepEqual([h.receiver.bodies[0].private, h.receiver.bodies[0].user], [true, 'u1']);
    assert.match(String(h.receiver.bodies[0].text), /couldn't post my reply here/);

    await assert.rejects(core.app.replies.deliver(h.platform.outbox('slack:C1'), { kind: 'text', text: 'x' }), (e: unknown) => e instanceof PostError && e.retryable === false);
  });
});
