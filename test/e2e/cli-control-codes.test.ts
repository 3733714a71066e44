// Document titles and file names cannot drive the operator's terminal through
// the CLI's plain-text output (sources, topics, check). Real processes.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runCli, seedsCopy } from '../helpers/process.ts';

const ESC = '\u001b';
const HOSTILE = `${ESC}]0;pwned\u0007${ESC}[2J${ESC}[31m`;

function hostileSeeds(): string {
  const seeds = seedsCopy();
  writeFileSync(path.join(seeds, 'evil.md'), `---\ntitle: "Russia talks ${HOSTILE}resume"\ntopics: [us-russia]\n---\nThe Kremlin and Washington talk about Russia again.\n`);
  writeFileSync(path.join(seeds, `name${ESC}[31mred.txt`), 'Another document about the Kremlin and Russia.\n');
  writeFileSync(path.join(seeds, `bin${ESC}[2J.txt`), Buffer.from([0x41, 0, 0x42]));
  return seeds;
}

describe('CLI output of document text', () => {
  it('sources, topics and check print no control characters', async () => {
    const seeds = hostileSeeds();
    for (const args of [['sources'], ['sources', 'us-russia'], ['topics'], ['check']]) {
      const r = await runCli([...args, '--seeds', seeds]);
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stdout, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/, `${args.join(' ')}: ${JSON.stringify(r.stdout)}`);
    }
    const sources = await runCli(['sources', '--seeds', seeds]);
    assert.match(sources.stdout, /Russia talks \]0;pwned\[2J\[31mresume/);
  });
});
