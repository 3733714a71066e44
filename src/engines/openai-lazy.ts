// The OpenAI engine as the composition root holds it: the SDK, the tokenizer and the output
// schemas (~90 MB, ~0.3–0.5 s to import) load on the first model call or at warm-up, never in a
// process without a model or in a verb that asks the model nothing.
import { lazyEngine, type EngineTraits, type LazyEngine } from './lazy-engine.ts';
import type { OpenAIEngineOptions } from './openai-engine.ts';

/** The same traits as `createOpenAIEngine`'s engine (a test holds them equal). */
export const OPENAI_TRAITS: EngineTraits = { name: 'openai', judgesRelevance: true, groundsOwnOutput: true };

export function createLazyOpenAIEngine(options: OpenAIEngineOptions): LazyEngine {
  if (!options.apiKey && !options.baseURL) throw new Error('the openai engine needs an API key or a base URL');
  return lazyEngine(OPENAI_TRAITS, async () => (await import('./openai-engine.ts')).createOpenAIEngine(options));
}
