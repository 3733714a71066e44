// The grounding check, one rule at a time, on hand-built briefs and answers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Answer, Brief, BriefQuote } from '../../src/engines/engine-types.ts';
import type { Citation } from '../../src/retrieval/retrieval-types.ts';
import { appearsVerbatim, checkAnswer, checkBrief, normalizeText, speakerMatches } from '../../src/engines/grounding.ts';
import { allPassageIds, makeSnapshot, russiaDoc, talksDoc } from './fixtures.ts';

const docs = [russiaDoc, talksDoc];
const ctx = { snapshot: makeSnapshot(docs), allowedPassageIds: allPassageIds(docs) };
const cite = (passageId: string, docId = passageId.split('.')[0]!): Citation => ({ docId, passageId, title: 'whatever the engine said', path: 'x' });
const p = (i: number) => russiaDoc.passages[i]!.id;

function brief(partial: Partial<Brief>): Brief {
  return {
    query: 'us-russia', topic: null, headline: 'H', bullets: [], quotes: [],
    entities: { people: [], organizations: [], places: [] }, sources: [], engine: 'test', notes: [], ...partial,
  };
}
const quote = (text: string, speaker: string, passage: string): BriefQuote => ({ text, speaker, role: null, citation: cite(passage) });

describe('grounding: bullets', () => {
  it('keeps bullets whose citations all resolve, and takes title/path from the snapshot', () => {
    const out = checkBrief(brief({ bullets: [{ text: 'ok', citations: [cite(p(0)), cite(talksDoc.passages[0]!.id)] }] }), ctx);
    assert.equal(out.bullets.length, 1);
    assert.equal(out.bullets[0]!.citations[0]!.title, russiaDoc.title);
    assert.equal(out.bullets[0]!.citations[0]!.path, russiaDoc.path);
    assert.deepEqual(out.notes, []);
  });

  it('drops a bullet when any citation points to a passage that does not exist', () => {
    const out = checkBrief(brief({ bullets: [{ text: 'half-made-up', citations: [cite(p(0)), cite(`${russiaDoc.id}.99`)] }, { text: 'ok', citations: [cite(p(1))] }] }), ctx);
    assert.deepEqual(out.bullets.map((b) => b.text), ['ok']);
    assert.deepEqual(out.notes, ['1 bullet cited a passage that could not be verified and was removed']);
  });

  it('drops a bullet citing a real passage that was not in the prompt', () => {
    const narrow = { ...ctx, allowedPassageIds: new Set([p(0)]) };
    const out = checkBrief(brief({ bullets: [{ text: 'a', citations: [cite(p(1))] }, { text: 'b', citations: [cite(p(3))] }] }), narrow);
    assert.equal(out.bullets.length, 0);
    assert.deepEqual(out.notes, ['2 bullets cited passages that could not be verified and were removed']);
  });

  it('drops a bullet with no citation at all, and de-duplicates repeated ones', () => {
    const out = checkBrief(brief({ bullets: [{ text: 'bare', citations: [] }, { text: 'twice', citations: [cite(p(0)), cite(p(0))] }] }), ctx);
    assert.deepEqual(out.bullets.map((b) => [b.text, b.citations.length]), [['twice', 1]]);
    assert.equal(out.notes.length, 1);
  });
});

