import { createHash } from 'node:crypto';
import OpenAI from 'openai';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { Document, Passage } from '../corpus/corpus-types.ts';
import type { Answer, AnswerRequest, Brief, BriefRequest, Engine, EngineCallOptions, Entities, Usage } from './engine-types.ts';
import type { Store } from '../store/store.ts';
import { planStories, storyModeBullets, type StoryPlan } from '../stories/story-brief.ts';
import { fallbackAnswer, lazyFallbackBrief, withFallbackNotes } from './fallback-engine.ts';
import { checkAnswer, checkBrief } from './grounding.ts';
import { unsupportedAnswerClaims } from './grounding-claims.ts';
import { createChatCaller, type ChatCaller } from './openai-chat.ts';
import { indexDocuments, indexHits, sourcesOf, toBullets, toQuotes } from './openai-convert.ts';
import { UnsupportedAnswerError, UnverifiableOutputError, classifyFailure, describeFailure, fallbackNote, isAbort } from './openai-errors.ts';
import { createLimiter, type Limiter } from './openai-limiter.ts';
import { yieldToEventLoop } from './openai-yield.ts';
import { startDeadline } from './deadline.ts';
import { planBrief, runMapReduce, type Structured } from './openai-map-reduce.ts';
import { generateStructured } from './openai-structured.ts';
import { PROMPT_VERSION, answerSystemPrompt, answerUserPrompt, historyMessages } from './prompts.ts';
import { notesOutputSchema, type BriefOutput, type NotesOutput } from './schemas.ts';
import { createSingleFlight, type FlightContext } from './single-flight.ts';
import { BudgetExceededError, ZERO_USAGE, countMessageTokens, countTokens, createMeter, usageNote, type Meter, type PromptMessage } from './token-budget.ts';

// The LLM engine: Chat Completions through the official SDK, so OpenAI and every compatible
// server (Ollama, vLLM, llama.cpp, LM Studio, Azure) work. It may phrase, it may not invent:
// outputs are schema-validated, converted to passage citations and run through the grounding
// check; anything that goes wrong becomes the fallback engine's result with a visible note.

export interface OpenAIEngineOptions {
  /** OPENAI_API_KEY; may be empty for a local server that needs none (then baseURL is required). */
  apiKey: string | null;
  /** OPENAI_BASE_URL: an OpenAI-compatible endpoint such as http://localhost:11434/v1 (Ollama). */
  baseURL?: string | null;
  model: string;
  temperature: number;
  maxOutputTokens: number;
  timeoutMs: number;
  maxRetries: number;
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
  /** Used when the model is unavailable, over budget or unusable; also supplies entities. */
  fallback: Engine;
  /** How long cached briefs and document notes live (default 30 days; keys change with content anyway). */
  cacheTtlMs?: number;
  /** Most recent conversation turns sent with a question (default 6). */
  historyTurns?: number;
  /** Passed to the SDK (tests, proxies). */
  fetch?: typeof fetch;
  /** Observes every model call (metrics): output schema, outcome and tokens used. */
  onCall?: (info: { model: string; schema: string; outcome: 'ok' | 'error'; promptTokens: number; completionTokens: number }) => void;
  /** Observes each brief or answer that fell back to the fallback engine (metrics). */
  onFallback?: (info: { kind: 'brief' | 'answer'; reason: string }) => void;
}

export interface OpenAIEngine extends Engine {
  readonly name: 'openai';
  readonly model: string;
  /** `json_schema`, or `json_object` once the server has rejected json_schema. */
  readonly responseFormat: 'json_schema' | 'json_object';
}

const CACHE_VERSION = 1;
const NOT_FOUND_ANSWER = "The documents don't cover this.";
const EMPTY_ENTITIES: Entities = { people: [], organizations: [], places: [] };

interface CachedBrief {
  v: number;
  brief: Brief;
  usage: Usage;
}

