// The neutral view every platform maps: built once from a Reply, with the numbering, marks,
// story labels and the bot's own words already decided, and every string still plain text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildAnswerView, buildBriefView, buildReplyView, buildTextView, bulletTail, quoteAttribution, utcMinutes } from '../../src/replies/reply-view.ts';
import type { BulletSection, ParagraphSection, QuoteSection, ReplyView } from '../../src/replies/view-types.ts';
import { WORDING } from '../../src/replies/wording.ts';
import { answer, brief, cite, emptyBrief, kremlin, talks } from './fixtures.ts';

const bullets = (view: ReplyView) => (view.sections.find((s) => s.type === 'bullets') as BulletSection | undefined)?.bullets ?? [];
const quotes = (view: ReplyView) => (view.sections.find((s) => s.type === 'quotes') as QuoteSection | undefined)?.quotes ?? [];
const paragraphs = (view: ReplyView) => view.sections.filter((s): s is ParagraphSection => s.type === 'paragraphs');

describe('reply view: brief', () => {
  it('has the headline, bullets with their marks, quotes with speaker, role and mark, in that order', () => {
    const view = buildBriefView(brief());
    assert.equal(view.kind, 'brief');
    assert.equal(view.heading, 'US and Russia agree to resume talks');
    assert.equal(view.title, undefined);
    assert.deepEqual(view.sections.map((s) => s.type), ['bullets', 'quotes']);
    assert.deepEqual(bullets(view), [
      { text: 'Delegations will meet in Istanbul on Thursday.', marks: '[1]', label: '' },
      { text: 'The Kremlin said a prisoner exchange is not on the agenda.', marks: '[2]', label: '' },
      { text: 'Both sides called the last round "constructive" & businesslike.', marks: '[1][2]', label: '' },
    ]);
    assert.deepEqual(quotes(view), [
      { text: 'We are not discussing any exchanges', speaker: 'Dmitry Peskov', role: 'Kremlin spokesman', marks: '[2]' },
      { text: 'A first step', speaker: 'Marco Rubio', role: null, marks: '[1]' },
    ]);
    assert.equal((view.sections[1] as QuoteSection).heading, WORDING.keyQuotes);
  });

  it('numbers sources in the brief’s order with the passages cited, then documents only cited', () => {
    const view = buildBriefView(brief({ bullets: [...brief().bullets, { text: 'Extra.', citations: [cite(9)] }] }));
    assert.deepEqual(view.sources, [
      { n: 1, title: talks.title, path: talks.path, date: '2025-03-01', passageIds: ['a1.0'] },
      { n: 2, title: kremlin.title, path: kremlin.path, date: '2025-03-02', passageIds: ['b2.2'] },
      { n: 3, title: 'Title 9', path: 'seeds/doc9.md', date: null, passageIds: ['doc9.0'] },
    ]);
    assert.equal(bullets(view).at(-1)!.marks, '[3]');
  });

  it('gathers the footer facts: engine, topic, generated-at ISO, newest source date, notes', () => {
    const view = buildBriefView(brief({ notes: ['1 bullet was\nremoved'] }));
    assert.deepEqual(view.footer, {
      engine: 'offline',
      topic: { title: 'US–Russia relations', slug: 'us-russia' },
      generatedAt: '2025-03-02T09:30:00.000Z',
      newestSource: '2025-03-02',
      notes: ['1 bullet was removed'],
    });
    const bare = buildBriefView(brief({ topic: null, generatedAt: 'yesterday', sources: [{ docId: 'x', title: 'X', path: 'x.md', date: 'undated' }] }));
    assert.deepEqual(bare.footer, { engine: 'offline', notes: [] }, 'no topic, an unreadable time and no real date are left out');
  });

  it('says the one empty-brief sentence in place of bullets', () => {
    const view = buildBriefView(emptyBrief());
    assert.deepEqual(view.sections, [{ type: 'notice', text: WORDING.emptyBrief }]);
    assert.deepEqual(view.sources, []);
  });

  it('labels story bullets reported by several outlets, and only those', () => {
    const view = buildBriefView(brief({
      bullets: [
        { text: 'The bridge collapsed.', citations: [talks, kremlin], story: { outlets: ['A', 'B', 'C'], coverage: 3 } },
        { text: 'One outlet.', citations: [talks], story: { outlets: ['A'], coverage: 1 } },
      ],
    }));
    assert.deepEqual(bullets(view).map(bulletTail), ['[1][2] — 3 outlets', '[1]']);
    assert.equal(bulletTail({ marks: '', label: '' }), '');
  });

  it('keeps text plain and on one line: nothing escaped, whitespace collapsed', () => {
    const view = buildBriefView(brief({
      headline: '  <!channel>\n*alert*  ',
      bullets: [{ text: '<@U123> &\n @everyone', citations: [] }],
      quotes: [{ text: 'q', speaker: '  ', role: ' ', citation: talks }],
      sources: [{ docId: 'a1', title: '  ', path: 'a<b>.md', date: null }],
    }));
    assert.equal(view.heading, '<!channel> *alert*');
    assert.deepEqual(bullets(view), [{ text: '<@U123> & @everyone', marks: '', label: '' }]);
    assert.deepEqual(quotes(view)[0], { text: 'q', speaker: WORDING.unattributed, role: null, marks: '[1]' });
    assert.equal(view.sources[0].title, 'a<b>.md', 'a source without a title goes by its path');
  });

  it('falls back from an empty headline to the topic, the query, then the word "Brief"', () => {
    assert.equal(buildBriefView(brief({ headline: ' ' })).heading, 'US–Russia relations');
    assert.equal(buildBriefView(brief({ headline: '', topic: null })).heading, 'us-russia');
    assert.equal(buildBriefView(brief({ headline: '', topic: null, query: '' })).heading, WORDING.briefHeading);
  });

  it('carries a digest title from the reply', () => {
    const view = buildReplyView({ kind: 'brief', brief: brief(), title: 'Daily digest:\nUS — 2 new' });
    assert.equal(view.title, 'Daily digest: US — 2 new');
  });
});

