import type { Document } from '../corpus/corpus-types.ts';
import { planStories, storyModeBullets, type StoryPlan } from '../stories/story-brief.ts';
import type { Brief, BriefRequest, EngineCallOptions, Entities } from './engine-types.ts';
import { startDeadline } from './deadline.ts';
import { entitiesOfBrief, namesNone } from './brief-entities.ts';
import { withFallbackNotes } from './fallback-engine.ts';
import { checkBrief } from './grounding.ts';
import { CACHE_VERSION, briefCacheKey, cachedBrief, readCachedNotes, writeCachedNotes, type CachedBrief } from './openai-cache.ts';
import type { OpenAIContext } from './openai-context.ts';
import { indexDocuments, sourcesOf, toBullets, toQuotes } from './openai-convert.ts';
import { UnverifiableOutputError, classifyFailure, describeFailure, fallbackNote, isAbort } from './openai-errors.ts';
import { planBrief, runMapReduce } from './openai-map-reduce.ts';
import { yieldToEventLoop } from './openai-yield.ts';
import type { BriefOutput, NotesOutput } from './schemas.ts';
import type { FlightContext, SingleFlight } from './single-flight.ts';
import { BudgetExceededError, usageNote, type Meter } from './token-budget.ts';

// A brief written by the model: from the cache, else one call (or map-reduce over notes) shared
// by concurrent identical requests, held to the passages the model was shown; on any failure or
// a missed deadline, the fallback engine's brief with a note saying why.

const EMPTY_ENTITIES: Entities = { people: [], organizations: [], places: [] };

export interface BriefFlights {
  briefs: SingleFlight<Brief>;
  notes: SingleFlight<NotesOutput>;
}

export async function openaiBrief(ctx: OpenAIContext, flights: BriefFlights, request: BriefRequest, callOptions: EngineCallOptions = {}): Promise<Brief> {
  const { signal, onProgress } = callOptions;
  signal?.throwIfAborted();
  if (!request.documents.length) return ctx.fallback.brief(request, { signal });
  const stories = planStories(request.documents);
  const key = briefCacheKey(ctx.name, ctx.model, request, stories);
  const hit = await cachedBrief(ctx.cache, key, request, ctx.name, ctx.model);
  if (hit) return withEntities(ctx, hit);
  // The shared generation stops too when this was its only waiter.
  const deadline = startDeadline(ctx.deadlineMs, signal);
  try {
    return await flights.briefs.run(key, (flight) => generateBrief(ctx, flights.notes, { request, stories, key }, flight), { signal: deadline.signal, onProgress });
  } catch (error) {
    if (!deadline.expired()) throw error;
    ctx.logger.warn({ reason: 'deadline', deadlineMs: ctx.deadlineMs }, 'openai brief missed its deadline; using the fallback engine');
    ctx.observeFallback('brief', 'deadline');
    return withFallbackNotes(await ctx.fallback.brief(request, { signal }), { note: fallbackNote('deadline', 'summary', ctx.deadlineMs) });
  } finally {
    deadline.clear();
  }
}

/**
 * A cached brief as this engine hands it out. One written by a process that named no entities
 * (a chat replica) gets them now, from the same words they would have been named from.
 */
async function withEntities(ctx: OpenAIContext, brief: Brief): Promise<Brief> {
  if (!ctx.entities || !namesNone(brief.entities)) return brief;
  return { ...brief, entities: await entitiesOfBrief(brief).catch(() => EMPTY_ENTITIES) };
}

interface Generation {
  request: BriefRequest;
  stories: StoryPlan;
  key: string;
}

/** What the model wrote, and which documents it was shown to write it. */
interface ModelBrief {
  output: BriefOutput;
  notes: string[];
  covered: readonly Document[];
  /** Every document was read: the brief may be cached for this document set. */
  complete: boolean;
  mode: 'single' | 'map-reduce';
}

