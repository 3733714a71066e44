import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BriefingService, TopicService } from '../../src/briefing/service-types.ts';
import type { Document } from '../../src/corpus/corpus-types.ts';
import type { Subscription } from '../../src/scheduler/digest-types.ts';
import { offlineBrief } from '../../src/engines/offline-engine.ts';
import { buildDigest } from '../../src/scheduler/digest-content.ts';
import { bridgeCoast, bridgeHerald, bridgeWire, orchestra, strikeCopyA, strikeOwn, strikeWire, tradeSpeech } from './fixtures.ts';

const topic = { slug: 'regional', title: 'Regional news', description: '', keywords: [], query: null, files: [] };

function deps(documents: Document[]) {
  const briefed: string[][] = [];
  const briefing: Pick<BriefingService, 'briefDocuments'> = {
    async briefDocuments(t, docs, opts) {
      briefed.push(docs.map((d) => d.id));
      return offlineBrief({ query: t.slug, topic: t, documents: docs, length: opts?.length ?? 'standard' });
    },
  };
  const topics: Pick<TopicService, 'get' | 'documentsFor'> = { get: () => topic, documentsFor: () => documents };
  const store = { getSeenDocuments: async () => new Map<string, string>(), lastSuccessfulDelivery: async () => null };
  return { briefed, deps: { store, services: { briefing, topics } } as unknown as Parameters<typeof buildDigest>[0] };
}

const sub: Subscription = {
  id: 'd1', platform: 'console', conversationId: 'console:local', topic: 'regional', cron: '0 8 * * *', timezone: 'UTC',
  length: 'standard', postWhenEmpty: false, source: 'chat', createdBy: null, createdAt: '2026-04-01T00:00:00.000Z',
};

test('a digest orders stories by coverage, then recency, and says how many outlets covered each', async () => {
  // Most recent first, as the topic service lists them; the tariff story is the oldest.
  const tariff = { ...tradeSpeech, date: '2026-04-01T09:00:00.000Z' };
  const { deps: d, briefed } = deps([orchestra, strikeOwn, bridgeWire, tariff, strikeCopyA, bridgeHerald, strikeWire, bridgeCoast]);
  const content = await buildDigest(d, sub, { scheduledAt: new Date('2026-04-04T08:00:00Z'), late: false });
  assert.equal(content.documents.length, 8, 'every new document is marked seen, copies too');
  assert.equal(content.reply.kind, 'brief');
  if (content.reply.kind !== 'brief') return;
  assert.match(content.reply.title!, /8 new or updated documents in 4 stories \(“[^”]+”: 3 outlets; “[^”]+”: 2 outlets\)/);
  const bullets = content.reply.brief.bullets;
  assert.deepEqual(bullets.map((b) => b.story?.coverage), [3, 2, 1, 1]);
  assert.deepEqual(bullets.map((b) => b.story?.outlets.length), [3, 2, 1, 1]);
  assert.match(bullets[0].text, /Tamsin Bridge|bridge/i);
  assert.match(bullets[1].text, /Port Avis|dock/i);
  // Equal coverage: the more recent story (the orchestra, 3 April) before the tariff bill (1 April).
  assert.deepEqual(bullets[2].citations.map((c) => c.docId), [orchestra.id]);
  assert.deepEqual(bullets[3].citations.map((c) => c.docId), [tariff.id]);
  assert.equal(briefed[0].length, 8);
});

test('a digest of distinct stories keeps its header as before', async () => {
  const { deps: d } = deps([orchestra, tradeSpeech]);
  const content = await buildDigest(d, sub, { scheduledAt: new Date('2026-04-04T08:00:00Z'), late: false });
  assert.equal(content.reply.kind, 'brief');
  if (content.reply.kind === 'brief') assert.match(content.reply.title!, /first digest: 2 new or updated documents\.$/);
});
