// Scanning words is linear, bounded and recursion-free on any input, and still
// finds exactly the words the old pattern found.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { processTerm, terms, words } from '../../src/retrieval/terms.ts';
import { MAX_WORD_LENGTH, scanWords } from '../../src/retrieval/word-scan.ts';
import { runCli, seedsCopy } from '../helpers/process.ts';

// The pattern words() used before; kept here as the reference for what a word is.
const WORD = /[\p{L}\p{N}]+(?:[.'’][\p{L}\p{N}]+)*\.?/gu;

function scan(text: string): string[] {
  const out: string[] = [];
  scanWords(text, (w) => out.push(w));
  return out;
}

describe('scanWords', () => {
  it('finds what the reference pattern finds, on random text of tricky characters', () => {
    const alphabet = ['a', 'B', '1', '.', "'", '’', ' ', '-', 'é', '𝐀', '\u0301', '“', ',', 'ß', '٣', '中'];
    let seed = 12;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let k = 0; k < 20_000; k++) {
      let s = '';
      for (let i = Math.floor(random() * 16); i > 0; i--) s += alphabet[Math.floor(random() * alphabet.length)];
      assert.deepEqual(scan(s), [...s.matchAll(WORD)].map((m) => m[0]), JSON.stringify(s));
    }
    assert.deepEqual(scan("U.S. talks, Peskov's 2.5% o’clock e.g."), ['U.S.', 'talks', "Peskov's", '2.5', 'o’clock', 'e.g.']);
  });

  it('drops tokens longer than the bound and keeps the words around them', () => {
    const long = 'x'.repeat(MAX_WORD_LENGTH + 1);
    assert.deepEqual(scan(`before ${long} after`), ['before', 'after']);
    assert.deepEqual(scan('y'.repeat(MAX_WORD_LENGTH)), ['y'.repeat(MAX_WORD_LENGTH)]);
    assert.equal(processTerm(long), null);
  });

  it('takes a 4.9 MB single "word" in linear time without overflowing the stack', () => {
    for (const text of ['russia.kremlin'.repeat(350_000), 'a'.repeat(4_900_000), "a'b".repeat(1_600_000)]) {
      const started = performance.now();
      assert.deepEqual(words(text), []);
      assert.deepEqual(terms(`Russia ${text} Kremlin`), ['russia', 'kremlin']);
      assert.ok(performance.now() - started < 5000);
    }
  });

  it('/topics and /brief still work with a 4.9 MB one-word file in the seeds (real process)', async () => {
    const seeds = seedsCopy();
    writeFileSync(path.join(seeds, 'big.txt'), `${'russia.kremlin'.repeat(350_000)}\n`);
    const topics = await runCli(['topics', '--json', '--seeds', seeds], { timeoutMs: 60_000 });
    assert.equal(topics.code, 0, topics.stderr);
    assert.ok(JSON.parse(topics.stdout).some((t: { slug: string }) => t.slug === 'us-russia'));
    const brief = await runCli(['brief', 'us-russia', '--json', '--seeds', seeds], { timeoutMs: 60_000 });
    assert.equal(brief.code, 0, brief.stderr);
    assert.ok(JSON.parse(brief.stdout).bullets.length > 0);
  });
});
