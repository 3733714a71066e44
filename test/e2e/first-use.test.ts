// What a first-time user hits with the CLI, as real processes: one-shot output, exit codes and
// the words of usage errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanEnv, runCli, seedsCopy } from '../helpers/process.ts';

describe('first use: one-shot verbs', () => {
  it('a one-shot brief does not invite a follow-up it cannot take', async () => {
    const r = await runCli(['brief', 'us-russia', '--seeds', seedsCopy()]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Sources/);
    assert.doesNotMatch(r.stdout, /follow up/i);
  });

  it('topics says "1 document", not "1 documents"', async () => {
    const r = await runCli(['topics', '--seeds', seedsCopy()]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'us-russia\tUS–Russia relations\t1 document\n');
  });
});

describe('first use: the console as a script', () => {
  it('answers a piped script of more lines than the chat rate limit allows a minute', async () => {
    const lines = Array.from({ length: 25 }, () => '/topics');
    const r = await runCli(['start'], { env: cleanEnv({ BRIEFBOT_SEEDS: seedsCopy() }), input: `${lines.join('\n')}\n` });
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /faster than I can brief/);
    assert.equal(r.stdout.match(/Brief one with/g)?.length, 25);
  });
});
