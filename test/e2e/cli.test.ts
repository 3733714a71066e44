// The CLI contract, as scripts use it: real processes, exit codes, one JSON document on stdout.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { cleanEnv, runCli, seedsCopy, tempDir } from '../helpers/process.ts';

const CITATION_KEYS = ['docId', 'passageId', 'path', 'title'];

describe('briefbot CLI', () => {
  it('brief --json prints exactly one brief document with the contract shape', async () => {
    const seeds = seedsCopy();
    const r = await runCli(['brief', 'us-russia', '--json', '--length', 'short', '--seeds', seeds]);
    assert.equal(r.code, 0, r.stderr);
    const brief = JSON.parse(r.stdout);
    for (const key of ['query', 'topic', 'headline', 'bullets', 'quotes', 'entities', 'sources', 'engine', 'notes']) assert.ok(key in brief, key);
    assert.deepEqual(brief.topic, { slug: 'us-russia', title: 'US–Russia relations' });
    assert.equal(brief.engine, 'offline');
    assert.ok(brief.bullets.length >= 1 && brief.bullets.length <= 3);
    for (const b of brief.bullets) {
      assert.ok(b.citations.length >= 1);
      assert.deepEqual(Object.keys(b.citations[0]).sort(), CITATION_KEYS);
    }
    const speakers = brief.quotes.map((q: { speaker: string; role: string }) => `${q.speaker} / ${q.role}`);
    assert.ok(speakers.includes('Dmitry Peskov / Kremlin spokesman'), speakers.join('; '));
    assert.deepEqual(Object.keys(brief.entities).sort(), ['organizations', 'people', 'places']);
    assert.deepEqual(Object.keys(brief.sources[0]).sort(), ['date', 'docId', 'path', 'title']);
  });

  it('ask --json answers with citations, and says found:false when the documents do not cover it', async () => {
    const seeds = seedsCopy();
    const yes = await runCli(['ask', 'What did Peskov say?', '--json', '--seeds', seeds]);
    assert.equal(yes.code, 0, yes.stderr);
    const a = JSON.parse(yes.stdout);
    assert.deepEqual(Object.keys(a).sort(), ['answer', 'citations', 'engine', 'found', 'notes', 'question']);
    assert.equal(a.found, true);
    assert.match(a.answer, /Peskov/);
    const no = await runCli(['ask', 'What is the population of Brazil?', '--json', '--seeds', seeds]);
    const b = JSON.parse(no.stdout);
    assert.equal(b.found, false);
    assert.deepEqual(b.citations, []);
  });

  it('exits 2 with a message on stderr for an unknown topic and for usage errors', async () => {
    const seeds = seedsCopy();
    const typo = await runCli(['brief', 'us-rusia', '--json', '--seeds', seeds]);
    assert.equal(typo.code, 2);
    assert.equal(typo.stdout, '');
    assert.match(typo.stderr, /Did you mean us-russia\?/);
    const none = await runCli(['brief', 'quantum chromodynamics', '--seeds', seeds]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /No documents match "quantum chromodynamics"/);
    const usage = await runCli(['brief']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /Usage: briefbot/);
    assert.equal((await runCli(['frobnicate'])).code, 2);
    assert.equal((await runCli(['brief', 'us-russia', '--length', 'huge', '--seeds', seeds])).code, 2);
  });

  it('topics and sources list as JSON', async () => {
    const seeds = seedsCopy();
    const topics = JSON.parse((await runCli(['topics', '--json', '--seeds', seeds])).stdout);
    assert.deepEqual(topics.map((t: { slug: string; documentCount: number }) => [t.slug, t.documentCount]), [['us-russia', 1]]);
    const sources = JSON.parse((await runCli(['sources', 'us-russia', '--json', '--seeds', seeds])).stdout);
    assert.equal(sources.length, 1);
    assert.match(sources[0].path, /000_39e2b3da8f387030\.txt$/);
  });

  it('check lists documents, passages, quotes, topics and a warning per bad file', async () => {
    const seeds = seedsCopy();
    writeFileSync(path.join(seeds, 'empty.txt'), '');
    writeFileSync(path.join(seeds, 'binary.txt'), Buffer.from([0, 1, 2, 3, 0, 255, 0]));
    const r = await runCli(['check', '--seeds', seeds]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Documents: 1\n/);
    assert.match(r.stdout, /Passages: \d+/);
    assert.match(r.stdout, /Quotes: \d+ \(\d+ attributed\)/);
    assert.match(r.stdout, /us-russia — US–Russia relations: 1 document\n/);
    assert.match(r.stdout, /Warnings: 2/);
    assert.match(r.stdout, /empty\.txt: .*empty/i);
    assert.match(r.stdout, /binary\.txt: .*binary/i);
  });

  it('an invalid config exits non-zero listing every problem by dotted path', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'engine:\n  openai:\n    temperature: 5\nlimits:\n  conversationTurns: -1\ntopics:\n  - slug: Bad Slug\n    title: x\n    keywords: [a]\nnonsense: true\n');
    const r = await runCli(['check'], { env: cleanEnv({ BRIEFBOT_CONFIG: file, PORT: 'eighty' }) });
    assert.equal(r.code, 1);
    for (const expected of ['engine.openai.temperature', 'limits.conversationTurns', 'topics.0.slug', '"nonsense"', 'http.port (from PORT)']) {
      assert.ok(r.stderr.includes(expected), `${expected} missing from:\n${r.stderr}`);
    }
  });

  it('never prints a secret from the environment', async () => {
    const seeds = seedsCopy();
    const secret = 'sk-test-SECRETSECRETSECRET123456';
    const r = await runCli(['check', '--seeds', seeds], { env: cleanEnv({ OPENAI_API_KEY: secret, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', LOG_LEVEL: 'debug' }) });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret));
    assert.match(r.stdout, /Engine: openai/);
  });
});
