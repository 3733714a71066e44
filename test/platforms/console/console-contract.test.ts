// The platform contract for the console: the real console platform over PassThrough streams.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { CONSOLE_CONVERSATION, createConsolePlatform } from '../../../src/platforms/console/console-platform.ts';
import { onDefaultCore, platformContract, type PlatformHarness, type PostedPayload } from '../../contract/platform-contract.ts';

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

platformContract('console', onDefaultCore(async (core) => {
  const input = new PassThrough();
  const output = new PassThrough();
  // One write is one reply (or the `[digest]` header before one).
  const writes: string[] = [];
  output.on('data', (chunk: Buffer) => writes.push(chunk.toString('utf8')));
  const platform = createConsolePlatform({ input, output, interactive: false, user: { id: 'console:local', name: 'ada', isAdmin: true } });
  await platform.start(core.sink);
  const line = async (text: string) => { input.write(`${text}\n`); };
  const thread = `${CONSOLE_CONVERSATION}:`;

  const harness: PlatformHarness = {
    platform,
    digestConversation: CONSOLE_CONVERSATION,
    // Everything is shown to the one user at the terminal.
    privateReplies: false,
    // Every line typed is addressed to the bot.
    strangerConversation: null,
    brief: (query, options = {}) => line(`/brief ${query}${options.length ? ` --length ${options.length}` : ''}`),
    unknownCommand: (name) => line(`/${name}`),
    async followUp(conversationId, text) {
      // The console has one conversation: this session's thread.
      assert.ok(conversationId.startsWith(thread), `a console follow-up goes to the session thread, not ${conversationId}`);
      await line(text);
    },
    posts: () => writes.filter((w) => w.trim() && w.trim() !== '[digest]').map((w): PostedPayload => ({ text: w, raw: w, private: false })),
    checkLimits(payloads) {
      // A terminal has no size limit; what it must not get is control characters from documents.
      for (const p of payloads) assert.ok(!CONTROL.test(String(p.raw).replace(/\n/g, '')), `control characters in ${JSON.stringify(p.raw).slice(0, 200)}`);
    },
    assertCannotPing(payloads) {
      // Nothing pings in a terminal; what could act on it is an escape sequence. Plain text only.
      for (const p of payloads) assert.ok(!/\x1b/.test(String(p.raw)), 'no terminal escapes');
    },
    pingingPayload: { text: 'x', raw: '\x1b]0;owned\x07 @everyone', private: false },
    async close() {
      input.end();
      await platform.stop();
    },
  };
  return harness;
}));
