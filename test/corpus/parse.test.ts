import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Document } from '../../src/corpus/corpus-types.ts';
import { MAX_PASSAGE_WORDS } from '../../src/corpus/passages.ts';
import { parseDocument, type DocumentFormat } from '../../src/corpus/parse.ts';

const SEED = new URL('../../seeds/000_39e2b3da8f387030.txt', import.meta.url);

function parse(text: string, format: DocumentFormat = 'txt') {
  return parseDocument({ text, path: `docs/example.${format}`, format });
}

function words(s: string): number {
  return s.split(/\s+/).filter(Boolean).length;
}

function assertSentenceOffsets(doc: Document): void {
  for (const p of doc.passages) {
    assert.ok(p.sentences.length > 0, `passage ${p.id} has no sentences`);
    for (const s of p.sentences) assert.equal(p.text.slice(s.start, s.start + s.text.length), s.text, `sentence offset in ${p.id}`);
  }
}

describe('parseDocument: the bundled seed (plain text)', () => {
  const text = readFileSync(SEED, 'utf8');
  const { document: doc, warnings } = parse(text, 'txt');

  it('derives ids from the content only', () => {
    const hash = createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');
    assert.equal(doc.hash, hash);
    assert.equal(doc.id, hash.slice(0, 12));
    assert.equal(parseDocument({ text, path: 'elsewhere.txt', format: 'txt' }).document.id, doc.id);
    assert.notEqual(parse(`${text} `).document.id, doc.id);
    assert.deepEqual(warnings, []);
  });

  it('makes one passage per line-separated paragraph, attribution lines folded in', () => {
    assert.equal(doc.passages.length, 8);
    doc.passages.forEach((p, i) => {
      assert.equal(p.id, `${doc.id}.${i}`);
      assert.equal(p.index, i);
      assert.equal(p.docId, doc.id);
    });
    assert.ok(doc.passages[0].text.startsWith('The United States and Russia are entering a new phase'));
    assert.ok(doc.passages[2].text.endsWith('— Dmitry Peskov, Kremlin spokesman'));
    assertSentenceOffsets(doc);
  });

  it('derives a short title from the first sentence, cut at a word', () => {
    assert.ok(doc.title.length <= 81, doc.title);
    assert.ok(doc.title.endsWith('…'));
    assert.ok('The United States and Russia are entering a new phase in their relationship, marked by'.startsWith(doc.title.slice(0, -1)));
    assert.ok(!/\s…$/.test(doc.title));
  });

  it('has no date when neither front matter nor text gives one', () => {
    assert.equal(doc.date, null);
    assert.equal(doc.source, null);
    assert.equal(doc.url, null);
    assert.deepEqual(doc.topics, []);
  });

  it('serialises passages with their sentences', () => {
    const json = JSON.parse(JSON.stringify(doc.passages[0]));
    assert.deepEqual(Object.keys(json).sort(), ['docId', 'id', 'index', 'sentences', 'text']);
    assert.equal(json.sentences.length, 4);
  });
});

