import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserFacingError } from '../../src/core/errors.ts';
import { coerceOptions, parseCommandText, tokenize, usage } from '../../src/core/text-args.ts';
import type { CommandDefinition } from '../../commands/command-types.ts';

const brief: CommandDefinition = {
  name: 'brief', description: 'Brief', example: 'brief us-russia',
  options: [
    { name: 'topic', description: 'topic or words', type: 'string', required: true, rest: true },
    { name: 'length', description: 'length', type: 'choice', choices: ['short', 'standard', 'detailed'] },
  ],
  run: async () => ({ kind: 'text', text: '' }),
};
const digest: CommandDefinition = {
  name: 'digest', description: 'Digests', example: 'digest subscribe us-russia daily at 08:00',
  options: [],
  subcommands: [
    { name: 'subscribe', description: 's', options: [{ name: 'topic', description: 't', type: 'string', required: true }, { name: 'when', description: 'w', type: 'string', rest: true }] },
    { name: 'list', description: 'l', options: [] },
    { name: 'unsubscribe', description: 'u', options: [{ name: 'id', description: 'id', type: 'string', required: true }] },
  ],
  run: async () => ({ kind: 'text', text: '' }),
};
const counter: CommandDefinition = {
  name: 'count', description: 'c', example: 'count 3', options: [{ name: 'n', description: 'n', type: 'integer', required: true }, { name: 'loud', description: 'l', type: 'boolean' }],
  run: async () => ({ kind: 'text', text: '' }),
};

function userError(fn: () => unknown, pattern: RegExp) {
  assert.throws(fn, (e: unknown) => e instanceof UserFacingError && pattern.test(e.message));
}

describe('text-args', () => {
  it('tokenizes quotes of both kinds', () => {
    assert.deepEqual(tokenize('ask "what did Peskov say?" “curly one” plain').map((t) => t.value), ['ask', 'what did Peskov say?', 'curly one', 'plain']);
  });

  it('gives the rest of the line to a rest option and reads flags anywhere', () => {
    assert.deepEqual(parseCommandText(brief, 'nord stream pipeline --length short').options, { topic: 'nord stream pipeline', length: 'short' });
    assert.deepEqual(parseCommandText(brief, '--length=detailed us-russia').options, { topic: 'us-russia', length: 'detailed' });
    assert.deepEqual(parseCommandText(brief, 'us-russia length:SHORT').options, { topic: 'us-russia', length: 'short' });
  });

  it('explains a missing argument with usage and an example', () => {
    userError(() => parseCommandText(brief, ''), /Missing topic[\s\S]*Usage: `\/brief <topic…>[\s\S]*Example: `\/brief us-russia`/);
  });

  it('rejects an invalid choice naming the allowed values', () => {
    userError(() => parseCommandText(brief, 'us-russia --length huge'), /must be one of short, standard, detailed, not "huge"/);
  });

  it('rejects unknown flags', () => {
    userError(() => parseCommandText(brief, 'us-russia --colour red'), /Unknown option `--colour`/);
  });

  it('parses subcommands and their options', () => {
    assert.deepEqual(parseCommandText(digest, 'subscribe us-russia daily at 08:00 Europe/Berlin'), {
      subcommand: 'subscribe', options: { topic: 'us-russia', when: 'daily at 08:00 Europe/Berlin' },
    });
    assert.deepEqual(parseCommandText(digest, 'list'), { subcommand: 'list', options: {} });
    userError(() => parseCommandText(digest, 'frobnicate'), /Unknown subcommand "frobnicate"[\s\S]*subscribe, list, unsubscribe/);
    userError(() => parseCommandText(digest, 'unsubscribe'), /Missing id/);
  });

  it('coerces integers and booleans and reports bad ones', () => {
    assert.deepEqual(parseCommandText(counter, '3 --loud').options, { n: 3, loud: true });
    userError(() => parseCommandText(counter, 'three'), /whole number/);
    userError(() => parseCommandText(counter, '3 4'), /Unexpected `4`/);
    assert.deepEqual(coerceOptions(counter, { n: 5, loud: false }), { n: 5, loud: false });
  });

  it('prints usage lines', () => {
    assert.equal(usage(brief), '/brief <topic…> [--length short|standard|detailed]');
    assert.equal(usage(digest), '/digest <subscribe|list|unsubscribe>');
  });
});
