import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Document } from '../../src/corpus/corpus-types.ts';
import { parseDocument } from '../../src/corpus/parse.ts';
import { parseAttributionLine } from '../../src/corpus/quotes.ts';

const SEED = new URL('../../seeds/000_39e2b3da8f387030.txt', import.meta.url);

function parse(text: string, format: 'txt' | 'md' | 'html' = 'txt'): Document {
  return parseDocument({ text, path: `x.${format}`, format }).document;
}

/** [speaker, text] pairs, for compact assertions. */
function quotes(text: string): Array<[string | null, string]> {
  return parse(text).quotes.map((q) => [q.speaker, q.text]);
}

function assertVerbatim(doc: Document): void {
  for (const q of doc.quotes) {
    assert.ok(doc.text.includes(q.text), `quote not verbatim in document: ${q.text}`);
    const passage = doc.passages.find((p) => p.id === q.passageId);
    assert.ok(passage, `quote points to a missing passage ${q.passageId}`);
    assert.ok(passage.text.includes(q.text), `quote not in its passage: ${q.text}`);
    assert.equal(q.docId, doc.id);
  }
}

describe('quotes in the bundled seed', () => {
  const doc = parse(readFileSync(SEED, 'utf8'));

  it('attributes the Peskov quote to Dmitry Peskov, Kremlin spokesman', () => {
    const peskov = doc.quotes.filter((q) => q.speaker === 'Dmitry Peskov');
    assert.equal(peskov.length, 1);
    assert.equal(peskov[0].text, 'The new (US) administration is rapidly changing all foreign policy configurations. This largely coincides with our vision.');
    assert.equal(peskov[0].role, 'Kremlin spokesman');
    // The attribution line belongs to the quote's passage; it is not a passage of its own.
    const passage = doc.passages.find((p) => p.id === peskov[0].passageId)!;
    assert.match(passage.text, /^"The new \(US\) administration.*vision\." — Dmitry Peskov, Kremlin spokesman$/);
    assert.ok(!doc.passages.some((p) => /^[—–-]/.test(p.text)), 'an attribution line became a passage');
  });

  it('attributes the Dmitriev quotes, every fragment, to Kirill Dmitriev with his role', () => {
    const dmitriev = doc.quotes.filter((q) => q.speaker === 'Kirill Dmitriev');
    assert.deepEqual(dmitriev.map((q) => q.text), [
      'Trump’s business acumen crushes Biden’s narratives. The attempt to defeat Russia collapsed.',
      'Building a better future for humanity',
      'focus on investment, economic growth, AI breakthroughs',
      'Mars exploration.',
    ]);
    for (const q of dmitriev) assert.equal(q.role, "Kremlin's key economic envoy");
    // The three fragments share the passage of their paragraph.
    assert.equal(new Set(dmitriev.slice(1).map((q) => q.passageId)).size, 1);
  });

  it('attributes nothing to anyone else, and every quote is verbatim in its passage', () => {
    assert.equal(doc.quotes.length, 5);
    for (const q of doc.quotes) assert.ok(q.speaker === 'Dmitry Peskov' || q.speaker === 'Kirill Dmitriev', `unexpected speaker ${q.speaker}`);
    assert.ok(!doc.quotes.some((q) => q.speaker === 'Dmitry Peskov' && q.text.includes('Biden')));
    assert.ok(!doc.quotes.some((q) => q.speaker === 'Kirill Dmitriev' && q.text.includes('coincides')));
    assertVerbatim(doc);
  });
});

describe('attribution lines', () => {
  it('reads name and role after any dash leader', () => {
    for (const leader of ['—', '–', '--', '-']) {
      assert.deepEqual(parseAttributionLine(`${leader} Dmitry Peskov, Kremlin spokesman`), { speaker: 'Dmitry Peskov', role: 'Kremlin spokesman' });
    }
    assert.deepEqual(parseAttributionLine('— Jane Doe'), { speaker: 'Jane Doe', role: null });
    assert.deepEqual(parseAttributionLine('— Jane Doe, the finance minister.'), { speaker: 'Jane Doe', role: 'finance minister' });
  });

  it('rejects lines that are not attributions', () => {
    assert.equal(parseAttributionLine('- buy milk and eggs'), null);
    assert.equal(parseAttributionLine('— and then the talks collapsed, again'), null);
    assert.equal(parseAttributionLine('Dmitry Peskov, Kremlin spokesman'), null);
  });

  it('joins a quotation and its attribution line into one passage', () => {
    const doc = parse('Intro paragraph here.\n“We are ready for talks at any level.”\n– Jane Doe, finance minister\nAfter.');
    assert.deepEqual(doc.passages.map((p) => p.text), ['Intro paragraph here.', '“We are ready for talks at any level.” – Jane Doe, finance minister', 'After.']);
    assert.deepEqual(doc.quotes.map((q) => [q.speaker, q.role, q.passageId]), [['Jane Doe', 'finance minister', `${doc.id}.1`]]);
  });

  it('does not treat a dash line under ordinary text as an attribution', () => {
    const doc = parse('The minister listed the demands.\n- Jane Doe, finance minister\nMore text.');
    assert.equal(doc.quotes.length, 0);
    assert.equal(doc.passages.length, 3);
  });
});

