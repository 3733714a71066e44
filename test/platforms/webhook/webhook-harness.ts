// Starts the webhook platform the way start.ts starts any platform — through its registry
// entry — on the contract's core, with a local receiver, and speaks the contract's operations.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { ContractCore } from '../../contract/platform-core.ts';
import type { PlatformHarness, PostedPayload } from '../../contract/platform-contract.ts';
import { MAX_POST_CHARS } from './render.ts';
import { configureWebhook, webhookEntry } from './webhook-entry.ts';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';

/** Every key a webhook post may carry: plain text and where it goes, nothing a receiver could expand. */
const POST_KEYS = new Set(['id', 'channel', 'thread', 'text', 'private', 'user']);

export interface WebhookHarness extends PlatformHarness {
  receiver: WebhookReceiver;
  /** Writes one event line. */
  send(event: Record<string, unknown>): void;
}

export async function startWebhookHarness(core: ContractCore): Promise<WebhookHarness> {
  const receiver = await startWebhookReceiver();
  const input = new PassThrough();
  configureWebhook(core.app.config, { input, url: receiver.url });
  assert.equal(webhookEntry.enabled(core.app.config), true);
  const platform = await webhookEntry.create(core.context());
  await platform.start(core.sink);
  let n = 0;
  const send = (event: Record<string, unknown>) => { input.write(`${JSON.stringify({ id: `e${++n}`, ...event })}\n`); };

  return {
    platform,
    receiver,
    send,
    digestConversation: 'webhook:c1',
    privateReplies: true,
    strangerConversation: 'webhook:c1:m-nobody-briefed',
    async brief(query, options = {}) {
      send({ type: 'command', user: 'u1', channel: 'c1', text: `/brief ${query}${options.length ? ` --length ${options.length}` : ''}` });
    },
    async unknownCommand(name) {
      send({ type: 'command', user: 'u1', channel: 'c1', text: `/${name}` });
    },
    async followUp(conversationId, text) {
      send({ type: 'message', user: 'u1', conversation: conversationId, text });
    },
    posts: () => receiver.bodies.map((raw): PostedPayload => ({ text: String(raw.text ?? ''), raw, private: raw.private === true })),
    checkLimits(payloads) {
      for (const p of payloads) {
        const text = String((p.raw as { text?: unknown }).text ?? '');
        assert.ok(text.length > 0 && text.length <= MAX_POST_CHARS, `a post of ${text.length} characters`);
      }
    },
    assertCannotPing(payloads) {
      for (const p of payloads) {
        const extra = Object.keys(p.raw as object).filter((k) => !POST_KEYS.has(k));
        assert.deepEqual(extra, [], 'a webhook post is plain text and nothing else');
        assert.equal(typeof (p.raw as { text?: unknown }).text, 'string');
      }
    },
    pingingPayload: { text: '@everyone', raw: { channel: 'c1', text: '@everyone', mentions: ['everyone'] }, private: false },
    async close() {
      input.end();
      await platform.stop();
      await receiver.close();
    },
  };
}