export function createOpenAIEngine(options: OpenAIEngineOptions): OpenAIEngine {
  const logger = options.logger.child({ engine: 'openai', model: options.model });
  if (!options.apiKey && !options.baseURL) throw new Error('the openai engine needs an API key or a base URL');
  const client = new OpenAI({
    // Local servers (Ollama, llama.cpp) ignore the key, but the SDK insists on one.
    apiKey: options.apiKey || 'no-key',
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    logLevel: 'warn',
    logger: sdkLogger(logger),
  });
  const caller: ChatCaller = observedCaller(createChatCaller({
    client,
    model: options.model,
    temperature: options.temperature,
    maxOutputTokens: options.maxOutputTokens,
    timeoutMs: options.timeoutMs,
    tokenParameter: isOpenAIHost(client.baseURL) ? 'max_completion_tokens' : 'max_tokens',
    logger,
  }), options.model, options.onCall);
  const limiter: Limiter = createLimiter(options.concurrency);
  const flights = createSingleFlight<Brief>();
  const notesFlights = createSingleFlight<NotesOutput>();
  const ttl = options.cacheTtlMs ?? 30 * 24 * 60 * 60 * 1000;
  const deadlineMs = options.deadlineMs ?? 20_000;
  const name = 'openai' as const;

  const observeFallback = (kind: 'brief' | 'answer', reason: string) => {
    try {
      options.onFallback?.({ kind, reason });
    } catch {
      // An observer must never change the answer.
    }
  };

  const newMeter = (): Meter =>
    createMeter({ store: options.store, now: () => options.clock.now(), perRequest: options.budgetPerBrief, perDay: options.budgetPerDay });

  const structuredWith = (meter: Meter): Structured => (request) => generateStructured({ caller, limiter, meter, logger }, request);

  async function cacheGet<T>(key: string): Promise<T | undefined> {
    try {
      return await options.store.cacheGet<T>(key);
    } catch (error) {
      logger.warn({ ...describeFailure(error), key }, 'cache read failed; generating afresh');
      return undefined;
    }
  }

  async function cacheSet(key: string, value: unknown): Promise<void> {
    try {
      await options.store.cacheSet(key, value, ttl);
    } catch (error) {
      logger.warn({ ...describeFailure(error), key }, 'cache write failed');
    }
  }

  function briefCacheKey(request: BriefRequest, stories: StoryPlan): string {
    const subject = request.topic ? `topic:${request.topic.slug}` : `query:${request.query.toLowerCase().replace(/\s+/g, ' ').trim()}`;
    const hashes = stories.reports.map((d) => d.hash).sort();
    // Story-mode briefs have their own keys; keys of other briefs are as they were.
    const digest = createHash('sha256')
      .update(JSON.stringify({ p: PROMPT_VERSION, e: name, m: options.model, l: request.length, s: subject, h: hashes, st: stories.storyMode ? 1 : undefined }))
      .digest('hex');
    return `openai:brief:${digest}`;
  }

  async function cachedBrief(key: string, request: BriefRequest): Promise<Brief | undefined> {
    const value = await cacheGet<CachedBrief>(key);
    if (!value || value.v !== CACHE_VERSION || typeof value.brief?.headline !== 'string' || !Array.isArray(value.brief.bullets)) return undefined;
    return {
      ...value.brief,
      query: request.query,
      topic: request.topic,
      usage: { ...ZERO_USAGE },
      notes: [...value.brief.notes, `${name} ${options.model}: cached brief, 0 calls`],
    };
  }

  async function readNotes(key: string): Promise<NotesOutput | undefined> {
    const value = await cacheGet<{ v: number; notes: unknown }>(key);
    if (!value || value.v !== CACHE_VERSION) return undefined;
    const parsed = notesOutputSchema.safeParse(value.notes);
    return parsed.success ? parsed.data : undefined;
  }

  async function generateBrief(request: BriefRequest, stories: StoryPlan, key: string, flight: FlightContext): Promise<Brief> {
    // Another process (or a flight that just ended) may have written it meanwhile.
    const again = await cachedBrief(key, request);
    if (again) return again;

    const { signal, progress } = flight;
    const meter = newMeter();
    const offline = lazyFallbackBrief(options.fallback, request, { signal });
    const structured = structuredWith(meter);
    // The model reads each report once: syndicated copies are left out before any call.
    const modelRequest: BriefRequest = { ...request, documents: stories.reports };
    const storyList = stories.storyMode ? stories.stories : undefined;
    try {
      const plan = await planBrief(modelRequest, {
        stories: storyList,
        model: options.model,
        maxOutputTokens: options.maxOutputTokens,
        briefPromptTokens: options.briefPromptTokens,
        budgetPerBrief: options.budgetPerBrief,
        readNotes,
      });
      if (plan.kind === 'map-reduce' && plan.docs.length === 0) throw new BudgetExceededError('brief', options.budgetPerBrief);
      // The whole plan must fit both budgets before the first call: no half-spent briefs.
      await meter.reserve(plan.estimate);

      let output: BriefOutput;
      let planNotes: string[] = [];
      let covered: readonly Document[] = modelRequest.documents;
      if (plan.kind === 'single') {
        output = await structured({
          schema: 'brief',
          messages: plan.messages,
          completionAllowance: options.maxOutputTokens,
          signal,
          onProgress: progress,
        });
      } else {
        ({ output, notes: planNotes, covered } = await runMapReduce(modelRequest, plan, {
          structured,
          stories: storyList,
          writeNotes: (k, notes) => cacheSet(k, { v: CACHE_VERSION, notes }),
          notesFlight: notesFlights,
          maxOutputTokens: options.maxOutputTokens,
          briefPromptTokens: options.briefPromptTokens,
          signal,
          progress,
        }));
      }

      // Only passages the model was shown (directly or through notes) may be cited.
      const index = indexDocuments(covered);
      await yieldToEventLoop();
      const entities = await offline().then(
        (b) => b.entities,
        () => EMPTY_ENTITIES,
      );
      const told = storyModeBullets(toBullets(output.bullets, index), storyList, covered);
      const draft: Brief = {
        query: request.query,
        topic: request.topic,
        headline: output.headline.trim(),
        bullets: told.bullets,
        quotes: toQuotes(output.quotes, index),
        entities,
        sources: sourcesOf(covered),
        engine: name,
        notes: [...planNotes, ...told.notes],
        generatedAt: options.clock.now().toISOString(),
      };
      const brief = checkBrief(draft, { snapshot: index.snapshot, allowedPassageIds: index.ids });
      // A headline with no verifiable bullet is no brief; the fallback has real passages.
      if (!brief.bullets.length) throw new UnverifiableOutputError();
      const usage = meter.usage;
      // A brief that had to leave documents out is not the brief for this document set: the
      // next request covers more of them (their notes are cached by then).
      const complete = plan.kind === 'single' || plan.skippedForBudget === 0;
      if (complete) await cacheSet(key, { v: CACHE_VERSION, brief, usage } satisfies CachedBrief);
      logger.info({ calls: usage.calls, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, mode: plan.kind }, 'brief generated');
      return { ...brief, usage, notes: [...brief.notes, usageNote(name, options.model, usage)] };
    } catch (error) {
      if (isAbort(error, signal)) throw error;
      const reason = classifyFailure(error);
      logger.warn({ reason, ...describeFailure(error) }, 'openai brief failed; using the fallback engine');
      observeFallback('brief', reason);
      const spent = meter.usage;
      const limit = error instanceof BudgetExceededError ? error.limit : undefined;
      return withFallbackNotes(await offline(), {
        note: fallbackNote(reason, 'summary', limit),
        usage: spent,
        extraNotes: spent.calls ? [usageNote(name, options.model, spent)] : [],
      });
    }
  }

  async function answer(request: AnswerRequest, callOptions: EngineCallOptions = {}): Promise<Answer> {
    const { signal, onProgress } = callOptions;
    signal?.throwIfAborted();
    // Nothing relevant was retrieved: say so without spending a call.
    if (!request.hits.length) {
      return { question: request.question, answer: NOT_FOUND_ANSWER, found: false, citations: [], engine: name, notes: [], usage: { ...ZERO_USAGE } };
    }
    const meter = newMeter();
    const { messages, hits } = answerMessages(request);
    const index = indexHits(hits);
    const deadline = startDeadline(deadlineMs, signal);
    try {
      const output = await generateStructured(
        { caller, limiter, meter, logger },
        { schema: 'answer', messages, completionAllowance: options.maxOutputTokens, signal: deadline.signal, onProgress },
      );
      const draft: Answer = {
        question: request.question,
        answer: output.answer.trim(),
        found: output.found,
        citations: output.found ? output.citations.map((id) => index.citation(id)) : [],
        engine: name,
        notes: [],
      };
      const checked = checkAnswer(draft, { snapshot: index.snapshot, allowedPassageIds: index.ids });
      // Real citations do not make "Putin resigned after 3 days of talks in Geneva" true.
      if (unsupportedAnswerClaims(checked, { snapshot: index.snapshot, allowedPassageIds: index.ids }).length) throw new UnsupportedAnswerError();
      return { ...checked, usage: meter.usage, notes: [...checked.notes, usageNote(name, options.model, meter.usage)] };
    } catch (error) {
      const reason = deadline.expired() ? 'deadline' : classifyFailure(error);
      if (reason !== 'deadline' && isAbort(error, signal)) throw error;
      logger.warn({ reason, ...describeFailure(error) }, 'openai answer failed; using the fallback engine');
      observeFallback('answer', reason);
      const spent = meter.usage;
      return fallbackAnswer(
        options.fallback,
        request,
        {
          note: fallbackNote(reason, 'answer', reason === 'deadline' ? deadlineMs : error instanceof BudgetExceededError ? error.limit : undefined),
          usage: spent,
          extraNotes: spent.calls ? [usageNote(name, options.model, spent)] : [],
        },
        { signal },
      );
    } finally {
      deadline.clear();
    }
  }

  /** The best hits that fit the prompt budget, grouped by document, after the recent turns. */
  function answerMessages(request: AnswerRequest): { messages: PromptMessage[]; hits: AnswerRequest['hits'] } {
    const system: PromptMessage = { role: 'system', content: answerSystemPrompt() };
    const historyBudget = Math.min(1500, Math.floor(options.briefPromptTokens / 4));
    const turns = [...request.history].slice(-(options.historyTurns ?? 6));
    while (turns.length && countMessageTokens(historyMessages(turns)) > historyBudget) turns.shift();
    const history = historyMessages(turns);

    const base = countMessageTokens([system, ...history, { role: 'user', content: answerUserPrompt(request, []) }]);
    const kept: AnswerRequest['hits'][number][] = [];
    let used = base;
    for (const hit of request.hits) {
      const tokens = countTokens(hit.passage.text) + 12;
      if (kept.length && used + tokens > options.briefPromptTokens) break;
      kept.push(hit);
      used += tokens;
    }
    const groups: Array<{ heading: string; passages: Passage[] }> = [];
    const byDoc = new Map<string, { heading: string; passages: Passage[] }>();
    for (const hit of kept) {
      let group = byDoc.get(hit.citation.docId);
      if (!group) {
        group = { heading: hit.citation.title || hit.citation.path, passages: [] };
        byDoc.set(hit.citation.docId, group);
        groups.push(group);
      }
      group.passages.push(hit.passage);
    }
    // Each document's passages in reading order, whichever was retrieved first.
    for (const group of groups) group.passages.sort((a, b) => a.index - b.index);
    const keptIds = new Set(kept.map((h) => h.passage.id));
    const quotes = (request.quotes ?? []).filter((q) => q.speaker && keptIds.has(q.passageId)).slice(0, 12);
    return {
      messages: [system, ...history, { role: 'user', content: answerUserPrompt(request, groups, quotes) }],
      hits: kept,
    };
  }

  return {
    name,
    // A model reads whole documents and says "not covered" itself (see AnswerService).
    judgesRelevance: true,
    model: options.model,
    get responseFormat() {
      return caller.responseFormat;
    },
    async brief(request, callOptions = {}) {
      const { signal, onProgress } = callOptions;
      signal?.throwIfAborted();
      if (!request.documents.length) return options.fallback.brief(request, { signal });
      const stories = planStories(request.documents);
      const key = briefCacheKey(request, stories);
      const hit = await cachedBrief(key, request);
      if (hit) return hit;
      // The shared generation stops too when this was its only waiter.
      const deadline = startDeadline(deadlineMs, signal);
      try {
        return await flights.run(key, (flight) => generateBrief(request, stories, key, flight), { signal: deadline.signal, onProgress });
      } catch (error) {
        if (!deadline.expired()) throw error;
        logger.warn({ reason: 'deadline', deadlineMs }, 'openai brief missed its deadline; using the fallback engine');
        observeFallback('brief', 'deadline');
        return withFallbackNotes(await options.fallback.brief(request, { signal }), { note: fallbackNote('deadline', 'summary', deadlineMs) });
      } finally {
        deadline.clear();
      }
    },
    answer,
  };
}