describe('reply view: answer', () => {
  it('a found answer: its words, the marks after them, the cited sources each once', () => {
    const view = buildReplyView({ kind: 'answer', answer: answer() });
    assert.equal(view.kind, 'answer');
    assert.equal(view.heading, 'What did Peskov say?');
    assert.deepEqual(paragraphs(view), [{ type: 'paragraphs', text: 'Peskov said no exchange is planned.', marks: '[1][2]' }]);
    assert.deepEqual(view.sources.map((s) => [s.n, s.title, s.passageIds]), [[1, kremlin.title, ['b2.2']], [2, talks.title, ['a1.0']]]);
    assert.deepEqual(view.footer, { engine: 'offline', notes: ['cached'] });
  });

  it('a not-found answer: its own words, or the one not-found sentence; no marks, no sources', () => {
    const said = buildAnswerView(answer({ found: false, answer: "The documents don't say where." }));
    assert.equal(said.kind, 'notFound');
    assert.deepEqual(paragraphs(said), [{ type: 'paragraphs', text: "The documents don't say where.", marks: '' }]);
    assert.deepEqual(said.sources, []);
    const silent = buildAnswerView(answer({ found: false, answer: '  ' }));
    assert.equal(paragraphs(silent)[0].text, WORDING.notFound);
  });
});

describe('reply view: text', () => {
  it('keeps the text as written (lines, backticks), trimmed, under its title', () => {
    const view = buildTextView('\nUsage: `/brief <topic>`\n\nMore.\n', 'Help');
    assert.deepEqual(view, { kind: 'text', title: 'Help', sections: [{ type: 'paragraphs', text: 'Usage: `/brief <topic>`\n\nMore.', marks: '' }], sources: [], footer: { notes: [] } });
  });

  it('says "(empty)" when there is nothing at all to show', () => {
    assert.deepEqual(buildTextView('  ').sections, [{ type: 'notice', text: WORDING.emptyText }]);
    assert.deepEqual(buildTextView('', 'Topics').sections, [], 'a title alone is something');
  });
});

describe('reply view helpers', () => {
  it('attributes a quote with or without a role, and writes times as UTC minutes', () => {
    assert.equal(quoteAttribution({ speaker: 'Dmitry Peskov', role: 'Kremlin spokesman' }), 'Dmitry Peskov, Kremlin spokesman');
    assert.equal(quoteAttribution({ speaker: 'Marco Rubio', role: null }), 'Marco Rubio');
    assert.equal(utcMinutes('2025-03-02T09:30:59.000Z'), '2025-03-02 09:30 UTC');
  });
});
