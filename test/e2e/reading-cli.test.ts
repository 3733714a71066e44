// The seed checks a reader can verify, as real CLI processes: words that are in the documents
// are found (brief Trump, brief Kremlin, a one-article folder's own subject), a free-text brief
// leads with its words, the standard brief covers the article from first paragraph to last, and
// follow-up questions of each kind are answered from the seed.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runCli, seedsCopy, tempDir } from '../helpers/process.ts';

async function briefJson(args: string[]) {
  const r = await runCli(['brief', ...args, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('reading the seed (CLI)', () => {
  const seeds = seedsCopy();

  it('briefs names and words that are in the documents: Trump, Kremlin, Russia', async () => {
    for (const word of ['Trump', 'Kremlin', 'Russia']) {
      const brief = await briefJson([word, '--seeds', seeds]);
      assert.ok(brief.bullets.length > 0, word);
      assert.ok(brief.bullets.some((b: { text: string }) => b.text.includes(word)), `${word}: a bullet carries the word`);
    }
  });

  it('brief nord stream leads with the Nord Stream sentence and names it in the headline', async () => {
    const brief = await briefJson(['nord', 'stream', '--seeds', seeds]);
    const first = brief.bullets.findIndex((b: { text: string }) => /Nord Stream/.test(b.text));
    assert.ok(first >= 0 && first <= 1, brief.bullets.map((b: { text: string }) => b.text).join('\n'));
    assert.match(brief.headline, /Nord Stream/);
  });

  it('the standard us-russia brief covers the article from its first paragraph to its last, in ≤ 180 words', async () => {
    const brief = await briefJson(['us-russia', '--seeds', seeds]);
    const text = brief.bullets.map((b: { text: string }) => b.text).join(' ');
    assert.ok(text.split(/\s+/).length <= 180);
    // Developments from the first paragraph, the middle and the last.
    assert.match(text, /new phase/);
    assert.match(text, /Rubio|Lavrov|Riyadh/);
    assert.match(text, /Dmitriev/);
    assert.match(text, /second round of talks|Gulf state/);
    assert.doesNotMatch(text, /drawn global attention/, 'no filler');
    assert.ok(brief.headline.split(/\s+/).length <= 14 && !brief.headline.includes('…'), brief.headline);
  });

  it('answers follow-up questions of each kind from the seed', async () => {
    const cases: Array<[string, RegExp | null]> = [
      ['Where are the next talks?', /second round of talks.*Gulf state/],
      ['Where were the first talks held?', /Riyadh/],
      ['Why was Nord Stream halted?', /invasion of Ukraine/],
      ['Who is Dmitriev?', /Kremlin's key economic envoy/],
      ['What does Dmitriev want?', /expanded cooperation/],
      ['How did the Kremlin react?', /Peskov/],
      ['What did Peskov say?', /rapidly changing all foreign policy configurations/],
      ['What did the Pope say?', null],
    ];
    for (const [question, expected] of cases) {
      const r = await runCli(['ask', question, '--json', '--seeds', seeds]);
      const answer = JSON.parse(r.stdout);
      if (expected) {
        assert.equal(answer.found, true, `${question} → ${answer.answer}`);
        assert.match(answer.answer, expected, question);
        assert.ok(answer.citations.length > 0, question);
      } else {
        assert.equal(answer.found, false, `${question} → ${answer.answer}`);
      }
    }
    const putin = JSON.parse((await runCli(['ask', 'What did Putin say?', '--json', '--seeds', seeds])).stdout);
    assert.equal(putin.found, false);
    assert.match(putin.answer, /don't quote Putin/);
  });

  it('briefs a one-article folder by its own subject, a word in most of its passages', async () => {
    const dir = tempDir('briefbot-one-');
    writeFileSync(path.join(dir, 'mill.txt'), [
      'Corran mill to close after 140 years',
      '',
      'The Corran woollen mill will close in June, its owners said on Friday.',
      '',
      'Corran has made blankets in the valley since 1884 and employs 85 people.',
      '',
      'Rising energy costs made Corran unprofitable, the owners said.',
      '',
      'Staff at Corran will be offered jobs at a sister plant in Leeds.',
    ].join('\n'));
    const brief = await briefJson(['Corran', '--seeds', dir]);
    assert.ok(brief.bullets.length >= 2);
    const r = await runCli(['ask', 'Where will Corran staff be offered jobs?', '--json', '--seeds', dir]);
    assert.match(JSON.parse(r.stdout).answer, /Leeds/);
  });
});
