// The platform contract for Slack: the real Bolt app in Socket Mode against the fake Slack, on
// the real core. What the platform posted is read back from the fake: channel messages in their
// final state (a progress placeholder replaced in place counts once), ephemeral messages, and
// response_url bodies.
import assert from 'node:assert/strict';
import { createFakeSlack } from '../../fakes/slack/fake-slack.ts';
import { eventCallback, messageEvent, slashCommand } from '../../fakes/slack/payloads.ts';
import { onDefaultCore, platformContract, type PostedPayload } from '../../contract/platform-contract.ts';
import { APP_TOKEN, BOT_TOKEN, startPlatform } from './helpers.ts';

// Slack's documented limits (Block Kit reference, chat.postMessage).
const LIMITS = { blocks: 50, sectionText: 3000, headerText: 150, contextElements: 10, fields: 10, fieldText: 2000, text: 40_000 };
/** Special syntax Slack turns into notifications: @channel/@here/@everyone, user groups, users. */
const PING = /<!(channel|here|everyone|subteam\^)|<@[UW]?[A-Z0-9]/i;

/** Every `text` string inside a message's blocks, in order. */
function blockTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(blockTexts);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => (key === 'text' && typeof v === 'string' ? [v] : blockTexts(v)));
}

interface SlackRaw {
  text: string;
  blocks: unknown;
  /** Parameters of every call that wrote this message (post, then updates). */
  params: Array<Record<string, unknown>>;
}

function checkMessage(raw: SlackRaw): void {
  assert.ok(raw.text.length <= LIMITS.text, `message text of ${raw.text.length} characters`);
  const blocks = Array.isArray(raw.blocks) ? (raw.blocks as Array<Record<string, any>>) : [];
  assert.ok(blocks.length <= LIMITS.blocks, `${blocks.length} blocks`);
  for (const block of blocks) {
    if (block.type === 'section' && block.text) assert.ok(block.text.text.length <= LIMITS.sectionText, `a section of ${block.text.text.length} characters`);
    if (block.type === 'header') assert.ok(block.text.text.length <= LIMITS.headerText, 'header text');
    if (block.type === 'context') assert.ok(block.elements.length <= LIMITS.contextElements, 'context elements');
    for (const field of block.fields ?? []) assert.ok(field.text.length <= LIMITS.fieldText, 'field text');
    assert.ok((block.fields ?? []).length <= LIMITS.fields, 'fields');
  }
}

platformContract('slack', onDefaultCore(async (core) => {
  const fake = await createFakeSlack({ botToken: BOT_TOKEN, appToken: APP_TOKEN, users: [{ id: 'U1', name: 'ada' }] });
  const platform = await startPlatform(fake, core.sink, 'socket', { firstSeen: core.context().firstSeen, progressIntervalMs: 50 });
  let ts = 0;
  const nextTs = () => `${1_800_000_000 + ++ts}.000100`;

  function posts(): PostedPayload[] {
    const found: Array<{ seq: number; payload: PostedPayload }> = [];
    for (const call of fake.callsTo('chat.postMessage')) {
      const messageTs = call.response.ts;
      const message = typeof messageTs === 'string' ? fake.messages.get(messageTs) : undefined;
      if (!message || message.deleted) continue;
      const params = fake.calls.filter((c) => (c.method === 'chat.postMessage' && c.response.ts === messageTs) || (c.method === 'chat.update' && c.params.ts === messageTs)).map((c) => c.params);
      const raw: SlackRaw = { text: message.text, blocks: message.blocks, params };
      found.push({ seq: call.seq, payload: { text: [message.text, ...blockTexts(message.blocks)].join('\n'), raw, private: false } });
    }
    for (const call of fake.callsTo('chat.postEphemeral')) {
      const raw: SlackRaw = { text: String(call.params.text ?? ''), blocks: call.params.blocks, params: [call.params] };
      found.push({ seq: call.seq, payload: { text: [raw.text, ...blockTexts(raw.blocks)].join('\n'), raw, private: true } });
    }
    for (const response of fake.responses) {
      const raw: SlackRaw = { text: String(response.body.text ?? ''), blocks: response.body.blocks, params: [response.body] };
      found.push({ seq: response.seq, payload: { text: [raw.text, ...blockTexts(raw.blocks)].join('\n'), raw, private: response.body.response_type !== 'in_channel' } });
    }
    return found.sort((a, b) => a.seq - b.seq).map((f) => f.payload);
  }

  return {
    platform,
    digestConversation: 'slack:C1',
    privateReplies: true,
    strangerConversation: 'slack:C1:1699999999.000100',
    async brief(query, options = {}) {
      fake.sendEnvelope('slash_commands', slashCommand({ text: `${query}${options.length ? ` --length ${options.length}` : ''}`, responseUrl: fake.responseUrl() }));
    },
    async followUp(conversationId, text) {
      const [, channel, threadTs] = /^slack:([^:]+):(.+)$/.exec(conversationId) ?? [];
      assert.ok(channel && threadTs, `a Slack thread conversation, not ${conversationId}`);
      fake.sendEnvelope('events_api', eventCallback(messageEvent({ text, ts: nextTs(), threadTs, channel })));
    },
    posts,
    checkLimits(payloads) {
      for (const p of payloads) checkMessage(p.raw as SlackRaw);
    },
    assertCannotPing(payloads) {
      for (const p of payloads) {
        const raw = p.raw as SlackRaw;
        for (const text of [raw.text, ...blockTexts(raw.blocks)]) assert.ok(!PING.test(text), `Slack would notify for ${JSON.stringify(text.slice(0, 200))}`);
        for (const params of raw.params) assert.ok(![true, 'true', 1, '1'].includes(params.link_names as never), 'link_names is off');
      }
    },
    pingingPayload: { text: 'x', raw: { text: 'hi <!channel>', blocks: [], params: [] } satisfies SlackRaw, private: false },
    async close() {
      await platform.stop();
      await fake.close();
    },
  };
}));
