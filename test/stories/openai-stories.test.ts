// The LLM engine in story mode, against the fake OpenAI server: the model sees each story once
// with its outlets (copies left out), and whatever it returns, a story gets one bullet citing
// every outlet it was shown.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createOpenAIEngine } from '../../src/engines/openai-engine.ts';
import { checkBrief } from '../../src/engines/grounding.ts';
import { extractiveModel, promptLines, startFakeOpenAI, type FakeChatRequest, type FakeOpenAI } from '../fakes/openai-server.ts';
import { engineOptions } from '../engines/fixtures.ts';
import { makeSnapshot } from '../helpers/documents.ts';
import { bridgeCoast, bridgeHerald, bridgeWire, orchestra, strikeCopyA, strikeWire } from './fixtures.ts';

const topic = { slug: 'regional', title: 'Regional news' };
const documents = [bridgeHerald, orchestra, bridgeCoast, strikeWire, bridgeWire, strikeCopyA];
const request = { query: topic.slug, topic, documents, length: 'standard' as const };
const user = (r: FakeChatRequest): string => r.body.messages.at(-1).content;
const docIds = (b: { citations: Array<{ docId: string }> }) => b.citations.map((c) => c.docId).sort();

let fake: FakeOpenAI;
before(async () => {
  fake = await startFakeOpenAI();
});
after(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
});

describe('openai engine: stories', () => {
  it('groups the documents by story with their outlets, leaves copies out, and completes a story bullet’s citations', async () => {
    fake.setHandler(() => ({
      json: {
        headline: 'Tamsin Bridge collapses in Korvena',
        bullets: [
          { text: 'The Tamsin Bridge in Korvena collapsed after record rainfall; no one was hurt.', citations: [bridgeHerald.passages[0].id] },
          { text: 'The Lindmark Philharmonic cancelled its winter tour after a grant cut.', citations: [orchestra.passages[0].id] },
          { text: 'Port Avis dock workers began a three-day strike over pay.', citations: [strikeWire.passages[0].id] },
        ],
        quotes: [],
      },
    }));
    const engine = createOpenAIEngine(engineOptions(fake.baseURL));
    const brief = await engine.brief(request);

    const prompt = user(fake.chatRequests()[0]);
    assert.match(prompt, /one bullet per story/);
    assert.match(prompt, /### Story 1 — reported by Valley Herald, Coast Times, Metro Wire \(3 outlets\)/);
    assert.ok(!promptLines(fake.chatRequests()[0]).some((l) => l.ids.some((id) => id.startsWith(strikeCopyA.id))), 'the syndicated copy is not sent');
    assert.equal(brief.engine, 'openai');
    assert.equal(brief.bullets.length, 3);
    assert.deepEqual(docIds(brief.bullets[0]), [bridgeHerald.id, bridgeCoast.id, bridgeWire.id].sort());
    assert.deepEqual(brief.bullets[0].story, { outlets: ['Valley Herald', 'Coast Times', 'Metro Wire'], coverage: 3 });
    assert.deepEqual(brief.bullets[2].story, { outlets: ['Metro Wire'], coverage: 1 });
  });

  it('a model that tells one story twice and cites another story’s passage: one bullet per story, foreign citations removed, said in the notes', async () => {
    fake.setHandler(() => ({
      json: {
        headline: 'Tamsin Bridge collapses in Korvena',
        bullets: [
          { text: 'The Tamsin Bridge collapsed into the Lorne River on Tuesday.', citations: [bridgeCoast.passages[0].id] },
          { text: 'Mayor Elsa Varga said no one was injured in the bridge collapse.', citations: [bridgeWire.passages[0].id] },
          { text: 'The Lindmark Philharmonic cancelled its tour.', citations: [orchestra.passages[0].id, bridgeHerald.passages[1].id, orchestra.passages[1].id] },
        ],
        quotes: [],
      },
    }));
    const engine = createOpenAIEngine(engineOptions(fake.baseURL));
    const brief = await engine.brief(request);
    assert.equal(brief.bullets.length, 2);
    assert.match(brief.bullets[0].text, /Lorne River/);
    assert.deepEqual(docIds(brief.bullets[0]), [bridgeHerald.id, bridgeCoast.id, bridgeWire.id].sort());
    assert.deepEqual(docIds(brief.bullets[1]), [orchestra.id], 'the bridge passage is gone from the orchestra bullet');
    assert.ok(brief.notes.includes('1 bullet repeated a story already told and was removed'), brief.notes.join(' | '));
    assert.ok(brief.notes.includes("1 citation pointed outside its bullet's story and was removed"), brief.notes.join(' | '));
    // The grounding check (run again by the briefing service) keeps every remaining citation.
    const allowed = new Set(documents.flatMap((d) => d.passages.map((p) => p.id)));
    assert.deepEqual(checkBrief(brief, { snapshot: makeSnapshot(documents), allowedPassageIds: allowed }).bullets, brief.bullets);
  });

  it('map-reduce: notes are taken per article (never for a copy), and the reduce step sees notes grouped by story', async () => {
    // Short notes (one per article) so all five fit the reduce prompt but not the single one.
    fake.setHandler((r) => {
      if (r.schema !== 'document_notes') return extractiveModel(r);
      const [first] = promptLines(r);
      return { json: { notes: [{ text: first.text.split(/\s+/).slice(0, 8).join(' '), citations: first.ids }], quotes: [] } };
    });
    const engine = createOpenAIEngine(engineOptions(fake.baseURL, { briefPromptTokens: 600 }));
    const brief = await engine.brief(request);
    assert.ok(!brief.notes.some((n) => /did not fit/.test(n)), brief.notes.join(' | '));
    const notesCalls = fake.chatRequests().filter((r) => r.schema === 'document_notes');
    assert.equal(notesCalls.length, 5, 'five reports, the copy skipped');
    assert.ok(!notesCalls.some((r) => user(r).includes(strikeCopyA.passages[0].id)));
    const reduce = fake.chatRequests().find((r) => r.schema === 'brief')!;
    const text = user(reduce);
    assert.match(text, /### Story 1 — reported by Valley Herald, Coast Times, Metro Wire \(3 outlets\)/);
    const storyOne = text.slice(text.indexOf('### Story 1'), text.indexOf('### Story 2'));
    for (const doc of [bridgeHerald, bridgeCoast, bridgeWire]) assert.ok(storyOne.includes(doc.passages[0].id), `notes of ${doc.source} under story 1`);
    // This stand-in model writes a bullet per note line; the story rules bring it to one per story.
    const bridgeBullets = brief.bullets.filter((b) => b.citations.some((c) => c.docId === bridgeHerald.id || c.docId === bridgeCoast.id));
    assert.equal(bridgeBullets.length, 1);
    assert.deepEqual(docIds(bridgeBullets[0]), [bridgeHerald.id, bridgeCoast.id, bridgeWire.id].sort());
  });
});