/** Reports each call to `onCall` (metrics) without changing what the call returns or throws. */
function observedCaller(caller: ChatCaller, model: string, onCall: OpenAIEngineOptions['onCall']): ChatCaller {
  if (!onCall) return caller;
  const report = (info: Parameters<NonNullable<OpenAIEngineOptions['onCall']>>[0]) => {
    try {
      onCall(info);
    } catch {
      // An observer must never change the answer.
    }
  };
  return {
    get responseFormat() {
      return caller.responseFormat;
    },
    async call(request) {
      try {
        const result = await caller.call(request);
        report({ model, schema: request.schema, outcome: 'ok', promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens });
        return result;
      } catch (error) {
        report({ model, schema: request.schema, outcome: 'error', promptTokens: 0, completionTokens: 0 });
        throw error;
      }
    },
  };
}

function isOpenAIHost(baseURL: string): boolean {
  try {
    return new URL(baseURL).hostname === 'api.openai.com';
  } catch {
    return false;
  }
}

/** The SDK's own log lines go through our logger (redaction, JSON) instead of the console. */
function sdkLogger(logger: Logger) {
  const child = logger.child({ component: 'openai-sdk' });
  const fn = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string) => child[level](String(message));
  return { debug: fn('debug'), info: fn('info'), warn: fn('warn'), error: fn('error') };
}
