import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Corpus, CorpusSnapshot } from '../../src/corpus/corpus-types.ts';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { createCorpus } from '../../src/corpus/corpus.ts';
import { createStaticCorpus } from '../../src/corpus/corpus-snapshot.ts';
import { parseDocument } from '../../src/corpus/parse.ts';

/** Polls until `check` passes or the deadline expires (then fails with the last error). */
async function eventually(check: () => void, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(25);
    }
  }
}

const titles = (corpus: Corpus) => corpus.current().documents.map((d) => d.title).sort();

describe('createCorpus (watching)', () => {
  let root: string;
  let corpus: Corpus | null = null;
  const roots: string[] = [];

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'briefbot-corpus-watch-'));
    roots.push(root);
    writeFileSync(join(root, 'one.txt'), 'First document about the talks in Riyadh.\n');
  });

  afterEach(async () => {
    await corpus?.close();
    corpus = null;
  });

  after(() => {
    for (const dir of roots) rmSync(dir, { recursive: true, force: true });
  });

  it('loads at start and reflects added, changed and removed files', async () => {
    const logger = createMemoryLogger();
    corpus = await createCorpus({ dirs: [root], maxFileBytes: 10_000, watch: true, logger, debounceMs: 50, cwd: root });
    const first = corpus.current();
    assert.equal(first.version, 1);
    assert.deepEqual(titles(corpus), ['First document about the talks in Riyadh']);
    const seen: CorpusSnapshot[] = [];
    corpus.onChange((s) => seen.push(s));

    writeFileSync(join(root, 'two.md'), '# Second\n\nAnother document.\n');
    await eventually(() => assert.deepEqual(titles(corpus!), ['First document about the talks in Riyadh', 'Second']));
    assert.ok(corpus.current().version > first.version);
    assert.equal(seen.at(-1), corpus.current());
    // The old snapshot is untouched: readers holding it never see half an update.
    assert.equal(first.documents.length, 1);

    const before = corpus.current().documents.find((d) => d.title === 'Second')!;
    writeFileSync(join(root, 'two.md'), '# Second, revised\n\nChanged text.\n');
    await eventually(() => assert.ok(titles(corpus!).includes('Second, revised')));
    const snapshot = corpus.current();
    assert.equal(snapshot.getDocument(before.id), undefined);
    assert.equal(snapshot.getPassage(`${before.id}.0`), undefined);
    const revised = snapshot.documents.find((d) => d.title === 'Second, revised')!;
    assert.equal(snapshot.getPassage(`${revised.id}.0`)?.text, 'Changed text.');

    rmSync(join(root, 'one.txt'));
    await eventually(() => assert.deepEqual(titles(corpus!), ['Second, revised']));
  });

  it('picks up new folders, renames and folder removal', async () => {
    corpus = await createCorpus({ dirs: [root], maxFileBytes: 10_000, watch: true, logger: createMemoryLogger(), debounceMs: 50, cwd: root });
    mkdirSync(join(root, 'sub', 'deeper'), { recursive: true });
    writeFileSync(join(root, 'sub', 'deeper', 'nested.txt'), 'A nested document arrives.\n');
    await eventually(() => assert.ok(corpus!.current().documents.some((d) => d.path === join('sub', 'deeper', 'nested.txt'))));

    renameSync(join(root, 'sub', 'deeper', 'nested.txt'), join(root, 'sub', 'renamed.txt'));
    await eventually(() => assert.deepEqual(corpus!.current().documents.map((d) => d.path).sort(), ['one.txt', join('sub', 'renamed.txt')]));

    rmSync(join(root, 'sub'), { recursive: true });
    await eventually(() => assert.deepEqual(corpus!.current().documents.map((d) => d.path), ['one.txt']));
  });

  it('reports bad files and duplicates as warnings while watching, and recovers when fixed', async () => {
    const logger = createMemoryLogger();
    corpus = await createCorpus({ dirs: [root], maxFileBytes: 10_000, watch: true, logger, debounceMs: 50, cwd: root });
    const version = corpus.current().version;

    writeFileSync(join(root, 'bad.txt'), Buffer.from([0x41, 0x00, 0x42]));
    await eventually(() => assert.ok(corpus!.warnings().some((w) => w.path === 'bad.txt' && /binary/.test(w.reason))));
    assert.equal(corpus.current().version, version, 'a bad file must not change the documents');
    assert.equal(logger.lines.filter((l) => l.level === 'warn' && l.path === 'bad.txt').length, 1);

    writeFileSync(join(root, 'bad.txt'), 'Now it is a fine document.\n');
    await eventually(() => assert.ok(corpus!.current().documents.some((d) => d.path === 'bad.txt')));
    assert.ok(!corpus.warnings().some((w) => w.path === 'bad.txt'));

    // A copy is a duplicate until the original goes; then it takes over.
    writeFileSync(join(root, 'zz-copy.txt'), 'First document about the talks in Riyadh.\n');
    await eventually(() => assert.ok(corpus!.warnings().some((w) => w.path === 'zz-copy.txt' && /duplicate content of one\.txt/.test(w.reason))));
    rmSync(join(root, 'one.txt'));
    await eventually(() => assert.ok(corpus!.current().documents.some((d) => d.path === 'zz-copy.txt')));
    assert.ok(!corpus.warnings().some((w) => w.path === 'zz-copy.txt'));
  });

  it('survives a throwing listener', async () => {
    const logger = createMemoryLogger();
    corpus = await createCorpus({ dirs: [root], maxFileBytes: 10_000, watch: true, logger, debounceMs: 50, cwd: root });
    corpus.onChange(() => {
      throw new Error('listener bug');
    });
    const calls: number[] = [];
    corpus.onChange((s) => calls.push(s.version));
    writeFileSync(join(root, 'two.txt'), 'Second document.\n');
    await eventually(() => assert.equal(calls.length, 1));
    assert.ok(logger.lines.some((l) => l.level === 'error' && l.msg === 'corpus change listener failed'));
  });

  it('watches a folder that appears after start', async () => {
    const later = join(root, 'later');
    const logger = createMemoryLogger();
    corpus = await createCorpus({ dirs: [root, later], maxFileBytes: 10_000, watch: true, logger, debounceMs: 50, cwd: root, rewatchMs: 50 });
    assert.ok(corpus.warnings().some((w) => w.path === 'later' && w.reason === 'folder not found'));
    mkdirSync(later);
    writeFileSync(join(later, 'late.txt'), 'A document in a late folder.\n');
    await eventually(() => assert.ok(corpus!.current().documents.some((d) => d.path === join('later', 'late.txt'))));
    assert.ok(!corpus.warnings().some((w) => w.path === 'later'));
  });

  it('stops watching on close, and does not watch when told not to', async () => {
    corpus = await createCorpus({ dirs: [root], maxFileBytes: 10_000, watch: false, logger: createMemoryLogger(), debounceMs: 20, cwd: root });
    writeFileSync(join(root, 'unwatched.txt'), 'Not picked up.\n');
    await sleep(200);
    assert.equal(corpus.current().documents.length, 1);
    await corpus.close();

    corpus = await createCorpus({ dirs: [root], maxFileBytes: 10_000, watch: true, logger: createMemoryLogger(), debounceMs: 20, cwd: root });
    assert.equal(corpus.current().documents.length, 2);
    await corpus.close();
    writeFileSync(join(root, 'after-close.txt'), 'Not picked up either.\n');
    await sleep(200);
    assert.equal(corpus.current().documents.length, 2);
  });
});

describe('createStaticCorpus', () => {
  it('serves a fixed snapshot with lookups by id', async () => {
    const doc = parseDocument({ text: 'One paragraph.\nAnother one.', path: 'a.txt', format: 'txt' }).document;
    const corpus = createStaticCorpus([doc]);
    const snapshot = corpus.current();
    assert.equal(snapshot.version, 1);
    assert.equal(snapshot.getDocument(doc.id), doc);
    assert.equal(snapshot.getPassage(`${doc.id}.1`)?.text, 'Another one.');
    assert.equal(snapshot.getPassage('nope.0'), undefined);
    assert.ok(Object.isFrozen(snapshot.documents));
    assert.deepEqual(corpus.warnings(), []);
    corpus.onChange(() => assert.fail('a static corpus never changes'))();
    await corpus.close();
  });
});
