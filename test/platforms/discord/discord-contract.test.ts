// The platform contract for Discord: the real discord.js client against the fake Discord (with
// the Message Content intent, so plain thread replies reach the bot), on the real core. What the
// platform posted is read back from the fake's REST log: channel messages, interaction edits and
// follow-ups, message callbacks (progress edits of a placeholder are not posts).
import assert from 'node:assert/strict';
import { createDiscordPlatform } from '../../../src/platforms/discord/discord-platform.ts';
import { startFakeDiscord, type RecordedRequest } from '../../fakes/discord/fake-discord.ts';
import { onDefaultCore, platformContract, type PostedPayload } from '../../contract/platform-contract.ts';

// Discord's documented limits (Message and Embed resources).
const LIMITS = { content: 2000, embeds: 10, title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, author: 256, embedTotal: 6000 };
const EPHEMERAL = 1 << 6;

interface Embed {
  title?: string;
  description?: string;
  fields?: Array<{ name: string; value: string }>;
  footer?: { text: string };
  author?: { name: string };
}

interface MessageBody {
  content?: string;
  embeds?: Embed[];
  flags?: number;
  allowed_mentions?: { parse?: unknown[]; users?: unknown[]; roles?: unknown[]; replied_user?: boolean };
}

/** The message part of a request body (interaction callbacks wrap it in `data`). */
function messageOf(r: RecordedRequest): MessageBody {
  return (r.path.startsWith('/interactions/') ? r.body?.data : r.body) ?? {};
}

function embedTexts(embed: Embed): string[] {
  return [embed.author?.name, embed.title, embed.description, ...(embed.fields ?? []).flatMap((f) => [f.name, f.value]), embed.footer?.text].filter((t): t is string => Boolean(t));
}

function checkMessage(m: MessageBody): void {
  assert.ok((m.content ?? '').length <= LIMITS.content, `content of ${(m.content ?? '').length} characters`);
  const embeds = m.embeds ?? [];
  assert.ok(embeds.length <= LIMITS.embeds, `${embeds.length} embeds`);
  let total = 0;
  for (const e of embeds) {
    assert.ok((e.title ?? '').length <= LIMITS.title, 'embed title');
    assert.ok((e.description ?? '').length <= LIMITS.description, `an embed description of ${(e.description ?? '').length} characters`);
    assert.ok((e.fields ?? []).length <= LIMITS.fields, 'embed fields');
    for (const f of e.fields ?? []) assert.ok(f.name.length <= LIMITS.fieldName && f.value.length <= LIMITS.fieldValue, 'embed field');
    assert.ok((e.footer?.text ?? '').length <= LIMITS.footer, 'embed footer');
    assert.ok((e.author?.name ?? '').length <= LIMITS.author, 'embed author');
    total += embedTexts(e).reduce((n, t) => n + t.length, 0);
  }
  assert.ok(total <= LIMITS.embedTotal, `${total} embed characters in one message`);
}

/** A placeholder's progress text, replaced by the reply: not a post of its own. */
const isProgressEdit = (r: RecordedRequest) => r.method === 'PATCH' && r.path.endsWith('/messages/@original') && /^⏳/.test(messageOf(r).content ?? '') && !messageOf(r).embeds?.length;

platformContract('discord', onDefaultCore(async (core) => {
  const fake = await startFakeDiscord();
  const platform = createDiscordPlatform({
    token: fake.token,
    apiUrl: fake.apiUrl,
    logger: core.logger.child({ platform: 'discord' }),
    messageContent: true,
    firstSeen: core.context().firstSeen,
    progressIntervalMs: 50,
    stopTimeoutMs: 5000,
  });
  await platform.start(core.sink);
  const { world } = fake;

  return {
    platform,
    digestConversation: `discord:${world.channels.general}`,
    privateReplies: true,
    strangerConversation: `discord:${world.channels.existingThread}`,
    async brief(query, options = {}) {
      fake.sendCommand({ name: 'brief', options: { topic: query, ...(options.length ? { length: options.length } : {}) } });
    },
    // A command registered earlier (a stale registration) still reaches the bot.
    async unknownCommand(name) {
      fake.sendCommand({ name });
    },
    async followUp(conversationId, text) {
      const [, channelId] = /^discord:(\d+)$/.exec(conversationId) ?? [];
      assert.ok(channelId, `a Discord channel or thread conversation, not ${conversationId}`);
      fake.sendMessage({ channelId, content: text });
    },
    posts: () => fake.messageBodies().filter((r) => !isProgressEdit(r)).map((r): PostedPayload => {
      const m = messageOf(r);
      return { text: [m.content ?? '', ...(m.embeds ?? []).flatMap(embedTexts)].join('\n'), raw: r, private: ((m.flags ?? 0) & EPHEMERAL) !== 0 };
    }),
    checkLimits(payloads) {
      for (const p of payloads) checkMessage(messageOf(p.raw as RecordedRequest));
    },
    assertCannotPing(payloads) {
      for (const p of payloads) {
        const r = p.raw as RecordedRequest;
        const mentions = messageOf(r).allowed_mentions;
        assert.deepEqual(mentions?.parse, [], `${r.method} ${r.path}: allowed_mentions.parse must be []`);
        assert.ok(!mentions?.users?.length && !mentions?.roles?.length, `${r.method} ${r.path}: no users or roles allowed`);
        assert.notEqual(mentions?.replied_user, true, `${r.method} ${r.path}: the replied-to user is not pinged`);
      }
    },
    pingingPayload: {
      text: '@everyone',
      raw: { seq: 0, method: 'POST', path: `/channels/${world.channels.general}/messages`, query: {}, body: { content: '@everyone' }, authorized: true, status: 200, at: 0 } satisfies RecordedRequest,
      private: false,
    },
    async close() {
      await platform.stop();
      await fake.close();
    },
  };
}));