async function generateBrief(ctx: OpenAIContext, notesFlight: SingleFlight<NotesOutput>, gen: Generation, flight: FlightContext): Promise<Brief> {
  // Another process (or a flight that just ended) may have written it meanwhile.
  const again = await cachedBrief(ctx.cache, gen.key, gen.request, ctx.name, ctx.model);
  if (again) return withEntities(ctx, again);

  const meter = ctx.newMeter();
  try {
    const written = await writeWithModel(ctx, notesFlight, gen, meter, flight);
    await yieldToEventLoop();
    const grounded = groundedBrief(ctx, gen, written);
    // Named from what survived the check: a removed quote's speaker is no one this brief mentions.
    const entities = ctx.entities ? await entitiesOfBrief(grounded).catch(() => EMPTY_ENTITIES) : EMPTY_ENTITIES;
    const brief = { ...grounded, entities };
    const usage = meter.usage;
    // A brief that had to leave documents out is not the brief for this document set: the
    // next request covers more of them (their notes are cached by then).
    if (written.complete) await ctx.cache.set(gen.key, { v: CACHE_VERSION, brief, usage } satisfies CachedBrief);
    ctx.logger.info({ calls: usage.calls, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, mode: written.mode }, 'brief generated');
    return { ...brief, usage, notes: [...brief.notes, usageNote(ctx.name, ctx.model, usage)] };
  } catch (error) {
    if (isAbort(error, flight.signal)) throw error;
    const reason = classifyFailure(error);
    ctx.logger.warn({ reason, ...describeFailure(error) }, 'openai brief failed; using the fallback engine');
    ctx.observeFallback('brief', reason);
    const spent = meter.usage;
    const limit = error instanceof BudgetExceededError ? error.limit : undefined;
    return withFallbackNotes(await ctx.fallback.brief(gen.request, { signal: flight.signal }), {
      note: fallbackNote(reason, 'summary', limit),
      usage: spent,
      extraNotes: spent.calls ? [usageNote(ctx.name, ctx.model, spent)] : [],
    });
  }
}

async function writeWithModel(ctx: OpenAIContext, notesFlight: SingleFlight<NotesOutput>, gen: Generation, meter: Meter, flight: FlightContext): Promise<ModelBrief> {
  const { signal, progress } = flight;
  const structured = ctx.structured(meter);
  // The model reads each report once: syndicated copies are left out before any call.
  const modelRequest: BriefRequest = { ...gen.request, documents: gen.stories.reports };
  const storyList = gen.stories.storyMode ? gen.stories.stories : undefined;
  const plan = await planBrief(modelRequest, {
    stories: storyList,
    model: ctx.model,
    maxOutputTokens: ctx.maxOutputTokens,
    briefPromptTokens: ctx.briefPromptTokens,
    budgetPerBrief: ctx.budgetPerBrief,
    readNotes: (key) => readCachedNotes(ctx.cache, key),
  });
  if (plan.kind === 'map-reduce' && plan.docs.length === 0) throw new BudgetExceededError('brief', ctx.budgetPerBrief);
  // The whole plan must fit both budgets before the first call: no half-spent briefs.
  await meter.reserve(plan.estimate);

  if (plan.kind === 'single') {
    const output = await structured({ schema: 'brief', messages: plan.messages, completionAllowance: ctx.maxOutputTokens, signal, onProgress: progress });
    return { output, notes: [], covered: modelRequest.documents, complete: true, mode: plan.kind };
  }
  const reduced = await runMapReduce(modelRequest, plan, {
    structured,
    stories: storyList,
    writeNotes: (key, notes) => writeCachedNotes(ctx.cache, key, notes),
    notesFlight,
    maxOutputTokens: ctx.maxOutputTokens,
    briefPromptTokens: ctx.briefPromptTokens,
    signal,
    progress,
  });
  return { ...reduced, complete: plan.skippedForBudget === 0, mode: plan.kind };
}

/** The model's brief as citations of what it was shown, after the grounding check. */
function groundedBrief(ctx: OpenAIContext, gen: Generation, written: ModelBrief): Brief {
  const { output, covered } = written;
  const storyList = gen.stories.storyMode ? gen.stories.stories : undefined;
  // Only passages the model was shown (directly or through notes) may be cited.
  const index = indexDocuments(covered);
  const told = storyModeBullets(toBullets(output.bullets, index), storyList, covered);
  const draft: Brief = {
    query: gen.request.query,
    topic: gen.request.topic,
    headline: output.headline.trim(),
    bullets: told.bullets,
    quotes: toQuotes(output.quotes, index),
    entities: EMPTY_ENTITIES,
    sources: sourcesOf(covered),
    engine: ctx.name,
    notes: [...written.notes, ...told.notes],
    generatedAt: ctx.clock.now().toISOString(),
  };
  const brief = checkBrief(draft, { snapshot: index.snapshot, allowedPassageIds: index.ids });
  // A headline with no verifiable bullet is no brief; the fallback has real passages.
  if (!brief.bullets.length) throw new UnverifiableOutputError();
  return brief;
}
