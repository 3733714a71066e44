// What retrieval finds: word forms meet (propose/proposed/proposal, fell/fall, investors/invest),
// a short form finds its name ("PMI"), and whether a word is "found" does not depend on how
// many other documents there are — the same question over one document and over a thousand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acronymTerms } from '../../src/retrieval/acronyms.ts';
import { analyseQuestion } from '../../src/retrieval/question.ts';
import { stem, terms } from '../../src/retrieval/terms.ts';
import { makeBot } from '../helpers/bot.ts';
import { makeDocument } from '../helpers/documents.ts';

describe('word forms', () => {
  it('meets inflections, derivations and irregular forms', () => {
    const same = (a: string, b: string) => assert.equal(stem(a), stem(b), `${a} ~ ${b}`);
    same('proposed', 'propose');
    same('proposal', 'propose');
    same('talks', 'talk');
    same('fell', 'fall');
    same('fallen', 'falls');
    same('died', 'death');
    same('investors', 'invest');
    same('sentencing', 'sentence');
    same('losses', 'lost');
    assert.notEqual(stem('news'.replace('s', 'z')), stem('new'), 'sanity: different words stay apart');
  });

  it('finds a short form from the name spelled out', () => {
    assert.deepEqual(acronymTerms("The Purchasing Managers' Index fell to 49.2."), ['pmi']);
    assert.ok(acronymTerms('the Chartered Institute of Procurement and Supply said').includes('cips'));
    assert.deepEqual(acronymTerms('The talks ended.'), []);
  });
});

describe('question analysis', () => {
  const type = (q: string) => analyseQuestion(q).type;
  it('recognises the kind of answer wanted, in several wordings', () => {
    assert.equal(type('Who is Rob Dobson?'), 'who-is');
    assert.equal(type('who was the judge'), 'who-is');
    assert.equal(type('Who is investing in the pipeline?'), 'who');
    assert.equal(type('Where was the case heard?'), 'where');
    assert.equal(type('In what city were the talks held?'), 'where');
    assert.equal(type('When did the strike start?'), 'when');
    assert.equal(type('What year was the oven built?'), 'when');
    assert.equal(type('How many jobs were lost?'), 'quantity');
    assert.equal(type('What did the index fall to?'), 'quantity');
    assert.equal(type('What is the longest sentence allowed?'), 'quantity');
    assert.equal(type('Why did manufacturing contract?'), 'why');
    assert.equal(type('What caused the delay?'), 'why');
    assert.equal(type('What happens next?'), 'next');
    assert.equal(type("What's next for the schools?"), 'next');
    assert.equal(type('How did the union react?'), 'reaction');
    assert.equal(type("What was the mayor's response?"), 'reaction');
    assert.equal(type('What did Peskov say?'), 'said');
    assert.equal(type('What has the minister told reporters?'), 'said');
    assert.equal(type('What does Dmitriev want?'), 'wants');
    assert.equal(type('What pay rise did the workers want?'), 'wants');
    assert.equal(type('Did Sweet appeal?'), 'yes-no');
    assert.equal(type('What is Nord Stream 2?'), 'what');
  });

  it('sets the frame aside: only the content must be found', () => {
    const q = analyseQuestion('What happens next for the schools?');
    assert.deepEqual(q.content, [stem('schools')]);
    const said = analyseQuestion('What did the Bank of England say about rates?');
    assert.equal(said.subject, 'Bank of England');
    assert.deepEqual(said.named, [stem('Bank'), stem('England')]);
    assert.ok(said.content.includes(stem('rates')));
    assert.ok(analyseQuestion('Where are the next talks?').future);
  });
});

describe('relevance does not depend on the size of the corpus', () => {
  const subject = makeDocument({
    title: 'Glassworks reopens',
    paragraphs: [
      'The Halden glassworks reopened on Monday after a two-year closure.',
      'Halden employs 240 people, most of them from the town.',
      'The owners of Halden said orders had returned to pre-closure levels.',
    ],
  });
  const filler = (i: number) => makeDocument({
    title: `Council notice ${i}`,
    paragraphs: [`Notice ${i}: the council meets on Thursday to discuss parking permits and street lighting in ward ${i}.`],
  });

  for (const size of [1, 10, 1000]) {
    it(`finds the article's own subject and answers about it with ${size} document(s)`, async () => {
      const docs = [subject, ...Array.from({ length: size - 1 }, (_, i) => filler(i))];
      const { services } = makeBot(docs);
      const brief = await services.briefing.brief('Halden');
      assert.ok(brief.bullets.length > 0);
      assert.ok(brief.bullets.every((b) => b.citations[0].docId === subject.id));
      const answer = await services.answers.answer('How many people does Halden employ?');
      assert.equal(answer.found, true);
      assert.match(answer.answer, /240/);
      const none = await services.answers.answer('How many people does Halden export to Japan?');
      assert.equal(none.found, false, none.answer);
      await assert.rejects(services.briefing.brief('volcano eruption'), /No documents match/);
    });
  }

  it('keeps the name rule: a question naming something absent is not answered from a passage that shares its other words', async () => {
    const league = makeDocument({ title: 'League One', paragraphs: ['Barnsley won the League One semi-final on penalties.'] });
    const { services } = makeBot([league]);
    const answer = await services.answers.answer('Who won the Champions League final?');
    assert.equal(answer.found, false);
  });
});