describe('inline attribution', () => {
  it('reads the common news forms, straight and curly quotes', () => {
    assert.deepEqual(quotes('"We will not accept these terms at all," said Jane Doe.'), [['Jane Doe', 'We will not accept these terms at all']]);
    assert.deepEqual(quotes('“We will not accept these terms at all,” Jane Doe said.'), [['Jane Doe', 'We will not accept these terms at all']]);
    assert.deepEqual(quotes('Jane Doe said: "The deal is off for now and for good."'), [['Jane Doe', 'The deal is off for now and for good.']]);
    assert.deepEqual(quotes('Jane Doe told reporters on Monday: “The deal is off for now.”'), [['Jane Doe', 'The deal is off for now.']]);
    assert.deepEqual(quotes('“Why would we sign this now?” asked Jane Doe.'), [['Jane Doe', 'Why would we sign this now?']]);
  });

  it('takes the role from an appositive and resolves a surname to the full name', () => {
    const doc = parse('Jane Doe arrived in Brussels on Monday.\n"Prices will come down by the summer," said Doe, the finance minister.');
    assert.deepEqual(doc.quotes.map((q) => [q.speaker, q.role]), [['Jane Doe', 'finance minister']]);
  });

  it('takes the role from a title in front of the name, and carries it to later quotes', () => {
    const doc = parse('Russian Foreign Minister Sergey Lavrov met his US counterpart.\n"The dialogue will continue at all levels," Lavrov said.');
    assert.deepEqual(doc.quotes.map((q) => [q.speaker, q.role]), [['Sergey Lavrov', 'Russian Foreign Minister']]);
  });

  it('resolves "he said" to the one person just named', () => {
    const doc = parse('Russian Foreign Minister Sergey Lavrov arrived in Riyadh.\n"We are ready to talk seriously," he told reporters.');
    assert.deepEqual(doc.quotes.map((q) => q.speaker), ['Sergey Lavrov']);
  });

  it('gives a following unattributed quote to the same speaker when nobody else is named', () => {
    assert.deepEqual(quotes('"This is a great day for the country," said Jane Doe. "We will build more roads and bridges."'), [
      ['Jane Doe', 'This is a great day for the country'],
      ['Jane Doe', 'We will build more roads and bridges.'],
    ]);
  });

  it('keeps two speakers of one paragraph apart', () => {
    assert.deepEqual(quotes('Finance Minister Tom Lee said: "Prices will rise next year for sure," but the analyst Bob Ray disagreed. "We see no inflation risk at all," Ray said.'), [
      ['Tom Lee', 'Prices will rise next year for sure'],
      ['Bob Ray', 'We see no inflation risk at all'],
    ]);
  });

  it('skips scare quotes and quoted titles', () => {
    assert.deepEqual(quotes('It was a "very big deal" indeed, he said.'), []);
    assert.deepEqual(quotes('The so-called "peace dividend" never came.'), []);
    assert.deepEqual(quotes('She read "War and Peace" twice last year on holiday.'), []);
  });
});

describe('attribution traps: unsure means no speaker', () => {
  it('does not guess "he" when two people were just named', () => {
    assert.deepEqual(quotes('Finance Minister Jane Doe met Trade Minister Tom Lee on Tuesday. "We will not back down from this," he said.'), [[null, 'We will not back down from this']]);
  });

  it('does not guess "he" when the only name around is not marked as a person', () => {
    assert.deepEqual(quotes('Gazprom raised its prices again on Monday. "We had no other choice at all," he said.'), [[null, 'We had no other choice at all']]);
  });

  it('does not give a spokesman\'s words to the person they speak for', () => {
    assert.deepEqual(quotes('"The allegations are false and we will sue," said a spokesman for Jane Doe.'), [[null, 'The allegations are false and we will sue']]);
    assert.deepEqual(quotes('"The allegations are false and we will sue," said Jane Doe\'s spokesman.'), [[null, 'The allegations are false and we will sue']]);
    assert.deepEqual(quotes('"The allegations are false and we will sue," a spokesman for Jane Doe said.'), [[null, 'The allegations are false and we will sue']]);
    assert.deepEqual(quotes('A spokesman for Jane Doe said: "The allegations are false and we will sue."'), [[null, 'The allegations are false and we will sue.']]);
  });

  it('does not attribute to the person mentioned after the speaker', () => {
    const doc = parse('John Smith chairs the committee.\n"We support the plan fully and completely," said Smith, responding to a question from Jane Doe.');
    assert.deepEqual(doc.quotes.map((q) => q.speaker), ['John Smith']);
  });

  it('does not pick one of two speakers of a joint statement', () => {
    assert.deepEqual(quotes('"We are united on this question," Jane Doe and Tom Lee said.'), [[null, 'We are united on this question']]);
    assert.deepEqual(quotes('"We are united on this question," said Jane Doe and Tom Lee.'), [[null, 'We are united on this question']]);
  });

  it('does not continue a speaker across another named person', () => {
    assert.deepEqual(quotes('"Talks will resume next week in Geneva," said Jane Doe. Tom Lee was less sure. "Nothing has been agreed so far."'), [
      ['Jane Doe', 'Talks will resume next week in Geneva'],
    ]);
  });

  it('does not resolve a surname two people share', () => {
    const doc = parse('Jane Doe and her brother Mark Doe both spoke at the rally.\n"We will keep fighting for this," Doe said.');
    assert.deepEqual(doc.quotes.map((q) => q.speaker), [null]);
  });
});
