// Parsing a seed stays linear in its size. A file of many short
// lines took minutes (an end-anchored regex re-read the growing paragraph on every line).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseDocument } from '../../src/corpus/parse.ts';
import { runCli, seedsCopy } from '../helpers/process.ts';

const rep = (unit: string, bytes: number) => unit.repeat(Math.floor(bytes / unit.length));

// Each took seconds at 200 KB (and hours at 5 MB) before: an unclosed opener made the regex
// engine rescan the rest of the text from every opener.
const HOSTILE: Array<[string, 'html' | 'md', (bytes: number) => string]> = [
  ['"<a " (tags)', 'html', (n) => rep('<a ', n)],
  ['"<a \"" (quoted attributes)', 'html', (n) => `${rep('<a "', n)}>`],
  ['"<!" (declarations)', 'html', (n) => rep('<!', n)],
  ['"<?" (processing instructions)', 'html', (n) => rep('<?', n)],
  ['"<script" (invisible elements)', 'html', (n) => rep('<script', n)],
  ['"<head" (head)', 'html', (n) => rep('<head', n)],
  ['"<title>" (title)', 'html', (n) => rep('<title>', n)],
  ['"[" (links)', 'md', (n) => rep('[', n)],
  ['"[a](" (links)', 'md', (n) => rep('[a](', n)],
  ['"![" (images)', 'md', (n) => rep('![', n)],
  ['"<a " (inline html)', 'md', (n) => rep('<a ', n)],
  ['"<http://" (autolinks)', 'md', (n) => rep('<http://', n)],
  ['"<!--" (comments)', 'md', (n) => rep('<!--', n)],
  ['"#" + spaces (headings)', 'md', (n) => `# ${' '.repeat(n)}x`],
];

function timed(text: string, format: 'txt' | 'md' | 'html'): number {
  const started = performance.now();
  parseDocument({ text, path: `x.${format}`, format });
  return performance.now() - started;
}

describe('parsing hostile seeds in linear time', () => {
  it('plain text of 300,000 one-word lines', () => {
    // Before the fix: ~33 s for 90,000 lines; after: well under a second for 300,000.
    const ms = timed('a\n'.repeat(300_000), 'txt');
    assert.ok(ms < 10_000, `${Math.round(ms)} ms`);
  });

  for (const [name, format, make] of HOSTILE) {
    it(`${format}: 400 KB of ${name}`, () => {
      const ms = timed(make(400_000), format);
      assert.ok(ms < 3_000, `${Math.round(ms)} ms`);
    });
  }

  it('check reads 4.9 MB hostile HTML and Markdown files within a minute (real process)', async () => {
    const seeds = seedsCopy();
    writeFileSync(path.join(seeds, 'tags.html'), rep('<a ', 4_900_000));
    writeFileSync(path.join(seeds, 'links.md'), rep('[a](', 4_900_000));
    writeFileSync(path.join(seeds, 'images.md'), rep('![', 4_900_000));
    const r = await runCli(['check', '--seeds', seeds], { timeoutMs: 60_000 });
    assert.equal(r.code, 0, r.stderr);
  });
});
