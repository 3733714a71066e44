// A document's date comes from the document — front matter, HTML metadata, a dateline, a date in
// the text — or is null. Never the file's time: a fresh clone would date every document "now".
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { dateInHtml, dateInText } from '../../src/corpus/document-date.ts';
import { loadDocuments } from '../../src/corpus/load.ts';
import { parseDocument } from '../../src/corpus/parse.ts';

const day = (iso: string) => `${iso}T00:00:00.000Z`;

describe('dateInText', () => {
  it('reads a dateline and the usual ways of writing a full date', () => {
    assert.equal(dateInText('MOSCOW, March 3, 2025 (Reuters) — The Kremlin said…'), day('2025-03-03'));
    assert.equal(dateInText('Published 3 March 2025. Talks resumed.'), day('2025-03-03'));
    assert.equal(dateInText('On the 21st of Feb. 2025 the delegations met.'), day('2025-02-21'));
    assert.equal(dateInText('Sept. 9, 2024: a note.'), day('2024-09-09'));
    assert.equal(dateInText('Updated 2025-11-26 09:00.'), day('2025-11-26'));
    assert.equal(dateInText('Stamp: 2025-11-26T09:00Z'), day('2025-11-26'));
  });

  it('takes the first date in the text', () => {
    assert.equal(dateInText('Riyadh, 18 February 2025. The war began on February 24, 2022.'), day('2025-02-18'));
  });

  it('gives null without a full, real date', () => {
    for (const text of ['Talks resume in March.', 'The 2025 summit.', 'On March 3 they met.', 'February 30, 2025 is no day.', 'Call 2025-13-01.', 'May I say 3, 2025 things?', 'Version 1.2025-10-10b']) {
      assert.equal(dateInText(text), null, text);
    }
  });
});

describe('dateInHtml', () => {
  it('reads publication metadata, then the first <time datetime>', () => {
    assert.equal(dateInHtml('<head><meta property="article:published_time" content="2025-03-03T10:00:00+03:00"></head>'), '2025-03-03T07:00:00.000Z');
    assert.equal(dateInHtml(`<meta name='date' content='2025-03-04'>`), day('2025-03-04'));
    assert.equal(dateInHtml('<meta itemprop="datePublished" content="2025-03-05">'), day('2025-03-05'));
    assert.equal(dateInHtml('<p>Posted <time datetime="2025-03-06">Thursday</time></p>'), day('2025-03-06'));
    assert.equal(dateInHtml('<meta name="viewport" content="width=device-width"><time>soon</time>'), null);
  });
});

describe('parseDocument: the date', () => {
  it('prefers front matter, then the text', () => {
    const md = parseDocument({ text: '---\ndate: 2025-01-02\n---\nMOSCOW, March 3, 2025 — talks.\n', path: 'a.md', format: 'md' }).document;
    assert.equal(md.date, day('2025-01-02'));
    const txt = parseDocument({ text: 'Talks in Riyadh\n\nRIYADH, February 18, 2025 — The delegations met for four hours.\n', path: 'a.txt', format: 'txt' }).document;
    assert.equal(txt.date, day('2025-02-18'));
  });

  it('reads an HTML page\'s metadata even though <head> is not text', () => {
    const html = parseDocument({ text: '<html><head><title>T</title><meta property="article:published_time" content="2025-03-03"></head><body><p>Talks resumed today.</p></body></html>', path: 'a.html', format: 'html' }).document;
    assert.equal(html.date, day('2025-03-03'));
  });
});

describe('loadDocuments: the date', () => {
  it('a file without a date in it gets null, not its modification time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefbot-date-'));
    try {
      writeFileSync(join(dir, 'undated.txt'), 'The delegations met for four hours and agreed to meet again.\n');
      writeFileSync(join(dir, 'dated.md'), '# Talks\n\nRIYADH, February 18, 2025 — The delegations met.\n');
      const old = new Date('2020-06-01T12:00:00Z');
      utimesSync(join(dir, 'undated.txt'), old, old);
      const { documents } = await loadDocuments({ dirs: [dir], maxFileBytes: 1e6, cwd: dir });
      assert.deepEqual(documents.map((d) => [d.path, d.date]), [['dated.md', day('2025-02-18')], ['undated.txt', null]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