describe('grounding: quotes', () => {
  it('keeps a verbatim quote despite curly/straight quote marks, dashes, spacing and end punctuation', () => {
    const out = checkBrief(brief({ quotes: [quote('"Trump\'s business acumen crushes  Biden\'s narratives.', 'Kirill Dmitriev', p(4))] }), ctx);
    assert.equal(out.quotes.length, 1);
    assert.deepEqual(out.notes, []);
    assert.ok(appearsVerbatim('attempt to defeat Russia collapsed', russiaDoc.text));
    assert.equal(normalizeText('a — b “c”'), normalizeText("a-b 'c'"));
  });

  it('drops a quote whose words are not in the cited document', () => {
    const out = checkBrief(brief({ quotes: [quote('We will never negotiate with anyone.', 'Dmitry Peskov', p(2))] }), ctx);
    assert.equal(out.quotes.length, 0);
    assert.deepEqual(out.notes, ['1 quote could not be verified and was removed']);
  });

  it('drops a quote that is in another document than the one cited', () => {
    const out = checkBrief(brief({ quotes: [quote('Preparations for a second round of talks are already underway', 'Dmitry Peskov', p(2))] }), ctx);
    assert.equal(out.quotes.length, 0);
    assert.deepEqual(out.notes, ['1 quote could not be verified and was removed']);
  });

  it('drops a paraphrase (not verbatim)', () => {
    const out = checkBrief(brief({ quotes: [quote('The new administration is quickly changing all foreign policy configurations.', 'Dmitry Peskov', p(2))] }), ctx);
    assert.equal(out.quotes.length, 0);
  });

  it('drops a quote whose citation does not resolve', () => {
    const out = checkBrief(brief({ quotes: [quote('This largely coincides with our vision.', 'Dmitry Peskov', `${russiaDoc.id}.42`)] }), ctx);
    assert.equal(out.quotes.length, 0);
    assert.deepEqual(out.notes, ['1 quote could not be verified and was removed']);
  });

  it('drops a quote attributed to someone other than the document says', () => {
    const out = checkBrief(brief({ quotes: [quote('This largely coincides with our vision.', 'Kirill Dmitriev', p(2))] }), ctx);
    assert.equal(out.quotes.length, 0);
    assert.deepEqual(out.notes, ['1 quote was attributed to the wrong speaker and was removed']);
  });

  it('accepts a surname match and fills the role from the attribution', () => {
    const out = checkBrief(brief({ quotes: [quote('This largely coincides with our vision', 'Peskov', p(2))] }), ctx);
    assert.equal(out.quotes.length, 1);
    assert.equal(out.quotes[0]!.role, 'Kremlin spokesman');
    assert.ok(speakerMatches('Kremlin spokesman Dmitry Peskov', 'Dmitry Peskov'));
    assert.ok(speakerMatches('Peskov', 'Dmitry Peskov, Kremlin spokesman'));
    assert.ok(!speakerMatches('Dmitry Medvedev', 'Dmitry Peskov'));
  });

  it('drops the document’s own narrative passed off as someone’s quote', () => {
    const out = checkBrief(brief({ quotes: [quote('The Kremlin has specifically noted the rapid pace', 'Dmitry Peskov', p(1))] }), ctx);
    assert.equal(out.quotes.length, 0);
    assert.deepEqual(out.notes, ['1 quote is not something the document quotes anyone as saying and was removed']);
  });

  it('counts several drops', () => {
    const out = checkBrief(brief({ quotes: [quote('invented one', 'A B', p(0)), quote('invented two', 'C D', p(0))] }), ctx);
    assert.deepEqual(out.notes, ['2 quotes could not be verified and were removed']);
  });

  it('is idempotent', () => {
    const once = checkBrief(brief({ bullets: [{ text: 'x', citations: [cite('nope.1')] }], quotes: [quote('invented', 'A B', p(0))] }), ctx);
    const twice = checkBrief(once, ctx);
    assert.deepEqual(twice, once);
  });
});

describe('grounding: answers', () => {
  const answer = (citations: Citation[], found = true): Answer => ({ question: 'q', answer: 'a', found, citations, engine: 'test', notes: [] });

  it('removes citations that do not resolve', () => {
    const out = checkAnswer(answer([cite(p(2)), cite('ghost.3'), cite(p(2))]), ctx);
    assert.deepEqual(out.citations.map((c) => c.passageId), [p(2)]);
    assert.deepEqual(out.notes, ['1 citation could not be verified and was removed']);
  });

  it('notes a found answer left without any citation', () => {
    const out = checkAnswer(answer([cite('ghost.3')]), ctx);
    assert.equal(out.citations.length, 0);
    assert.deepEqual(out.notes, ['1 citation could not be verified and was removed', 'None of the citations of this answer could be verified; treat it with care']);
    const uncited = checkAnswer(answer([]), ctx);
    assert.deepEqual(checkAnswer(uncited, ctx).notes, ['This answer cites no passage of the documents; treat it with care'], 'said once when checked twice');
  });

  it('leaves a not-found answer alone', () => {
    const out = checkAnswer(answer([], false), ctx);
    assert.deepEqual(out.notes, []);
  });
});
