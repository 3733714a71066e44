import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterStories } from '../../src/stories/cluster-stories.ts';
import { outletOf } from '../../src/stories/outlet.ts';
import { syntheticNews } from '../../bench/synthetic-news.ts';
import {
  article, bridgeCoast, bridgeHerald, bridgeWire, orchestra, strikeCopyA, strikeCopyB, strikeOwn, strikeWire, tradeSpeech, weddingStory,
} from './fixtures.ts';

const ids = (docs: Array<{ id: string }>) => docs.map((d) => d.id).sort();

test('the same event from three outlets is one story with coverage 3; another event stays apart', () => {
  const stories = clusterStories([bridgeHerald, orchestra, bridgeCoast, bridgeWire]);
  assert.equal(stories.length, 2);
  const [bridge, other] = stories;
  assert.deepEqual(ids(bridge.members.map((m) => m.doc)), ids([bridgeHerald, bridgeCoast, bridgeWire]));
  assert.equal(bridge.coverage, 3);
  assert.deepEqual(bridge.outlets, ['Valley Herald', 'Coast Times', 'Metro Wire']);
  assert.ok(bridge.members.every((m) => m.copyOf === null));
  assert.deepEqual(other.members.map((m) => m.doc.id), [orchestra.id]);
  assert.equal(other.coverage, 1);
});

test('syndicated copies join their story but count once', () => {
  const stories = clusterStories([strikeWire, strikeCopyA, strikeCopyB, strikeOwn]);
  assert.equal(stories.length, 1);
  const [strike] = stories;
  assert.equal(strike.coverage, 2, 'the wire report and Coast Times’ own');
  const copies = strike.members.filter((m) => m.copyOf !== null);
  assert.deepEqual(ids(copies.map((m) => m.doc)), ids([strikeCopyA, strikeCopyB]));
  assert.ok(copies.every((m) => m.copyOf === strikeWire.id));
  assert.deepEqual(strike.outlets, ['Metro Wire', 'Coast Times']);
  assert.deepEqual(strike.syndicatedBy, ['Daily Ledger', 'Evening Star']);
  assert.equal(strike.latest, '2026-04-02T12:00:00.000Z');
});

test('two unrelated events that share a name stay apart', () => {
  const stories = clusterStories([tradeSpeech, weddingStory]);
  assert.equal(stories.length, 2);
});

test('the same wording far apart in time is two events; unknown dates neither help nor forbid', () => {
  const later = { ...bridgeCoast, id: 'later', date: '2026-04-20T09:00:00.000Z' };
  assert.equal(clusterStories([bridgeHerald, later]).length, 2);
  const undated = { ...bridgeCoast, id: 'undated', date: null };
  assert.equal(clusterStories([bridgeHerald, undated]).length, 1);
  const nextDay = { ...bridgeCoast, id: 'next', date: '2026-04-03T20:00:00.000Z' };
  assert.equal(clusterStories([bridgeHerald, nextDay]).length, 1);
});

test('one article about two events does not chain them into one story', () => {
  const bridge = article('Coast Times', 'Korvena bridge collapses into Lorne River', [
    'The Tamsin Bridge in Korvena collapsed into the Lorne River on Tuesday after record rainfall, Mayor Elsa Varga said.',
  ]);
  const strike = article('Valley Herald', 'Port Avis dock workers strike over pay', [
    'Dock workers in Port Avis walked out on Tuesday over pay and night shifts, union leader Hana Sato said.',
  ]);
  const roundup = article('Globe Report', 'Tuesday roundup: Korvena bridge collapse and Port Avis dock strike', [
    'The Tamsin Bridge in Korvena collapsed into the Lorne River after record rainfall, Mayor Elsa Varga said, and dock workers in Port Avis walked out over pay and night shifts, union leader Hana Sato said.',
  ]);
  const stories = clusterStories([bridge, roundup, strike]);
  const together = stories.find((s) => s.members.some((m) => m.doc.id === bridge.id))!;
  assert.ok(!together.members.some((m) => m.doc.id === strike.id), 'the bridge and the strike are not one story');
  // Without the guard they would be: the roundup is close to each of them.
  const unguarded = clusterStories([bridge, roundup, strike], { merge: 0, minLink: 0 });
  assert.equal(unguarded.length, 1);
});

test('output is deterministic and ordered by coverage, then recency', () => {
  const docs = [orchestra, bridgeHerald, strikeWire, bridgeCoast, strikeCopyA, bridgeWire, strikeOwn, tradeSpeech];
  const a = clusterStories(docs);
  const b = clusterStories([...docs].reverse());
  const shape = (s: typeof a) => s.map((x) => ({ coverage: x.coverage, members: ids(x.members.map((m) => m.doc)) }));
  assert.deepEqual(shape(a), shape(b));
  assert.deepEqual(a.map((s) => s.coverage), [3, 2, 1, 1]);
  // Equal coverage: the more recent story first (the orchestra is a day later).
  assert.equal(a[2].members[0].doc.id, orchestra.id);
  assert.deepEqual(clusterStories(docs), a);
});

test('outlets: source, else the link’s host, else the path', () => {
  assert.equal(outletOf({ source: 'Coast Times', url: 'https://x.example/a', path: 'a.md' }), 'Coast Times');
  assert.equal(outletOf({ source: null, url: 'https://www.coast.example/a', path: 'a.md' }), 'coast.example');
  assert.equal(outletOf({ source: '  ', url: null, path: 'feeds/a.md' }), 'feeds/a.md');
});

test('10k synthetic feed items: events found, none merged wholesale (timing is bench:stories’ job)', () => {
  const { documents, story, stories: events } = syntheticNews(10_000);
  const truth = new Map(documents.map((d, i) => [d.id, story[i]]));
  const stories = clusterStories(documents);
  assert.ok(stories.length > 0.9 * events && stories.length <= events, `${stories.length} stories for ${events} events`);
  const mixed = stories.filter((s) => new Set(s.members.map((m) => truth.get(m.doc.id))).size > 1).length;
  assert.ok(mixed < 0.05 * stories.length, `${mixed} stories mix events`);
});
