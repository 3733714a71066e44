import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Document } from '../../src/corpus/corpus-types.ts';
import { parseDocument } from '../../src/corpus/parse.ts';

// The attribution forms of news copy, one describe per form, with the cases that must keep
// `speaker: null`. Paragraphs are lines, as in the news dumps the corpus reads.

function parse(text: string): Document {
  const doc = parseDocument({ text, path: 'x.txt', format: 'txt' }).document;
  assertVerbatim(doc);
  return doc;
}

/** Every quote is verbatim in the document and in its passage. */
function assertVerbatim(doc: Document): void {
  for (const q of doc.quotes) {
    assert.ok(doc.text.includes(q.text), `quote not verbatim in document: ${q.text}`);
    const passage = doc.passages.find((p) => p.id === q.passageId);
    assert.ok(passage?.text.includes(q.text), `quote not in its passage: ${q.text}`);
  }
}

/** [speaker, role, text] per quote. */
function rows(text: string): Array<[string | null, string | null, string]> {
  return parse(text).quotes.map((q) => [q.speaker, q.role, q.text]);
}

function speakers(text: string): Array<string | null> {
  return parse(text).quotes.map((q) => q.speaker);
}

describe('"…," Name said', () => {
  it('reads the name, and the role from an appositive', () => {
    assert.deepEqual(rows('"The harbour will reopen by the end of May," Henrik Larsen said.'), [
      ['Henrik Larsen', null, 'The harbour will reopen by the end of May'],
    ]);
    assert.deepEqual(rows('“The harbour will reopen by the end of May,” Henrik Larsen, the port authority director, said on Friday.'), [
      ['Henrik Larsen', 'port authority director', 'The harbour will reopen by the end of May'],
    ]);
  });

  it('keeps a two-part appositive ending in an acronym', () => {
    const [q] = parse('"Orders fell for a third month running," Martin Kessler, chief economist at the employers\' federation, BDI, said.').quotes;
    assert.equal(q.speaker, 'Martin Kessler');
    assert.match(q.role!, /chief economist/);
    assert.match(q.role!, /BDI/);
  });
});

describe('"…," said (role) Name', () => {
  it('reads the name right after the verb', () => {
    assert.deepEqual(rows('"We have never seen queues like this before," said Kofi Mensah.'), [
      ['Kofi Mensah', null, 'We have never seen queues like this before'],
    ]);
  });

  it('takes a lowercase role in front of the name as the role', () => {
    assert.deepEqual(rows('"We have never seen queues like this before," said manager Kofi Mensah.'), [
      ['Kofi Mensah', 'manager', 'We have never seen queues like this before'],
    ]);
    assert.deepEqual(rows('"Our order book is full until next spring," said chief executive Ingrid Holm.'), [
      ['Ingrid Holm', 'chief executive', 'Our order book is full until next spring'],
    ]);
    assert.deepEqual(rows('"Rates will stay high for longer than markets expect," said Halden Bank economist Sofia Berg, who has covered the region for years.'), [
      ['Sofia Berg', 'Halden Bank economist', 'Rates will stay high for longer than markets expect'],
    ]);
    assert.deepEqual(rows('"The crossing must stay open to aid convoys," said local resident Amira Haddad.'), [
      ['Amira Haddad', 'local resident', 'The crossing must stay open to aid convoys'],
    ]);
  });

  it('keeps a capitalized title with its modifiers', () => {
    assert.deepEqual(rows('"The talks were frank and useful," said US Secretary of State Marco Rubio.'), [
      ['Marco Rubio', 'US Secretary of State', 'The talks were frank and useful'],
    ]);
    assert.deepEqual(rows('"The talks were frank and useful," said former Foreign Minister Tarek Aziz.'), [
      ['Tarek Aziz', 'former Foreign Minister', 'The talks were frank and useful'],
    ]);
    assert.deepEqual(rows('"The talks were frank and useful," said former US president Barack Obama.'), [
      ['Barack Obama', 'former US president', 'The talks were frank and useful'],
    ]);
  });
});

