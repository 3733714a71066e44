// An engine whose implementation is imported on its first brief or answer. A one-shot verb that
// never asks it anything (topics, sources, check) does not load it; `start` loads it while
// starting up (warm-up), so no user request waits for the import.
import type { Engine } from './engine-types.ts';

export interface LazyEngine extends Engine {
  /** Imports and builds the engine now; once (a failed import is tried again next time). */
  load(): Promise<Engine>;
}

/** What the services read from an engine before calling it; must match what `build` makes. */
export type EngineTraits = Pick<Engine, 'name' | 'judgesRelevance' | 'groundsOwnOutput'>;

export function lazyEngine(traits: EngineTraits, build: () => Promise<Engine>): LazyEngine {
  let loading: Promise<Engine> | null = null;
  const load = () => (loading ??= build().catch((error: unknown) => {
    loading = null;
    throw error;
  }));
  return {
    ...traits,
    load,
    brief: async (request, options) => (await load()).brief(request, options),
    answer: async (request, options) => (await load()).answer(request, options),
  };
}

export function isLazyEngine(engine: Engine): engine is LazyEngine {
  return typeof (engine as Partial<LazyEngine>).load === 'function';
}
