// Logs an operator can use and nobody can harvest: JSON lines with request and conversation ids,
// secrets scrubbed wherever they appear (messages, error messages and stacks, nested fields).
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createLogger, createMemoryLogger } from '../../src/core/logger.ts';
import { createRouter } from '../../src/core/router.ts';
import type { ChatUser } from '../../commands/command-types.ts';
import { makeBot } from '../helpers/bot.ts';
import { makeDocument } from '../helpers/documents.ts';

const TOKEN = 'xoxb-1111-2222-very-secret-token';
const KEY = 'sk-proj-another-secret-key-42';

function capture() {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return {
    destination,
    lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>),
    raw: () => chunks.join(''),
  };
}

describe('logs', () => {
  it('a token inside an error message (and its stack) is scrubbed, in root and child loggers', () => {
    const out = capture();
    const logger = createLogger({ destination: out.destination, secrets: [TOKEN, KEY], level: 'debug' });
    logger.error({ err: new Error(`Slack said invalid_auth for ${TOKEN}`) }, 'slack failed');
    logger.child({ platform: 'slack', conversationId: 'slack:C1' }).warn({ err: new Error(`401 Incorrect API key provided: ${KEY}`), detail: { header: `Bearer ${KEY}` } }, `retrying with ${KEY}`);
    logger.info(`plain message mentioning ${TOKEN}`);
    const raw = out.raw();
    assert.doesNotMatch(raw, /very-secret-token|another-secret-key/);
    const [first, second, third] = out.lines();
    assert.equal(first.err.message, 'Slack said invalid_auth for [redacted]');
    assert.match(first.err.stack, /Slack said invalid_auth for \[redacted\]/);
    assert.equal(second.platform, 'slack');
    assert.equal(second.conversationId, 'slack:C1');
    assert.equal(second.err.message, '401 Incorrect API key provided: [redacted]');
    assert.equal(second.detail.header, 'Bearer [redacted]');
    assert.equal(second.msg, 'retrying with [redacted]');
    assert.equal(third.msg, 'plain message mentioning [redacted]');
  });

  it('an error keeps its code and other fields, scrubbed', () => {
    const out = capture();
    const logger = createLogger({ destination: out.destination, secrets: [TOKEN] });
    logger.error({ err: Object.assign(new Error('store down'), { code: 'store_unavailable', detail: `url with ${TOKEN}` }) }, 'failed');
    const [line] = out.lines();
    assert.equal(line.err.code, 'store_unavailable');
    assert.equal(line.err.detail, 'url with [redacted]');
  });

  it('secret-looking keys are redacted even when their values are not known secrets', () => {
    const out = capture();
    const logger = createLogger({ destination: out.destination });
    logger.info({ token: 'abc123', options: { botToken: 'xoxb-x', apiKey: 'k', password: 'p', headers: { authorization: 'Bearer z' } } }, 'config');
    const [line] = out.lines();
    assert.equal(line.token, '[redacted]');
    assert.deepEqual(line.options, { botToken: '[redacted]', apiKey: '[redacted]', password: '[redacted]', headers: { authorization: '[redacted]' } });
  });

  it('every line about a command carries its request id, platform, conversation and user', async () => {
    const doc = makeDocument({
      title: 'Talks in Riyadh',
      paragraphs: ['The United States and Russia held talks in Riyadh on Tuesday, the Kremlin said.', 'Trump said the talks with Russia went well.'],
    });
    const bot = makeBot([doc]);
    const logger = createMemoryLogger();
    bot.services.answers.answer = async () => { throw new Error('engine exploded'); };
    const router = createRouter({ commands: bot.commands, services: bot.services, logger });
    const user: ChatUser = { id: 'slack:U42', name: 'ada', isAdmin: false };
    await router.command({ platform: 'slack', command: 'brief', text: 'topics', user, conversationId: 'slack:C7' });
    await router.command({ platform: 'slack', command: 'brief', text: 'ask what happened?', user, conversationId: 'slack:C7' });

    const handled = logger.lines.filter((l) => l.msg === 'command handled');
    assert.equal(handled.length, 2);
    for (const line of handled) {
      assert.match(String(line.requestId), /^[0-9a-f]{8}$/);
      assert.equal(line.platform, 'slack');
      assert.equal(line.conversationId, 'slack:C7');
      assert.equal(line.userId, 'slack:U42');
      assert.equal(typeof line.ms, 'number');
    }
    assert.deepEqual(handled.map((l) => [l.command, l.outcome]), [['topics', 'ok'], ['ask', 'error']]);
    assert.notEqual(handled[0].requestId, handled[1].requestId, 'one id per request');
    const failure = logger.lines.find((l) => l.msg === 'command failed');
    assert.equal(failure?.requestId, handled[1].requestId, 'the error line and the summary line share the request id');
    assert.equal(failure?.command, 'ask');
    assert.ok(failure?.incident);
  });
});
