// What a first-time reader of the repository finds: docs/ is for users (every page there is
// reachable from the README), and no committed file names a path on someone's machine.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../src/config/load.ts';

/** Committed files, or null outside a git checkout (an exported tarball). */
function committedFiles(): string[] | null {
  const r = spawnSync('git', ['ls-files', '-z'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (r.status !== 0) return null;
  return r.stdout.split('\0').filter(Boolean);
}

// Built from parts so this file does not match itself.
const MACHINE_PATH = new RegExp(`(?:^|[\\s'"\`(=])/(?:${['work', 'root', 'home/[a-z_][\\w-]*'].join('|')})/`, 'm');

describe('repository hygiene', () => {
  it('docs/ holds only user documentation linked from the README', () => {
    const docs = path.join(PROJECT_ROOT, 'docs');
    if (!existsSync(docs)) return;
    const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const pages = (readdirSync(docs, { recursive: true }) as string[]).filter((f) => /\.md$/i.test(f));
    for (const page of pages) {
      const link = `docs/${page.split(path.sep).join('/')}`;
      assert.ok(readme.includes(`(${link})`), `${link} is not linked from README.md: docs/ is for users`);
    }
  });

  it('no committed file names a path on a developer machine', (t) => {
    const files = committedFiles();
    if (!files) {
      t.skip('not a git checkout');
      return;
    }
    const offenders: string[] = [];
    for (const file of files) {
      const full = path.join(PROJECT_ROOT, file);
      if (!existsSync(full)) continue;
      const text = readFileSync(full, 'utf8');
      if (text.includes('\0')) continue;
      const line = text.split('\n').findIndex((l) => MACHINE_PATH.test(l));
      if (line !== -1) offenders.push(`${file}:${line + 1}`);
    }
    assert.deepEqual(offenders, []);
  });
});
