import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitSentences } from '../../src/corpus/sentences.ts';

const texts = (s: string) => splitSentences(s).map((x) => x.text);

describe('splitSentences', () => {
  it('keeps offsets that point back into the input, trimmed', () => {
    const input = '  First one.   Second one!  ';
    const out = splitSentences(input);
    assert.deepEqual(out.map((s) => s.text), ['First one.', 'Second one!']);
    for (const s of out) assert.equal(input.slice(s.start, s.start + s.text.length), s.text);
  });

  it('does not split after titles, initials and Latin abbreviations', () => {
    assert.deepEqual(texts('Mr. Smith met Dr. Jones and Prof. Lee. They talked.'), ['Mr. Smith met Dr. Jones and Prof. Lee.', 'They talked.']);
    assert.deepEqual(texts('John F. Kennedy was president. Gen. Mark Milley agreed.'), ['John F. Kennedy was president.', 'Gen. Mark Milley agreed.']);
    assert.deepEqual(texts('Sen. Ted Cruz and Rep. Jim Jordan spoke. Mrs. Doe and Ms. Roe left.'), ['Sen. Ted Cruz and Rep. Jim Jordan spoke.', 'Mrs. Doe and Ms. Roe left.']);
    assert.deepEqual(texts('Fruit, e.g. apples, i.e. the red ones. Next.'), ['Fruit, e.g. apples, i.e. the red ones.', 'Next.']);
    assert.deepEqual(texts('It is Trump vs. Biden again. Really.'), ['It is Trump vs. Biden again.', 'Really.']);
    assert.deepEqual(texts('They met in St. Petersburg. Then Moscow.'), ['They met in St. Petersburg.', 'Then Moscow.']);
  });

  it('keeps U.S. / U.K. inside a sentence but splits when a new sentence clearly starts', () => {
    assert.deepEqual(texts('U.S. President Donald Trump met U.K. Prime Minister Keir Starmer. Talks went well.'), [
      'U.S. President Donald Trump met U.K. Prime Minister Keir Starmer.',
      'Talks went well.',
    ]);
    assert.deepEqual(texts('The delegation flew to the U.S. The talks start Monday.'), ['The delegation flew to the U.S.', 'The talks start Monday.']);
  });

  it('handles company suffixes, times, No. and months', () => {
    assert.deepEqual(texts('Acme Inc. posted a loss. Widget Corp. did not.'), ['Acme Inc. posted a loss.', 'Widget Corp. did not.']);
    assert.deepEqual(texts('The vote is at 10 a.m. Tuesday. It was moved from 3 p.m. on Monday.'), [
      'The vote is at 10 a.m. Tuesday.',
      'It was moved from 3 p.m. on Monday.',
    ]);
    assert.deepEqual(texts('Resolution No. 5 passed on Jan. 12 and Feb. 3. It was close.'), ['Resolution No. 5 passed on Jan. 12 and Feb. 3.', 'It was close.']);
    assert.deepEqual(texts('He said no. No one argued.'), ['He said no.', 'No one argued.']);
    assert.deepEqual(texts('Martin Luther King Jr. spoke. Crowds cheered.'), ['Martin Luther King Jr. spoke.', 'Crowds cheered.']);
  });

  it('never splits decimals', () => {
    assert.deepEqual(texts('Growth was 3.5 percent. Inflation hit 2.25%.'), ['Growth was 3.5 percent.', 'Inflation hit 2.25%.']);
  });

  it('keeps closing quotes with their sentence and a following "she said" with the quote', () => {
    assert.deepEqual(texts('He said, "It is over." Then he left.'), ['He said, "It is over."', 'Then he left.']);
    assert.deepEqual(texts('She wrote: “We won.” The crowd cheered.'), ['She wrote: “We won.”', 'The crowd cheered.']);
    assert.deepEqual(texts('"Why now?" she asked. Nobody answered.'), ['"Why now?" she asked.', 'Nobody answered.']);
    assert.deepEqual(texts('“Enough!” the minister shouted. Silence.'), ['“Enough!” the minister shouted.', 'Silence.']);
  });

  it('keeps an em-dash attribution with the quotation it follows', () => {
    assert.deepEqual(texts('"This largely coincides with our vision." — Dmitry Peskov, Kremlin spokesman'), [
      '"This largely coincides with our vision." — Dmitry Peskov, Kremlin spokesman',
    ]);
    assert.deepEqual(texts('The plan — announced Monday — failed. A new one follows.'), ['The plan — announced Monday — failed.', 'A new one follows.']);
  });

  it('treats line breaks as hard boundaries', () => {
    assert.deepEqual(texts('Talks with the U.S.\nThe next round is in Riyadh.'), ['Talks with the U.S.', 'The next round is in Riyadh.']);
    assert.deepEqual(texts('A heading without a stop\nBody text.'), ['A heading without a stop', 'Body text.']);
  });

  it('returns nothing for empty or blank text', () => {
    assert.deepEqual(splitSentences(''), []);
    assert.deepEqual(splitSentences('   \n '), []);
  });
});
