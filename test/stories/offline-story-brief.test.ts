import assert from 'node:assert/strict';
import { test } from 'node:test';
import { offlineBrief } from '../../src/engines/offline-engine.ts';
import { checkBrief } from '../../src/engines/grounding.ts';
import { renderReply } from '../../src/platforms/console/render.ts';
import { makeSnapshot } from '../helpers/documents.ts';
import { bridgeCoast, bridgeHerald, bridgeWire, orchestra, strikeCopyA, strikeCopyB, strikeOwn, strikeWire } from './fixtures.ts';

const topic = { slug: 'regional', title: 'Regional news' };

test('three outlets’ articles of one story and another story: one bullet per story, the first citing three', async () => {
  const documents = [bridgeHerald, orchestra, bridgeCoast, bridgeWire];
  for (const length of ['short', 'standard', 'detailed'] as const) {
    const brief = await offlineBrief({ query: topic.slug, topic, documents, length });
    assert.equal(brief.bullets.length, 2, length);
    const [bridge, other] = brief.bullets;
    assert.match(bridge.text, /Tamsin Bridge/);
    assert.deepEqual(bridge.citations.map((c) => c.docId).sort(), [bridgeHerald.id, bridgeCoast.id, bridgeWire.id].sort());
    assert.deepEqual(bridge.story, { outlets: ['Valley Herald', 'Coast Times', 'Metro Wire'], coverage: 3 });
    assert.deepEqual(other.citations.map((c) => c.docId), [orchestra.id]);
    assert.deepEqual(other.story, { outlets: ['Valley Herald'], coverage: 1 });
    // The grounding check keeps every citation.
    const checked = checkBrief(brief, { snapshot: makeSnapshot(documents), allowedPassageIds: new Set(documents.flatMap((d) => d.passages.map((p) => p.id))) });
    assert.deepEqual(checked.bullets, brief.bullets);
  }
});

test('the same story from three outlets alone: the lead bullet cites all three', async () => {
  const brief = await offlineBrief({ query: topic.slug, topic, documents: [bridgeHerald, bridgeCoast, bridgeWire], length: 'short' });
  assert.deepEqual(brief.bullets[0].citations.map((c) => c.docId).sort(), [bridgeHerald.id, bridgeCoast.id, bridgeWire.id].sort());
  assert.equal(brief.bullets[0].story?.coverage, 3);
});

test('the rendered brief shows [1][2][3] and the outlet count', async () => {
  const brief = await offlineBrief({ query: topic.slug, topic, documents: [bridgeHerald, orchestra, bridgeCoast, bridgeWire], length: 'short' });
  const text = renderReply({ kind: 'brief', brief });
  const bridgeLine = text.split('\n').find((l) => l.startsWith('  •') && l.includes('Tamsin Bridge'))!;
  assert.match(bridgeLine, /\[1\]\[3\]\[4\] — 3 outlets$/);
});

test('syndicated copies collapse to one citation and count once', async () => {
  const documents = [strikeWire, strikeCopyA, orchestra, strikeCopyB, strikeOwn];
  const brief = await offlineBrief({ query: topic.slug, topic, documents, length: 'standard' });
  assert.equal(brief.bullets.length, 2);
  const [strike] = brief.bullets;
  assert.deepEqual(strike.citations.map((c) => c.docId).sort(), [strikeWire.id, strikeOwn.id].sort());
  assert.deepEqual(strike.story, { outlets: ['Metro Wire', 'Coast Times'], coverage: 2 });
  assert.ok(!brief.sources.some((s) => s.docId === strikeCopyA.id || s.docId === strikeCopyB.id));
  assert.ok(brief.notes.includes('2 syndicated copies of other reports counted once.'));
});

test('a single story keeps the ordinary brief (several bullets), without its copies; its lead bullet cites every outlet', async () => {
  const brief = await offlineBrief({ query: topic.slug, topic, documents: [strikeWire, strikeCopyA, strikeOwn], length: 'standard' });
  assert.ok(brief.bullets.length >= 2);
  assert.deepEqual(brief.bullets[0].story, { outlets: ['Metro Wire', 'Coast Times'], coverage: 2 });
  assert.deepEqual(brief.bullets[0].citations.map((c) => c.docId).sort(), [strikeWire.id, strikeOwn.id].sort());
  assert.ok(brief.bullets.slice(1).every((b) => b.story === undefined));
  assert.ok(!brief.bullets.some((b) => b.citations.some((c) => c.docId === strikeCopyA.id)));
});
