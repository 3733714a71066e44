import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserFacingError } from '../../src/core/errors.ts';
import type { Engine } from '../../src/engines/engine-types.ts';
import { makeBot } from '../helpers/bot.ts';
import { makeDocument, RUSSIA_DOC, WEATHER_DOC } from '../helpers/documents.ts';

const russia = makeDocument(RUSSIA_DOC);
const storms = makeDocument(WEATHER_DOC);

async function rejectsWith(promise: Promise<unknown>, code: string, pattern: RegExp) {
  await assert.rejects(promise, (e: unknown) => e instanceof UserFacingError && e.code === code && pattern.test(e.message));
}

describe('briefing service', () => {
  it('briefs a topic from its documents only, every bullet cited', async () => {
    const { services } = makeBot([russia, storms]);
    const brief = await services.briefing.brief('us-russia', { length: 'short' });
    assert.deepEqual(brief.topic, { slug: 'us-russia', title: 'US–Russia relations' });
    assert.ok(brief.bullets.length >= 2 && brief.bullets.length <= 3, `got ${brief.bullets.length} bullets`);
    for (const bullet of brief.bullets) {
      assert.ok(bullet.citations.length >= 1);
      assert.ok(bullet.citations.every((c) => c.docId === russia.id));
    }
    assert.deepEqual(brief.quotes.map((q) => [q.speaker, q.role]), [['Dmitry Peskov', 'Kremlin spokesman']]);
    assert.deepEqual(brief.sources.map((s) => s.docId), [russia.id]);
    assert.equal(brief.engine, 'offline');
    assert.ok(brief.generatedAt);
  });

  it('briefs free text by search', async () => {
    const { services } = makeBot([russia, storms]);
    const brief = await services.briefing.brief('hurricane season');
    assert.equal(brief.topic, null);
    assert.deepEqual(brief.sources.map((s) => s.docId), [storms.id]);
  });

  it('says "did you mean" for a slug typo and "no documents match" for unrelated words', async () => {
    const { services } = makeBot([russia, storms]);
    await rejectsWith(services.briefing.brief('us-rusia'), 'unknown_topic', /Unknown topic `us-rusia`\. Did you mean `us-russia`\?/);
    await rejectsWith(services.briefing.brief('cricket world cup'), 'no_match', /No documents match "cricket world cup"/);
    await rejectsWith(services.briefing.brief('   '), 'missing_topic', /Example: `\/brief us-russia`/);
  });

  it('holds every engine to the grounding check', async () => {
    const liar: Engine = {
      name: 'liar',
      async brief(req) {
        const doc = req.documents[0];
        const cite = { docId: doc.id, passageId: doc.passages[0].id, title: doc.title, path: doc.path };
        return {
          query: req.query, topic: req.topic, headline: 'H',
          bullets: [{ text: 'Real bullet', citations: [cite] }, { text: 'Invented', citations: [{ ...cite, passageId: 'nope.9' }] }],
          quotes: [{ text: 'We will win everything', speaker: 'Dmitry Peskov', role: null, citation: cite }],
          entities: { people: [], organizations: [], places: [] }, sources: [], engine: 'liar', notes: [],
        };
      },
      answer: async () => { throw new Error('unused'); },
    };
    const { services } = makeBot([russia], { engines: [liar] });
    const brief = await services.briefing.brief('us-russia', { engine: 'liar' });
    assert.deepEqual(brief.bullets.map((b) => b.text), ['Real bullet']);
    assert.equal(brief.quotes.length, 0);
    assert.ok(brief.notes.some((n) => /removed/.test(n)), brief.notes.join('|'));
  });

  it('is deterministic for the same input', async () => {
    const a = await makeBot([russia, storms]).services.briefing.brief('us-russia');
    const b = await makeBot([russia, storms]).services.briefing.brief('us-russia');
    assert.deepEqual({ ...a, generatedAt: null }, { ...b, generatedAt: null });
  });
});
