// The offline engine answers each kind of question from the sentence that answers it, through
// the real parser, index and answer service; and says "not covered" (or what is missing) rather
// than guess. The questions are worded freely, not in one fixed form.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeBot } from '../helpers/bot.ts';
import { BAKERY, HARBOUR } from '../helpers/articles.ts';

const { services } = makeBot([HARBOUR, BAKERY]);
const ask = (q: string) => services.answers.answer(q);

async function expectAnswer(question: string, pattern: RegExp): Promise<void> {
  const a = await ask(question);
  assert.equal(a.found, true, `${question} → ${a.answer}`);
  assert.match(a.answer, pattern, question);
  assert.ok(a.citations.length > 0 && a.citations.every((c) => c.docId === HARBOUR.id || c.docId === BAKERY.id), question);
  assert.doesNotMatch(a.answer, /^[”’]/, "never starts inside a quotation");
  const curlyOpen = (a.answer.match(/“/g) ?? []).length;
  assert.equal(curlyOpen, (a.answer.match(/”/g) ?? []).length, `balanced quote marks: ${a.answer}`);
  assert.equal((a.answer.match(/"/g) ?? []).length % 2, 0, `balanced quote marks: ${a.answer}`);
}

async function expectNotFound(question: string, pattern = /don't cover/): Promise<void> {
  const a = await ask(question);
  assert.equal(a.found, false, `${question} → ${a.answer}`);
  assert.match(a.answer, pattern, question);
}

describe('offline answers by question type', () => {
  it('who is X: the role the documents give (apposition, title, attribution)', async () => {
    await expectAnswer('Who is Paul Ennis?', /Paul Ennis is .*chief executive/);
    await expectAnswer('who is Ilse Borg', /transport minister/);
    await expectAnswer('Who is Marta Kovacs?', /union leader/);
  });

  it('where: the place', async () => {
    await expectAnswer('Where will the talks resume?', /labour ministry in Brenn/);
    await expectAnswer('Where were the ships sent?', /Castelo/);
  });

  it('when: the date', async () => {
    await expectAnswer('When did the dock workers walk out?', /Monday/);
    await expectAnswer('When was the oven built?', /1887/);
  });

  it('how many / how much: the number', async () => {
    await expectAnswer('How many workers are on strike?', /1,200/);
    await expectAnswer('What pay rise did the workers want?', /6%/);
    await expectAnswer('How many vessels were diverted?', /14 vessels/);
  });

  it('why: the cause clause', async () => {
    await expectAnswer('Why did the dockers strike?', /because the operator.* refused/);
  });

  it('what happens next: the forward-looking sentence', async () => {
    await expectAnswer('What happens next in the port dispute?', /expected to resume on Thursday/);
    await expectAnswer("What's next for the dock strike?", /resume on Thursday|arbitration/);
  });

  it('how did X react: X\'s reaction', async () => {
    await expectAnswer('How did local traders react?', /alarm/);
  });

  it('what did X say: X\'s own attributed words, with the speaker', async () => {
    await expectAnswer('What did Marta Kovacs say?', /^Marta Kovacs .*said: “We have been patient/);
    await expectAnswer('What did Ennis say?', /Paul Ennis .*said: “The numbers simply do not work/);
  });

  it('what did X propose: word forms meet (proposed / propose / proposal)', async () => {
    await expectAnswer('What did the minister propose?', /binding arbitration/);
    await expectAnswer("What was the minister's proposal?", /binding arbitration/);
  });

  it('what did X say, when X is named but never quoted: says so, and what the documents say about X', async () => {
    const a = await ask('What did Ilse Borg say?');
    assert.equal(a.found, false);
    assert.match(a.answer, /don't quote Ilse Borg\. What they say about Ilse Borg: .*binding arbitration/);
    assert.equal(a.citations.length, 1);
  });

  it('a where-question whose place the documents do not give says what is missing', async () => {
    const a = await ask('Where did Paul Ennis say the increase was unaffordable?');
    // "at a press briefing in the capital" — a place without a name still counts as a place.
    assert.ok(a.found || /don't say where/.test(a.answer), a.answer);
    await expectNotFound('How many apprentices does the bakery employ?', /don't say how many|don't cover/);
  });

  it('says "not covered" for what the documents do not hold', async () => {
    await expectNotFound('What did the prime minister say?');
    await expectNotFound('Who won the football final?');
    await expectNotFound('Did the union appeal to the courts?');
    await expectNotFound('What is the price of bread in Oldmere?', /don't cover|don't say how many or how much/);
  });
});
