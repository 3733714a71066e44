// Symlinks cannot carry files from outside the seeds folders (or hidden
// files inside them) into the corpus, and document paths never show a server path.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { createCorpus } from '../../src/corpus/corpus.ts';
import { loadDocuments } from '../../src/corpus/load.ts';
import { cleanEnv, runCli, tempDir } from '../helpers/process.ts';

const SEED = fileURLToPath(new URL('../../seeds/000_39e2b3da8f387030.txt', import.meta.url));
const KEY = 'sk-test-LEAKED0123456789abcdef';

describe('symlinks and the seeds boundary', () => {
  let root: string;
  let seeds: string;
  let outside: string;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'briefbot-links-'));
    seeds = join(root, 'seeds');
    outside = join(root, 'app');
    mkdirSync(join(seeds, 'inner'), { recursive: true });
    mkdirSync(join(outside, 'folder'), { recursive: true });
    copyFileSync(SEED, join(seeds, 'a-seed.txt'));
    writeFileSync(join(seeds, 'inner', 'real.md'), '# Inner\n\nA document about pipelines.\n');
    writeFileSync(join(seeds, '.secret'), `The OPENAI_API_KEY is ${KEY}.\n`);
    writeFileSync(join(seeds, 'data.json'), '{"OPENAI_API_KEY": "x"}\n');
    writeFileSync(join(outside, '.env'), `OPENAI_API_KEY=${KEY}\n`);
    writeFileSync(join(outside, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
    writeFileSync(join(outside, 'folder', 'notes.txt'), 'Notes outside the seeds.\n');
    symlinkSync(join(outside, '.env'), join(seeds, 'env.txt'));            // outside, hidden
    symlinkSync(join(outside, 'passwd'), join(seeds, 'passwd.txt'));       // outside
    symlinkSync(join(outside, 'folder'), join(seeds, 'outside-folder'));  // a whole outside folder
    symlinkSync(join(seeds, '.secret'), join(seeds, 'secret.txt'));        // inside, but hidden
    symlinkSync(join(seeds, 'data.json'), join(seeds, 'data.txt'));        // inside, not a document type
    symlinkSync(join(seeds, 'inner', 'real.md'), join(seeds, 'alias.md')); // inside: fine (same file once)
    symlinkSync(join(seeds, 'inner'), join(seeds, 'inner-link'));          // inside folder: fine
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  it('loads nothing whose real path is outside the seeds, nor hidden or non-document targets, with one warning per link', async () => {
    const logger = createMemoryLogger();
    const { documents, warnings } = await loadDocuments({ dirs: [seeds], maxFileBytes: 100_000, cwd: root, logger });
    assert.deepEqual(documents.map((d) => d.path).sort(), [join('seeds', 'a-seed.txt'), join('seeds', 'inner', 'real.md')]);
    for (const d of documents) assert.doesNotMatch(d.text, /OPENAI_API_KEY|root:x/);
    const byPath = (name: string) => warnings.filter((w) => w.path === join('seeds', name));
    for (const name of ['env.txt', 'passwd.txt', 'outside-folder']) {
      assert.equal(byPath(name).length, 1, name);
      assert.match(byPath(name)[0].reason, /outside the seeds folders/);
    }
    assert.match(byPath('secret.txt')[0].reason, /hidden/);
    assert.match(byPath('data.txt')[0].reason, /not \.txt, \.md or \.html/);
    assert.equal(warnings.length, 5, JSON.stringify(warnings));
    assert.equal(logger.lines.filter((l) => l.level === 'warn').length, 5);
  });

  it('seeds.followLinksOutside opts in to outside documents (still not hidden files or other types)', async () => {
    const { documents, warnings } = await loadDocuments({ dirs: [seeds], maxFileBytes: 100_000, cwd: root, followLinksOutside: true });
    const paths = documents.map((d) => d.path);
    assert.ok(paths.includes(join('seeds', 'outside-folder', 'notes.txt')), paths.join());
    assert.ok(!paths.includes(join('seeds', 'env.txt')));
    assert.ok(!paths.includes(join('seeds', 'passwd.txt')));
    assert.match(warnings.find((w) => w.path === join('seeds', 'env.txt'))!.reason, /hidden/);
  });

  it('a link added while watching is refused too, and warned about once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefbot-links-watch-'));
    copyFileSync(SEED, join(dir, 'a.txt'));
    const logger = createMemoryLogger();
    const corpus = await createCorpus({ dirs: [dir], maxFileBytes: 100_000, watch: true, logger, debounceMs: 30, cwd: dir });
    try {
      symlinkSync(join(outside, '.env'), join(dir, 'env.txt'));
      symlinkSync(join(outside, 'folder'), join(dir, 'linked'));
      const deadline = Date.now() + 5000;
      while (corpus.warnings().length < 2 && Date.now() < deadline) await sleep(25);
      writeFileSync(join(dir, 'b.txt'), 'Another document about the weather.\n');
      while (corpus.current().documents.length < 2 && Date.now() < deadline) await sleep(25);
      assert.equal(corpus.current().documents.length, 2);
      for (const d of corpus.current().documents) assert.doesNotMatch(d.text, /OPENAI_API_KEY|Notes outside/);
      const reasons = corpus.warnings().map((w) => `${w.path}: ${w.reason}`);
      assert.equal(reasons.length, 2, reasons.join('\n'));
      for (const r of reasons) assert.match(r, /outside the seeds folders/);
      const logged = logger.lines.filter((l) => l.level === 'warn' && /outside/.test(String(l.reason)));
      assert.equal(logged.length, 2);
    } finally {
      await corpus.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('/ask cannot read a key through a link (real process), and check lists the skipped link', async () => {
    const dir = tempDir('briefbot-links-cli-');
    const seedDir = join(dir, 'seeds');
    mkdirSync(seedDir);
    copyFileSync(SEED, join(seedDir, 'a.txt'));
    writeFileSync(join(dir, '.env'), `OPENAI_API_KEY=${KEY}\n`);
    symlinkSync(join(dir, '.env'), join(seedDir, 'env.txt'));
    const ask = await runCli(['ask', 'what is the OPENAI_API_KEY?', '--json', '--seeds', seedDir], { cwd: dir, env: cleanEnv() });
    assert.equal(ask.code, 0, ask.stderr);
    assert.doesNotMatch(ask.stdout, new RegExp(KEY));
    assert.equal(JSON.parse(ask.stdout).found, false);
    const check = await runCli(['check', '--seeds', seedDir], { cwd: dir, env: cleanEnv() });
    assert.match(check.stdout, /env\.txt.*outside the seeds folders/);
    assert.doesNotMatch(check.stdout + check.stderr, new RegExp(KEY));
  });
});

describe('document paths', () => {
  it('are shown relative to their seeds folder when the seeds are outside the working directory (real process)', async () => {
    const dir = tempDir('briefbot-paths-');
    const seedDir = join(dir, 'news', 'seeds');
    mkdirSync(join(seedDir, 'world'), { recursive: true });
    copyFileSync(SEED, join(seedDir, 'world', 'a.txt'));
    const elsewhere = tempDir('briefbot-cwd-');
    const sources = await runCli(['sources', '--json', '--seeds', seedDir], { cwd: elsewhere, env: cleanEnv() });
    assert.equal(sources.code, 0, sources.stderr);
    assert.deepEqual(JSON.parse(sources.stdout).map((s: { path: string }) => s.path), [join('seeds', 'world', 'a.txt')]);
    const brief = await runCli(['brief', 'us-russia', '--seeds', seedDir], { cwd: elsewhere, env: cleanEnv() });
    assert.equal(brief.code, 0, brief.stderr);
    assert.ok(!brief.stdout.includes(dir), brief.stdout);
    assert.match(brief.stdout, /seeds\/world\/a\.txt/);
  });
});
