// Starts the webhook platform the way start.ts starts any platform — its configuration read
// through its registry entry's section, built by the entry, its HTTP path mounted on the real ops
// server — on the contract's core, with a local receiver, and speaks the contract's operations.
import assert from 'node:assert/strict';
import { createMetrics } from '../../../src/ops/metrics.ts';
import { createOpsServer, type HttpHandler } from '../../../src/ops/http-server.ts';
import { PLATFORMS } from '../../../src/platforms/registry.ts';
import { createContractCore, type ContractCore } from '../../contract/platform-core.ts';
import type { PlatformHarness, PostedPayload } from '../../contract/platform-contract.ts';
import { MAX_POST_CHARS } from './render.ts';
import { webhookEntry } from './webhook-entry.ts';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';

/** Every key a webhook post may carry: plain text and where it goes, nothing a receiver could expand. */
const POST_KEYS = new Set(['id', 'channel', 'thread', 'text', 'private', 'user']);

export interface WebhookHarness extends PlatformHarness {
  receiver: WebhookReceiver;
  /** POSTs one event line to the platform's path on the ops port. */
  send(event: Record<string, unknown>): Promise<void>;
}

/** The registry a process with the webhook platform would have: the real one plus its entry. */
const REGISTRY = [...PLATFORMS, webhookEntry];

export async function startWebhookHarness(): Promise<{ core: ContractCore; harness: WebhookHarness }> {
  const receiver = await startWebhookReceiver();
  const core = await createContractCore({ platforms: REGISTRY, env: { WEBHOOK_URL: receiver.url } });
  const config = core.app.config;
  assert.equal(webhookEntry.enabled(config), true);
  const prefix = webhookEntry.httpPrefix?.(config);
  assert.ok(prefix);
  const platform = await webhookEntry.create({ ...core.context(), httpMounted: true });
  // Served by the real ops server through the entry's mount, as start.ts serves Slack's HTTP mode.
  const server = createOpsServer({
    port: 0,
    host: '127.0.0.1',
    metrics: createMetrics(),
    readiness: { check: async () => ({ ready: true, notReady: [], checks: {} }) },
    mounts: [{ name: webhookEntry.name, prefix, handler: () => (platform.handleHttp ? (platform as HttpHandler) : null) }],
    logger: core.logger.child({ part: 'http' }),
  });
  const { port } = await server.listen();
  await platform.start(core.sink);
  let n = 0;
  const send = async (event: Record<string, unknown>) => {
    const res = await fetch(`http://127.0.0.1:${port}${prefix}events`, { method: 'POST', body: `${JSON.stringify({ id: `e${++n}`, ...event })}\n` });
    assert.equal(res.status, 202);
  };

  const harness: WebhookHarness = {
    platform,
    receiver,
    send,
    digestConversation: 'webhook:c1',
    privateReplies: true,
    strangerConversation: 'webhook:c1:m-nobody-briefed',
    async brief(query, options = {}) {
      await send({ type: 'command', user: 'u1', channel: 'c1', text: `/brief ${query}${options.length ? ` --length ${options.length}` : ''}` });
    },
    async unknownCommand(name) {
      await send({ type: 'command', user: 'u1', channel: 'c1', text: `/${name}` });
    },
    async followUp(conversationId, text) {
      await send({ type: 'message', user: 'u1', conversation: conversationId, text });
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
      await server.close();
      await platform.stop();
      await receiver.close();
    },
  };
  return { core, harness };
}