describe('"…" role Name said (context)', () => {
  it('reads the role before the name and ignores what follows the verb', () => {
    assert.deepEqual(rows('"Our order book is full until next spring" chief executive Ingrid Holm said at a conference on Tuesday.'), [
      ['Ingrid Holm', 'chief executive', 'Our order book is full until next spring'],
    ]);
    assert.deepEqual(rows('"The bridge will be closed for at least a week," deputy mayor Paolo Ferri said in a statement.'), [
      ['Paolo Ferri', 'deputy mayor', 'The bridge will be closed for at least a week'],
    ]);
    assert.deepEqual(rows('"Europe must invest far more in its own defence," European Commission president Ursula von der Leyen said on Monday.'), [
      ['Ursula von der Leyen', 'European Commission president', 'Europe must invest far more in its own defence'],
    ]);
  });

  it("gives the words to the role holder when the role is someone else's possession", () => {
    assert.deepEqual(speakers('"My client will appeal the ruling," Tom Lee\'s lawyer Jana Novak said.'), ['Jana Novak']);
  });
});

describe('"…," Surname said', () => {
  it('resolves the surname to the full name given earlier, with the role given there', () => {
    const doc = parse('Nadia Haddad, the chief financial officer, presented the results on Thursday.\n"Margins will recover in the second half," Haddad said.');
    assert.deepEqual(doc.quotes.map((q) => [q.speaker, q.role]), [['Nadia Haddad', 'chief financial officer']]);
  });

  it('keeps the bare surname when no full name was given', () => {
    assert.deepEqual(speakers('"Margins will recover in the second half," Okonkwo said.'), ['Okonkwo']);
  });

  it('reads an honorific without a dot as one (UK copy)', () => {
    assert.deepEqual(speakers('Ana Ruiz runs the clinic in the old town.\n"We are short of nurses every single night," said Ms Ruiz.'), ['Ana Ruiz']);
  });
});

describe('Name(, role,) said: "…"', () => {
  it('reads the speaker and an appositive role before the quote', () => {
    assert.deepEqual(rows('Sofia Berg said: "Inflation is clearly past its peak now."'), [
      ['Sofia Berg', null, 'Inflation is clearly past its peak now.'],
    ]);
    assert.deepEqual(rows('Sofia Berg, senior analyst at Nordea Markets, said: "Inflation is clearly past its peak now."'), [
      ['Sofia Berg', 'senior analyst at Nordea Markets', 'Inflation is clearly past its peak now.'],
    ]);
  });

  it('reads a role with an inner comma', () => {
    const [q] = parse('Lee Hopley, chief economist at the manufacturers\' organisation, EEF, said: "The sector is in a clear recession."').quotes;
    assert.equal(q.speaker, 'Lee Hopley');
    assert.match(q.role!, /chief economist/);
    assert.match(q.role!, /EEF/);
  });

  it('reads a role in front of the name, and an audience after the verb', () => {
    assert.deepEqual(rows('Chief executive Ingrid Holm said: "Our order book is full until next spring."'), [
      ['Ingrid Holm', 'Chief executive', 'Our order book is full until next spring.'],
    ]);
    assert.deepEqual(speakers('Jonas Weber told Sky News on Sunday: "We will not sign this agreement."'), ['Jonas Weber']);
  });
});

describe('quotations running over paragraphs', () => {
  it('gives every paragraph of a running quotation to its speaker, verbatim', () => {
    const doc = parse([
      'Rob Dobson, senior economist at Markit, said: "On this evidence production is falling.',
      '"The labour market is also being impacted."',
    ].join('\n'));
    assert.deepEqual(doc.quotes.map((q) => [q.speaker, q.role, q.text]), [
      ['Rob Dobson', 'senior economist at Markit', 'On this evidence production is falling.'],
      ['Rob Dobson', 'senior economist at Markit', 'The labour market is also being impacted.'],
    ]);
  });

  it('follows a quotation over three paragraphs and through "he added"', () => {
    const doc = parse([
      'Exports dropped again in October.',
      'Tomas Eriksen, head of research at Halden Bank, said: “Demand is cooling quickly across the region.',
      '“Exporters are the hardest hit by the strong currency.',
      '“We expect two rate cuts next year,” he added. “The first could come in March.”',
      'Shares closed higher.',
    ].join('\n'));
    assert.deepEqual(doc.quotes.map((q) => [q.speaker, q.text]), [
      ['Tomas Eriksen', 'Demand is cooling quickly across the region.'],
      ['Tomas Eriksen', 'Exporters are the hardest hit by the strong currency.'],
      ['Tomas Eriksen', 'We expect two rate cuts next year'],
      ['Tomas Eriksen', 'The first could come in March.'],
    ]);
  });

  it('runs on from a quotation attributed after it', () => {
    assert.deepEqual(rows('"Prices have doubled since the spring," said Tom Baker, a baker in Lyon. "I cannot keep raising mine every month.\n"My customers are already buying less bread."'), [
      ['Tom Baker', 'baker in Lyon', 'Prices have doubled since the spring'],
      ['Tom Baker', 'baker in Lyon', 'I cannot keep raising mine every month.'],
      ['Tom Baker', 'baker in Lyon', 'My customers are already buying less bread.'],
    ]);
  });

  it('does not keep an unclosed quote when no quotation paragraph follows', () => {
    assert.deepEqual(rows('Tom Baker said: "Demand is cooling quickly across the region.\nThe markets closed lower on Tuesday.'), []);
  });
});