describe('parseDocument: plain text layout', () => {
  it('uses a short first line followed by a blank line as the title', () => {
    const { document: doc } = parse('Talks resume in Riyadh next week\n\nDelegations from both sides will meet. More follows.');
    assert.equal(doc.title, 'Talks resume in Riyadh next week');
    assert.deepEqual(doc.passages.map((p) => p.text), ['Delegations from both sides will meet. More follows.']);
  });

  it('does not take a dateline or byline for a title', () => {
    assert.equal(parse('March 3, 2025\n\nDelegations from both sides will meet in Riyadh.').document.title, 'Delegations from both sides will meet in Riyadh');
    assert.equal(parse('By Jane Doe and Tom Lee\n\nDelegations will meet in Riyadh soon.').document.title, 'Delegations will meet in Riyadh soon');
    assert.equal(parse('March 3, 2025\n\nDelegations from both sides will meet in Riyadh.').document.passages.length, 2);
  });

  it('keeps a short first sentence whole as the title, without the period', () => {
    assert.equal(parse('Talks resumed. Both sides met in Riyadh on Monday.').document.title, 'Talks resumed');
  });

  it('joins hard-wrapped lines back into paragraphs', () => {
    const para = (n: number) =>
      Array.from({ length: 4 }, (_, i) => `Line ${i} of paragraph ${n} keeps going on and on with a few more words here`).join('\n');
    const { document: doc } = parse(`${para(1)}\n\n${para(2)}\n\n${para(3)}`);
    assert.equal(doc.passages.length, 3);
    assert.ok(doc.passages[0].text.includes('here Line 1 of paragraph 1'));
  });

  it('joins a line that breaks mid-sentence before a lowercase word', () => {
    const { document: doc } = parse('The talks were held in\nthe Saudi capital on Monday.\nA second paragraph.');
    assert.deepEqual(doc.passages.map((p) => p.text), ['The talks were held in the Saudi capital on Monday.', 'A second paragraph.']);
  });

  it('splits a paragraph over the word limit into passages of whole sentences', () => {
    const sentences = Array.from({ length: 30 }, (_, i) => `Sentence number ${i} has exactly eight words here.`);
    const quoteSentence = '"This quoted sentence spans the chunk boundary, we think," said Jane Doe.';
    sentences.splice(20, 0, quoteSentence);
    const { document: doc } = parse(sentences.join(' '));
    assert.ok(doc.passages.length >= 2, 'long paragraph was not split');
    for (const p of doc.passages) {
      assert.ok(words(p.text) <= MAX_PASSAGE_WORDS + 15, `passage of ${words(p.text)} words`);
      assert.match(p.text, /^(Sentence|")/);
      assert.match(p.text, /[.]$/);
    }
    assert.equal(doc.passages.map((p) => p.text).join(' '), sentences.join(' '));
    assertSentenceOffsets(doc);
    const quote = doc.quotes[0];
    assert.equal(quote.speaker, 'Jane Doe');
    assert.ok(doc.passages.find((p) => p.id === quote.passageId)!.text.includes(quote.text));
  });

  it('normalises line endings, tabs and a byte-order mark', () => {
    const { document: doc } = parse('\uFEFFFirst\tparagraph  here.\r\nSecond one.\r\n');
    assert.deepEqual(doc.passages.map((p) => p.text), ['First paragraph here.', 'Second one.']);
  });
});

describe('parseDocument: Markdown', () => {
  const md = [
    '---',
    'title: "US and Russia: a new phase"',
    'date: 2025-02-20',
    'source: Example Wire',
    'url: https://example.com/us-russia',
    'topics: [US Russia, energy]',
    '---',
    '# Ignored heading title',
    '',
    'The **talks** in [Riyadh](https://example.com/riyadh) were _short_.',
    'They ended early.',
    '',
    '![map](map.png)',
    '',
    '## Next steps',
    '',
    '- A second round in the *Gulf*',
    '- A summit',
    '',
    '```',
    'const x = 1;',
    '```',
    '',
    '> "We are ready for a deal on energy soon."',
    '> — Kirill Dmitriev, Kremlin envoy',
  ].join('\n');
  const { document: doc, warnings } = parse(md, 'md');

  it('reads title, date, source, url and topic slugs from front matter', () => {
    assert.deepEqual(warnings, []);
    assert.equal(doc.title, 'US and Russia: a new phase');
    assert.equal(doc.date, '2025-02-20T00:00:00.000Z');
    assert.equal(doc.source, 'Example Wire');
    assert.equal(doc.url, 'https://example.com/us-russia');
    assert.deepEqual(doc.topics, ['us-russia', 'energy']);
  });

  it('strips Markdown syntax and joins soft-wrapped lines', () => {
    assert.deepEqual(doc.passages.map((p) => p.text), [
      'Ignored heading title',
      'The talks in Riyadh were short. They ended early.',
      'Next steps',
      'A second round in the Gulf',
      'A summit',
      'const x = 1;',
      '"We are ready for a deal on energy soon." — Kirill Dmitriev, Kremlin envoy',
    ]);
    assert.ok(!doc.text.includes('map.png'));
    assertSentenceOffsets(doc);
  });

  it('reads block-quoted attributions', () => {
    assert.deepEqual(doc.quotes.map((q) => [q.speaker, q.role, q.text]), [['Kirill Dmitriev', 'Kremlin envoy', 'We are ready for a deal on energy soon.']]);
  });

  it('uses the first # heading as the title when front matter has none', () => {
    const { document } = parse('# Talks in Riyadh\n\nBody text here.\n\n# Second heading\n', 'md');
    assert.equal(document.title, 'Talks in Riyadh');
    assert.deepEqual(document.passages.map((p) => p.text), ['Body text here.', 'Second heading']);
    const setext = parse('Talks in Riyadh\n===============\n\nBody.', 'md').document;
    assert.equal(setext.title, 'Talks in Riyadh');
  });

  it('reads a malformed front matter as text and says so', () => {
    const { document, warnings } = parse('---\ntitle: [unclosed\ndate: : :\n---\nBody paragraph.\n', 'md');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /malformed front matter/);
    assert.ok(document.text.includes('Body paragraph.'));
    assert.ok(document.text.includes('title: [unclosed'));
    assert.equal(document.date, null);
  });

  it('warns about a front matter date that is not a date and ignores it', () => {
    const { document, warnings } = parse('---\ndate: someday soon\n---\nBody.\n', 'md');
    assert.match(warnings[0], /not a date/);
    assert.equal(document.date, null);
  });

  it('accepts a document that starts with a horizontal rule but has no front matter', () => {
    const { document, warnings } = parse('---\n\nJust text after a rule.\n', 'md');
    assert.deepEqual(warnings, []);
    assert.deepEqual(document.passages.map((p) => p.text), ['Just text after a rule.']);
  });
});

describe('parseDocument: HTML', () => {
  it('takes the <title>, drops invisible parts and makes block elements paragraphs', () => {
    const html = `<!doctype html><html><head><title>Talks &amp; deals</title><style>p{color:red}</style>
      <script>var s = "<p>not text</p>";</script></head>
      <body><nav>Home</nav><h1>Talks in Riyadh</h1><p>The talks&nbsp;were <b>short</b>.<br>They ended early.</p>
      <blockquote><p>&ldquo;We are ready for a deal on energy soon.&rdquo;</p><footer>&mdash; Kirill Dmitriev, Kremlin envoy</footer></blockquote>
      <noscript>Enable JS</noscript></body></html>`;
    const { document: doc } = parse(html, 'html');
    assert.equal(doc.title, 'Talks & deals');
    assert.deepEqual(doc.passages.map((p) => p.text), [
      'Home',
      'Talks in Riyadh',
      'The talks were short.',
      'They ended early.',
      '“We are ready for a deal on energy soon.” — Kirill Dmitriev, Kremlin envoy',
    ]);
    assert.deepEqual(doc.quotes.map((q) => [q.speaker, q.text]), [['Kirill Dmitriev', 'We are ready for a deal on energy soon.']]);
  });

  it('falls back to the first <h1> for the title and drops it from the body', () => {
    const { document: doc } = parse('<body><h1>Riyadh <i>talks</i></h1><p>Body text.</p></body>', 'html');
    assert.equal(doc.title, 'Riyadh talks');
    assert.deepEqual(doc.passages.map((p) => p.text), ['Body text.']);
  });
});
