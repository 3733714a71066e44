// Entities of a brief: organisations news names by their seat, a pipeline that is not a place,
// and one entry per country however it is spelled.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractEntities } from '../../src/engines/brief-entities.ts';

const BRIEF_TEXT = [
  'The United States and Russia are entering a new phase in their relationship.',
  'Opting to prioritize ties with Russia over traditional partners, the US administration is taking steps that could alter global dynamics.',
  "This move comes as a result of Russia's rare earth reserves and potential collaboration on the Nord Stream 2 gas pipeline project to Europe.",
  'The Kremlin has specifically noted the rapid pace at which these changes are occurring.',
].join('\n');

describe('extractEntities', () => {
  it('lists the Kremlin and Nord Stream as organisations, not places', async () => {
    const e = await extractEntities(BRIEF_TEXT, ['Dmitry Peskov']);
    assert.ok(e.organizations.includes('Kremlin'), JSON.stringify(e));
    assert.ok(e.organizations.includes('Nord Stream'), JSON.stringify(e));
    assert.ok(!e.places.some((p) => /nord stream|kremlin/i.test(p)), JSON.stringify(e));
  });

  it('lists the United States once, whether written US, U.S., USA or United States', async () => {
    const e = await extractEntities(`${BRIEF_TEXT}\nThe U.S. and the USA were named too.`);
    const us = [...e.places, ...e.organizations].filter((p) => /^(?:US|U\.S\.?|USA\.?|United States)$/.test(p));
    assert.deepEqual(us, ['United States'], JSON.stringify(e));
    assert.ok(e.places.includes('Russia') && e.places.includes('Europe'), JSON.stringify(e));
  });

  it('keeps the people it is given and strips attribution dashes from names', async () => {
    const e = await extractEntities('"We agree," he said.\n— Dmitry Peskov, Kremlin spokesman', ['Dmitry Peskov']);
    assert.deepEqual(e.people, ['Dmitry Peskov']);
  });
});