describe('UK single speech marks', () => {
  it('reads single-quoted speech after "said:" and across paragraphs, apostrophes included', () => {
    const doc = parse([
      'Carolyn Hodrien, victim services director for Victim Support, said: \'From supporting thousands of victims we know the court process can be daunting.',
      '\'Victims\' needs don\'t stop at the court door, and neither does our help.\'',
    ].join('\n'));
    assert.deepEqual(doc.quotes.map((q) => [q.speaker, q.text]), [
      ['Carolyn Hodrien', 'From supporting thousands of victims we know the court process can be daunting.'],
      ['Carolyn Hodrien', 'Victims\' needs don\'t stop at the court door, and neither does our help.'],
    ]);
    assert.equal(doc.quotes[0].role, 'victim services director for Victim Support');
  });

  it('reads curly single marks, an audience after the verb and "she added" in the next paragraph', () => {
    assert.deepEqual(rows('Anna Kowalski, a nurse at the hospital, told the BBC: ‘We haven’t had a day off in weeks.\n‘The patients’ families are exhausted too,’ she added.'), [
      ['Anna Kowalski', 'nurse at the hospital', 'We haven’t had a day off in weeks.'],
      ['Anna Kowalski', 'nurse at the hospital', 'The patients’ families are exhausted too'],
    ]);
  });

  it('does not read apostrophes or scare quotes as speech', () => {
    assert.deepEqual(rows('The fans\' favourite returned on Saturday. Rock \'n\' roll was played, and the players\' families cheered.\n\'Tis the season, the organisers joked.'), []);
    assert.deepEqual(rows('He said the \'special relationship\' was over, critics\' warnings aside.'), []);
  });
});

describe('"…," he/she said', () => {
  it('resolves the pronoun to the one person named before', () => {
    assert.deepEqual(speakers('Maria Santos, the mayor of Porto, opened the new bridge on Friday.\n"This bridge will change the life of the city," she said.'), ['Maria Santos']);
    assert.deepEqual(speakers('Mr Okafor, who runs a bakery in Leeds, said prices had doubled.\n"I cannot keep raising my prices," he said.'), ['Okafor']);
  });

  it('stays null when the honorific contradicts the pronoun', () => {
    assert.deepEqual(speakers('Mr Daniel Osei opened the session. "We will not back down from this," she said.'), [null]);
  });

  it('stays null with two candidates', () => {
    assert.deepEqual(speakers('Finance minister Tom Lee met central bank governor Ana Ruiz. "We agreed on the next steps together," she said.'), [null]);
  });
});

describe('unsure stays null', () => {
  it("does not give a spokesman's or a lawyer's words to the person they speak for", () => {
    assert.deepEqual(speakers('"The ruling is deeply flawed," said a lawyer for the minister Tom Lee.'), [null]);
    assert.deepEqual(speakers('"The ruling is deeply flawed," a lawyer for defence minister Tom Lee said.'), [null]);
    assert.deepEqual(speakers('A lawyer for the minister John Smith said: "The ruling is deeply flawed."'), [null]);
    assert.deepEqual(speakers('"The ruling is deeply flawed," a spokeswoman for Ingrid Holm said on Monday.'), [null]);
    assert.deepEqual(speakers('"The ruling is deeply flawed," said Ingrid Holm\'s spokeswoman.'), [null]);
  });

  it('does not pick one of two speakers', () => {
    assert.deepEqual(speakers('"Inflation is clearly past its peak," said economist Tom Lee and analyst Jane Doe.'), [null]);
  });

  it('does not take a name after a word that is not a role', () => {
    assert.deepEqual(speakers('"Inflation is clearly past its peak," the tireless Tom Lee said.'), [null]);
  });
});
