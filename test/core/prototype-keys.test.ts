// Words that name Object.prototype members ("constructor", "toString", "__proto__", …) are
// ordinary words wherever text is looked up in a dictionary: documents, entities, front matter,
// file names, schedules and URLs.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/config/load.ts';
import { PLATFORMS } from '../../src/platforms/registry.ts';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { createCorpus } from '../../src/corpus/corpus.ts';
import { decodeEntities } from '../../src/corpus/character-references.ts';
import { parseSimpleYaml, splitFrontMatter } from '../../src/corpus/front-matter.ts';
import { formatOf } from '../../src/corpus/corpus-scan.ts';
import { createPassageIndex, tokenTerms } from '../../src/retrieval/passage-index.ts';
import { processTerm, terms, words } from '../../src/retrieval/terms.ts';
import { parseSchedule } from '../../src/scheduler/schedule-parse.ts';
import { makeDocument, makeSnapshot } from '../helpers/documents.ts';

const PROTO_WORDS = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__proto__', '__defineGetter__', 'toLocaleString', 'propertyIsEnumerable'];

describe('Object.prototype member names as data', () => {
  it('terms, words and processTerm return strings for every prototype member name', () => {
    for (const word of PROTO_WORDS) {
      for (const w of [word, word.toLowerCase(), `${word}.`]) {
        assert.ok(words(w).every((x) => typeof x === 'string'), w);
        assert.ok(terms(w).every((x) => typeof x === 'string'), w);
        const p = processTerm(w);
        assert.ok(p === null || typeof p === 'string', w);
        assert.ok(tokenTerms(`The ${w} said`).every((x) => typeof x === 'string'), w);
      }
    }
    assert.ok(words('The constructor of the pipeline').includes('constructor'));
  });

  it('the index takes a document that says "constructor" and finds it by that word', () => {
    const doc = makeDocument({ title: 'T', paragraphs: ['The constructor of the pipeline said Russia expects contracts.'] });
    const index = createPassageIndex(makeSnapshot([doc]));
    assert.equal(index.search('constructor')[0]?.passage.docId, doc.id);
  });

  it('HTML references named like prototype members are left as text', () => {
    for (const word of PROTO_WORDS) assert.equal(decodeEntities(`a &${word}; b`), `a &${word}; b`);
    assert.equal(decodeEntities('&amp; &eacute;'), '& é');
  });

  it('front matter keys named __proto__ or constructor are data, not the prototype', () => {
    const r = splitFrontMatter('---\n__proto__:\n  - polluted\nconstructor: x\ntitle: Real title\n---\nBody\n');
    assert.equal(r.kind, 'ok');
    if (r.kind === 'ok') assert.equal(r.data.title, 'Real title');
    const raw = parseSimpleYaml('__proto__:\n  - polluted\nconstructor: x');
    assert.ok(raw && Object.hasOwn(raw, '__proto__'));
    assert.deepEqual(raw?.['__proto__'], ['polluted']);
    assert.equal(Object.getPrototypeOf(raw), Object.prototype);
    assert.equal(raw?.constructor, 'x');
  });

  it('a config file key named __proto__ is reported as unknown, not merged into the prototype', () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefbot-proto-config-'));
    const file = join(dir, 'c.yaml');
    writeFileSync(file, '__proto__:\n  log:\n    level: silent\n');
    const result = loadConfig({ platforms: PLATFORMS, env: { BRIEFBOT_CONFIG: file } });
    rmSync(dir, { recursive: true, force: true });
    assert.equal(result.ok, false);
    if (!result.ok) assert.deepEqual(result.issues, ['(top level): unknown setting(s) "__proto__"']);
  });

  it('a file named like a prototype member has no format', () => {
    for (const word of PROTO_WORDS) assert.equal(formatOf(`x.${word}`), null);
    assert.equal(formatOf('x.constructor'), null);
  });

  it('schedules naming prototype members are refused as schedules, not crashes', () => {
    for (const input of ['constructor', '__proto__', 'weekly on constructor', 'weekly on __proto__', 'weekly on tostring at 9']) {
      assert.throws(() => parseSchedule(input), (e: Error & { code?: string }) => e.code === 'invalid_schedule', input);
    }
  });

  it('a "constructor" file added while watching does not stop the index from taking later changes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'briefbot-proto-'));
    writeFileSync(join(root, 'one.txt'), 'First document about the talks in Riyadh.\n');
    const logger = createMemoryLogger();
    const corpus = await createCorpus({ dirs: [root], maxFileBytes: 100_000, watch: true, logger, debounceMs: 50, cwd: root });
    try {
      const index = createPassageIndex(corpus.current());
      const errors: unknown[] = [];
      corpus.onChange((s) => { try { index.update(s); } catch (e) { errors.push(e); } });
      writeFileSync(join(root, 'c.txt'), 'T\n\nThe constructor of the pipeline said Russia expects contracts.\n');
      await waitFor(() => index.search('pipeline').length > 0);
      writeFileSync(join(root, 'later.txt'), 'A later document about hurricanes in Florida.\n');
      await waitFor(() => index.search('hurricanes').length > 0);
      assert.deepEqual(errors, []);
    } finally {
      await corpus.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(25);
  }
}
