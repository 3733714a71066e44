// End to end: a fake model that invents a quote, misattributes a real one and cites a passage
// that does not exist. Nothing of that may reach the brief; every drop is counted.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkBrief } from '../../src/engines/grounding.ts';
import { createOpenAIEngine } from '../../src/engines/openai-engine.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai-server.ts';
import { allPassageIds, briefRequest, engineOptions, makeSnapshot, russiaDoc, talksDoc } from './fixtures.ts';

let fake: FakeOpenAI;
before(async () => {
  fake = await startFakeOpenAI();
});
after(() => fake.close());

describe('grounding end to end', () => {
  it('removes an invented quote, a misattributed quote and a bullet citing a missing passage', async () => {
    const p = (i: number) => russiaDoc.passages[i]!.id;
    fake.setHandler(() => ({
      json: {
        headline: 'Moscow welcomes Washington’s turn',
        bullets: [
          { text: 'The US is prioritising ties with Russia.', citations: [p(0)] },
          { text: 'A ceasefire was signed in Riyadh.', citations: [`${russiaDoc.id}.17`] },
          { text: 'A second round of talks may be held in the Gulf.', citations: [talksDoc.passages[0]!.id] },
        ],
        quotes: [
          { text: 'We have won the negotiations completely.', speaker: 'Dmitry Peskov', citation: p(2) },
          { text: 'The attempt to defeat Russia collapsed.', speaker: 'Dmitry Peskov', citation: p(4) },
          { text: '“This largely coincides with our vision.”', speaker: 'Peskov', citation: p(2) },
        ],
      },
    }));
    const engine = createOpenAIEngine(engineOptions(fake.baseURL));
    const request = briefRequest([russiaDoc, talksDoc]);
    const brief = await engine.brief(request);

    assert.deepEqual(brief.bullets.map((b) => b.text), ['The US is prioritising ties with Russia.', 'A second round of talks may be held in the Gulf.']);
    assert.deepEqual(brief.quotes.map((q) => [q.text, q.speaker, q.role]), [['This largely coincides with our vision.', 'Peskov', 'Kremlin spokesman']]);
    assert.ok(brief.notes.includes('1 bullet cited a passage that could not be verified and was removed'), brief.notes.join(' | '));
    assert.ok(brief.notes.includes('1 quote could not be verified and was removed'));
    assert.ok(brief.notes.includes('1 quote was attributed to the wrong speaker and was removed'));

    // The BriefingService runs the check again with the real snapshot: nothing more to remove.
    const again = checkBrief(brief, { snapshot: makeSnapshot([russiaDoc, talksDoc]), allowedPassageIds: allPassageIds(request.documents) });
    assert.deepEqual(again, brief);
  });

  it('falls back when no bullet survives the check', async () => {
    fake.setHandler(() => ({
      json: { headline: 'Everything is invented', bullets: [{ text: 'Made up.', citations: ['nothing.1'] }, { text: 'Also made up.', citations: [] }], quotes: [] },
    }));
    const options = engineOptions(fake.baseURL);
    const brief = await createOpenAIEngine(options).brief(briefRequest([russiaDoc]));
    assert.equal(brief.engine, 'offline');
    assert.equal(brief.notes[0], "None of the language model's points could be traced to a passage of the documents; this is the offline summary.");
    assert.equal(brief.usage?.calls, 1);
  });
});
