import { createHash } from 'node:crypto';
import type { Logger } from '../core/logger.ts';
import type { Store } from '../store/store.ts';
import type { StoryPlan } from '../stories/story-brief.ts';
import type { Brief, BriefRequest, Usage } from './engine-types.ts';
import { describeFailure } from './openai-errors.ts';
import { PROMPT_VERSION } from './prompts.ts';
import { notesOutputSchema, type NotesOutput } from './schemas.ts';
import { ZERO_USAGE } from './token-budget.ts';

// Briefs and document notes the model already wrote, kept in the store. A cache that cannot be
// read or written costs calls, never an answer.

export const CACHE_VERSION = 1;

export interface CachedBrief {
  v: number;
  brief: Brief;
  usage: Usage;
}

export interface EngineCache {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
}

export function createEngineCache(store: Pick<Store, 'cacheGet' | 'cacheSet'>, ttlMs: number, logger: Logger): EngineCache {
  return {
    async get<T>(key: string): Promise<T | undefined> {
      try {
        return await store.cacheGet<T>(key);
      } catch (error) {
        logger.warn({ ...describeFailure(error), key }, 'cache read failed; generating afresh');
        return undefined;
      }
    },
    async set(key, value) {
      try {
        await store.cacheSet(key, value, ttlMs);
      } catch (error) {
        logger.warn({ ...describeFailure(error), key }, 'cache write failed');
      }
    },
  };
}

export function briefCacheKey(engine: string, model: string, request: BriefRequest, stories: StoryPlan): string {
  const subject = request.topic ? `topic:${request.topic.slug}` : `query:${request.query.toLowerCase().replace(/\s+/g, ' ').trim()}`;
  const hashes = stories.reports.map((d) => d.hash).sort();
  // Story-mode briefs have their own keys; keys of other briefs are as they were.
  const digest = createHash('sha256')
    .update(JSON.stringify({ p: PROMPT_VERSION, e: engine, m: model, l: request.length, s: subject, h: hashes, st: stories.storyMode ? 1 : undefined }))
    .digest('hex');
  return `openai:brief:${digest}`;
}

/** The cached brief re-addressed to this request, costing nothing. */
export async function cachedBrief(cache: EngineCache, key: string, request: BriefRequest, engine: string, model: string): Promise<Brief | undefined> {
  const value = await cache.get<CachedBrief>(key);
  if (!value || value.v !== CACHE_VERSION || typeof value.brief?.headline !== 'string' || !Array.isArray(value.brief.bullets)) return undefined;
  return {
    ...value.brief,
    query: request.query,
    topic: request.topic,
    usage: { ...ZERO_USAGE },
    notes: [...value.brief.notes, `${engine} ${model}: cached brief, 0 calls`],
  };
}

export async function readCachedNotes(cache: EngineCache, key: string): Promise<NotesOutput | undefined> {
  const value = await cache.get<{ v: number; notes: unknown }>(key);
  if (!value || value.v !== CACHE_VERSION) return undefined;
  const parsed = notesOutputSchema.safeParse(value.notes);
  return parsed.success ? parsed.data : undefined;
}

export function writeCachedNotes(cache: EngineCache, key: string, notes: NotesOutput): Promise<void> {
  return cache.set(key, { v: CACHE_VERSION, notes });
}
