import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { loadDocuments, type LoadProgress } from '../../src/corpus/load.ts';

const SEED = fileURLToPath(new URL('../../seeds/000_39e2b3da8f387030.txt', import.meta.url));
const MAX = 4096;

describe('loadDocuments', () => {
  let root: string;
  let seeds: string;
  let extra: string;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'briefbot-corpus-load-'));
    seeds = join(root, 'seeds');
    extra = join(root, 'extra');
    mkdirSync(join(seeds, 'nested', 'deeper'), { recursive: true });
    mkdirSync(join(seeds, '.git'), { recursive: true });
    mkdirSync(extra);

    // Good documents, one per format, one nested, one in a second folder.
    copyFileSync(SEED, join(seeds, 'a-seed.txt'));
    writeFileSync(join(seeds, 'notes.md'), '---\ntitle: Notes\n---\nSome notes about the talks.\n');
    writeFileSync(join(seeds, 'page.htm'), '<title>Page</title><p>A page about energy deals.</p>');
    writeFileSync(join(seeds, 'nested', 'deeper', 'deep.markdown'), '# Deep\n\nA nested document.\n');
    writeFileSync(join(extra, 'other.txt'), 'A document in a second folder.\n');
    // Ignored quietly: other extensions, hidden folders.
    writeFileSync(join(seeds, 'report.pdf'), Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2]));
    writeFileSync(join(seeds, '.git', 'HEAD.txt'), 'ref: refs/heads/main\n');
    writeFileSync(join(seeds, '.hidden.txt'), 'hidden\n');

    // Bad files, one of each kind.
    writeFileSync(join(seeds, 'binary.txt'), Buffer.from([0x48, 0x69, 0x00, 0x01, 0x02, 0xff, 0x00]));
    writeFileSync(join(seeds, 'control.txt'), Buffer.from(Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41))));
    writeFileSync(join(seeds, 'empty.txt'), '');
    writeFileSync(join(seeds, 'blank.md'), '  \n\t\n  ');
    writeFileSync(join(seeds, 'latin1.txt'), Buffer.from('Caf\xe9 au lait, served hot.\n', 'latin1'));
    writeFileSync(join(seeds, 'utf16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Hello', 'utf16le')]));
    writeFileSync(join(seeds, 'huge.txt'), 'word '.repeat(MAX));
    writeFileSync(join(seeds, 'script-only.html'), '<html><head><title>T</title></head><body><script>var a = 1;</script></body></html>');
    execFileSync('mkfifo', [join(seeds, 'pipe.txt')]);
    symlinkSync(join(seeds, 'missing-target.txt'), join(seeds, 'broken.txt'));
    symlinkSync('self-loop.txt', join(seeds, 'self-loop.txt'));
    symlinkSync('..', join(seeds, 'nested', 'back-to-nested-parent'));
    // The same file reached twice through a link is one document, silently.
    symlinkSync(join(seeds, 'notes.md'), join(seeds, 'notes-link.md'));
    // The same content in two files: the first (in walk order) wins, the second is reported.
    copyFileSync(SEED, join(seeds, 'b-copy-of-seed.txt'));
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  it('loads the good documents from several folders, recursively, in a stable order', async () => {
    const { documents } = await loadDocuments({ dirs: [seeds, extra], maxFileBytes: MAX, cwd: root });
    assert.deepEqual(documents.map((d) => d.path), [
      join('seeds', 'a-seed.txt'),
      join('seeds', 'nested', 'deeper', 'deep.markdown'),
      join('seeds', 'notes.md'),
      join('seeds', 'page.htm'),
      join('extra', 'other.txt'),
    ]);
    assert.equal(documents.find((d) => d.path.endsWith('notes.md'))!.title, 'Notes');
    assert.equal(documents.find((d) => d.path.endsWith('page.htm'))!.title, 'Page');
    assert.equal(documents.find((d) => d.path.endsWith('deep.markdown'))!.title, 'Deep');
    // None of them names a date, and a file's time (a copy's, a clone's) is not one.
    for (const d of documents) assert.equal(d.date, null, `${d.path} got a date`);
  });

  it('skips each bad file with one clear warning, logged once', async () => {
    const logger = createMemoryLogger();
    const { warnings } = await loadDocuments({ dirs: [seeds, extra, join(root, 'does-not-exist')], maxFileBytes: MAX, cwd: root, logger });
    const reason = (name: string) => {
      const found = warnings.filter((w) => w.path === join('seeds', ...name.split('/')) || w.path === name);
      assert.equal(found.length, 1, `expected one warning for ${name}, got ${JSON.stringify(found)}`);
      return found[0].reason;
    };
    assert.match(reason('binary.txt'), /binary content \(contains NUL bytes\)/);
    assert.match(reason('control.txt'), /binary content \(\d+% control characters\)/);
    assert.match(reason('empty.txt'), /^empty file$/);
    assert.match(reason('blank.md'), /^empty \(whitespace only\)$/);
    assert.match(reason('latin1.txt'), /^invalid UTF-8 \(bad byte 0xe9 at offset 3\)/);
    assert.match(reason('utf16.txt'), /UTF-16/);
    assert.match(reason('huge.txt'), /too large \(20480 bytes > maxFileBytes 4096\)/);
    assert.match(reason('script-only.html'), /no text left/);
    assert.match(reason('pipe.txt'), /not a regular file \(named pipe\)/);
    assert.match(reason('broken.txt'), /broken symlink/);
    assert.match(reason('self-loop.txt'), /symlink loop/);
    assert.match(reason('nested/back-to-nested-parent'), /symlink loop/);
    assert.match(reason('b-copy-of-seed.txt'), /duplicate content of seeds[/\\]a-seed\.txt/);
    assert.match(reason('does-not-exist'), /folder not found/);
    // Nothing else: ignored extensions, hidden files and the second path to one file are silent.
    assert.equal(warnings.length, 14, JSON.stringify(warnings, null, 1));
    const logged = logger.lines.filter((l) => l.level === 'warn');
    assert.equal(logged.length, warnings.length);
    assert.deepEqual(new Set(logged.map((l) => l.path)), new Set(warnings.map((w) => w.path)));
  });

  it('reports progress with counts and a rate, ending at the total', async () => {
    const reports: LoadProgress[] = [];
    await loadDocuments({ dirs: [extra, join(seeds, 'nested', 'deeper')], maxFileBytes: MAX, cwd: root, onProgress: (p) => reports.push(p), progressIntervalMs: 0 });
    assert.ok(reports.length >= 2);
    assert.deepEqual(reports.map((r) => r.loaded), [1, 2]);
    for (const r of reports) {
      assert.equal(r.total, 2);
      assert.ok(r.ratePerSec >= 0);
    }
  });

  it('shows paths relative to the working directory when inside it, else relative to their seeds folder', async () => {
    const { documents } = await loadDocuments({ dirs: [extra], maxFileBytes: MAX, cwd: join(root, 'seeds') });
    assert.equal(documents[0].path, join('extra', 'other.txt'));
  });

  it('hashes the exact file bytes, a byte-order mark included', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# Title\n\nBody with a BOM.\n')]);
    writeFileSync(join(extra, 'bom.md'), bytes);
    try {
      const { documents } = await loadDocuments({ dirs: [join(extra, 'bom.md')], maxFileBytes: MAX, cwd: root });
      assert.equal(documents[0].hash, createHash('sha256').update(bytes).digest('hex'));
      assert.equal(documents[0].title, 'Title');
      assert.equal(documents[0].passages[0].text, 'Body with a BOM.');
    } finally {
      rmSync(join(extra, 'bom.md'));
    }
  });

  it('accepts a single file in place of a folder', async () => {
    const { documents, warnings } = await loadDocuments({ dirs: [join(extra, 'other.txt')], maxFileBytes: MAX, cwd: root });
    assert.equal(documents.length, 1);
    assert.deepEqual(warnings, []);
  });
});

describe('loadDocuments: the bundled seeds', () => {
  it('loads the seed folder without warnings', async () => {
    const seedDir = fileURLToPath(new URL('../../seeds', import.meta.url));
    const { documents, warnings } = await loadDocuments({ dirs: [seedDir], maxFileBytes: 5 * 1024 * 1024 });
    assert.deepEqual(warnings, []);
    assert.ok(documents.length >= 1);
    const seed = documents.find((d) => d.text.includes('Dmitry Peskov'));
    assert.ok(seed);
    assert.equal(seed.hash.length, 64);
    assert.equal(readFileSync(SEED, 'utf8').length > 0, true);
  });
});
