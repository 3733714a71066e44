// Assembles services, a router and the reply path around hand-made documents, with the real offline engine and
// the in-memory store.
import { configSchema } from '../../src/config/schema.ts';
import { createManualClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createReplyPath } from '../../src/core/reply-path.ts';
import { createRouter } from '../../src/core/router.ts';
import type { Document } from '../../src/corpus/corpus-types.ts';
import type { Engine } from '../../src/engines/engine-types.ts';
import { createOfflineEngine } from '../../src/engines/offline-engine.ts';
import { createServices } from '../../src/services.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { makeCorpus } from './documents.ts';

export const TEST_TOPICS = [
  { slug: 'us-russia', title: 'US–Russia relations', description: 'Talks and deals', keywords: ['russia', 'kremlin', 'united states', 'trump', 'lavrov'], minKeywordMatches: 2, query: null, files: [] },
  { slug: 'weather', title: 'Weather', description: 'Storms', keywords: ['hurricane', 'storm', 'forecaster'], minKeywordMatches: 1, query: null, files: [] },
];

export function makeBot(documents: Document[], options: { engines?: Engine[]; limits?: Record<string, number> } = {}) {
  const config = configSchema.parse({ topics: TEST_TOPICS, limits: options.limits ?? {} });
  const corpus = makeCorpus(documents);
  const clock = createManualClock('2026-11-26T09:00:00Z');
  const store = createMemoryStore({ clock });
  const offline = createOfflineEngine();
  const engines = new Map<string, Engine>([[offline.name, offline], ...(options.engines ?? []).map((e) => [e.name, e] as const)]);
  const bundle = createServices({ config, corpus, store, engines, defaultEngine: options.engines?.[0]?.name ?? 'offline', clock });
  const router = createRouter({ commands: bundle.commands, services: bundle.services, logger: silentLogger });
  const replies = createReplyPath({ router, memory: bundle.services.memory, logger: silentLogger });
  return { ...bundle, config, corpus, clock, store, router, replies };
}
