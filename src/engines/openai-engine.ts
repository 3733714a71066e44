import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { Engine } from './engine-types.ts';
import type { Store } from '../store/store.ts';
import { openaiAnswer } from './openai-answer.ts';
import { openaiBrief, type BriefFlights } from './openai-brief.ts';
import { createEngineCache } from './openai-cache.ts';
import { createOpenAICaller, type ClientOptions } from './openai-client.ts';
import type { OpenAIContext } from './openai-context.ts';
import { createLimiter } from './openai-limiter.ts';
import { generateStructured } from './openai-structured.ts';
import { createSingleFlight } from './single-flight.ts';
import { createMeter } from './token-budget.ts';

// The LLM engine: Chat Completions through the official SDK, so OpenAI and every compatible
// server (Ollama, vLLM, llama.cpp, LM Studio, Azure) work. It may phrase, it may not invent:
// outputs are schema-validated, converted to passage citations and run through the grounding
// check; anything that goes wrong becomes the fallback engine's result with a visible note.

export interface OpenAIEngineOptions extends ClientOptions {
  /** Model calls in flight at once (map steps fan out per document). */
  concurrency: number;
  /** One overall limit on a brief or an answer, retries included; then the fallback answers (default 20 s). */
  deadlineMs?: number;
  /** Tokens (prompt + completion) for all calls of one brief or answer. */
  budgetPerBrief: number;
  /** Tokens for all calls in one UTC day, counted in the store (shared by replicas). */
  budgetPerDay: number;
  /** Passages fitting this many prompt tokens go in one `brief` call; beyond it, map-reduce. */
  briefPromptTokens: number;
  store: Pick<Store, 'cacheGet' | 'cacheSet' | 'addUsage' | 'getUsage'>;
  clock: Clock;
  logger: Logger;
  /** Used when the model is unavailable, over budget or unusable. */
  fallback: Engine;
  /** How long cached briefs and document notes live (default 30 days; keys change with content anyway). */
  cacheTtlMs?: number;
  /** Most recent conversation turns sent with a question (default 6). */
  historyTurns?: number;
  /** Name each brief's people, organisations and places (default on; see the offline engine). */
  entities?: boolean;
  /** Observes each brief or answer that fell back to the fallback engine (metrics). */
  onFallback?: (info: { kind: 'brief' | 'answer'; reason: string }) => void;
}

export interface OpenAIEngine extends Engine {
  readonly name: 'openai';
  readonly model: string;
  /** `json_schema`, or `json_object` once the server has rejected json_schema. */
  readonly responseFormat: 'json_schema' | 'json_object';
}

export function createOpenAIEngine(options: OpenAIEngineOptions): OpenAIEngine {
  const logger = options.logger.child({ engine: 'openai', model: options.model });
  if (!options.apiKey && !options.baseURL) throw new Error('the openai engine needs an API key or a base URL');
  const caller = createOpenAICaller(options, logger);
  const limiter = createLimiter(options.concurrency);
  const ctx: OpenAIContext = {
    name: 'openai',
    model: options.model,
    logger,
    clock: options.clock,
    fallback: options.fallback,
    cache: createEngineCache(options.store, options.cacheTtlMs ?? 30 * 24 * 60 * 60 * 1000, logger),
    maxOutputTokens: options.maxOutputTokens,
    briefPromptTokens: options.briefPromptTokens,
    budgetPerBrief: options.budgetPerBrief,
    deadlineMs: options.deadlineMs ?? 20_000,
    historyTurns: options.historyTurns ?? 6,
    entities: options.entities ?? true,
    newMeter: () => createMeter({ store: options.store, now: () => options.clock.now(), perRequest: options.budgetPerBrief, perDay: options.budgetPerDay }),
    structured: (meter) => (request) => generateStructured({ caller, limiter, meter, logger }, request),
    observeFallback(kind, reason) {
      try {
        options.onFallback?.({ kind, reason });
      } catch {
        // An observer must never change the answer.
      }
    },
  };
  const flights: BriefFlights = { briefs: createSingleFlight(), notes: createSingleFlight() };

  return {
    name: ctx.name,
    // A model reads whole documents and says "not covered" itself (see AnswerService).
    judgesRelevance: true,
    // It must know the grounding verdict to fall back, so it runs the check on what it writes.
    groundsOwnOutput: true,
    model: options.model,
    get responseFormat() {
      return caller.responseFormat;
    },
    brief: (request, callOptions) => openaiBrief(ctx, flights, request, callOptions),
    answer: (request, callOptions) => openaiAnswer(ctx, request, callOptions),
  };
}
