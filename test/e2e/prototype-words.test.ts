// A seed that says "constructor" (or any other name of an
// Object.prototype member) must not stop `check`, `brief` or `start`.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { cleanEnv, runCli, seedsCopy } from '../helpers/process.ts';

function seedsWithConstructor(): string {
  const seeds = seedsCopy();
  writeFileSync(path.join(seeds, 'c.txt'), 'T\n\nThe constructor of the pipeline said Russia expects contracts. toString, hasOwnProperty and __proto__ too.\n');
  writeFileSync(path.join(seeds, 'p.html'), '<title>Proto</title><p>The Kremlin &constructor; &toString; Russia talks.</p>');
  return seeds;
}

describe('a seed holding "constructor"', () => {
  it('check exits 0 and counts the documents', async () => {
    const r = await runCli(['check', '--seeds', seedsWithConstructor()]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Documents: 3/);
  });

  it('brief constructor --json briefs it, without a stack trace', async () => {
    const r = await runCli(['brief', 'constructor', '--json', '--seeds', seedsWithConstructor()]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /TypeError|at /);
    const brief = JSON.parse(r.stdout);
    assert.ok(brief.bullets.some((b: { text: string }) => /constructor of the pipeline/.test(b.text)));
  });

  it('start runs the console and answers', async () => {
    const seeds = seedsWithConstructor();
    const r = await runCli(['start', '--seeds', seeds], { input: '/brief constructor\n/topics\n', env: cleanEnv({ BRIEFBOT_SEEDS: seeds }) });
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /startup failed|is not a function/);
    assert.match(r.stdout, /constructor of the pipeline/);
  });
});
