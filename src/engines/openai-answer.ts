import type { Passage } from '../corpus/corpus-types.ts';
import type { Answer, AnswerRequest, EngineCallOptions } from './engine-types.ts';
import { startDeadline } from './deadline.ts';
import { fallbackAnswer } from './fallback-engine.ts';
import { checkAnswer } from './grounding.ts';
import { unsupportedAnswerClaims } from './grounding-claims.ts';
import { NOT_FOUND_ANSWER } from './offline-answer.ts';
import type { OpenAIContext } from './openai-context.ts';
import { indexHits } from './openai-convert.ts';
import { UnsupportedAnswerError, classifyFailure, describeFailure, fallbackNote, isAbort } from './openai-errors.ts';
import { answerSystemPrompt, answerUserPrompt, historyMessages } from './prompts.ts';
import { BudgetExceededError, ZERO_USAGE, countMessageTokens, countTokens, usageNote, type PromptMessage } from './token-budget.ts';

// A follow-up answered by the model from the retrieved passages, held to them; anything that
// goes wrong (deadline included) is the fallback engine's answer with a note saying why.

type Hit = AnswerRequest['hits'][number];

export async function openaiAnswer(ctx: OpenAIContext, request: AnswerRequest, callOptions: EngineCallOptions = {}): Promise<Answer> {
  const { signal, onProgress } = callOptions;
  signal?.throwIfAborted();
  // Nothing relevant was retrieved: say so without spending a call.
  if (!request.hits.length) {
    return { question: request.question, answer: NOT_FOUND_ANSWER, found: false, citations: [], engine: ctx.name, notes: [], usage: { ...ZERO_USAGE } };
  }
  const meter = ctx.newMeter();
  const { messages, hits } = answerMessages(request, ctx);
  const index = indexHits(hits);
  const grounding = { snapshot: index.snapshot, allowedPassageIds: index.ids };
  const deadline = startDeadline(ctx.deadlineMs, signal);
  try {
    const output = await ctx.structured(meter)({
      schema: 'answer',
      messages,
      completionAllowance: ctx.maxOutputTokens,
      signal: deadline.signal,
      onProgress,
    });
    const draft: Answer = {
      question: request.question,
      answer: output.answer.trim(),
      found: output.found,
      citations: output.found ? output.citations.map((id) => index.citation(id)) : [],
      engine: ctx.name,
      notes: [],
    };
    const checked = checkAnswer(draft, grounding);
    // Real citations do not make "Putin resigned after 3 days of talks in Geneva" true.
    if (unsupportedAnswerClaims(checked, grounding).length) throw new UnsupportedAnswerError();
    return { ...checked, usage: meter.usage, notes: [...checked.notes, usageNote(ctx.name, ctx.model, meter.usage)] };
  } catch (error) {
    const reason = deadline.expired() ? 'deadline' : classifyFailure(error);
    if (reason !== 'deadline' && isAbort(error, signal)) throw error;
    ctx.logger.warn({ reason, ...describeFailure(error) }, 'openai answer failed; using the fallback engine');
    ctx.observeFallback('answer', reason);
    const spent = meter.usage;
    const limit = reason === 'deadline' ? ctx.deadlineMs : error instanceof BudgetExceededError ? error.limit : undefined;
    return fallbackAnswer(
      ctx.fallback,
      request,
      { note: fallbackNote(reason, 'answer', limit), usage: spent, extraNotes: spent.calls ? [usageNote(ctx.name, ctx.model, spent)] : [] },
      { signal },
    );
  } finally {
    deadline.clear();
  }
}

export interface AnswerPromptLimits {
  briefPromptTokens: number;
  historyTurns: number;
}

/** The best hits that fit the prompt budget, grouped by document, after the recent turns. */
export function answerMessages(request: AnswerRequest, limits: AnswerPromptLimits): { messages: PromptMessage[]; hits: Hit[] } {
  const system: PromptMessage = { role: 'system', content: answerSystemPrompt() };
  const history = historyMessages(recentTurns(request.history, limits));
  const base = countMessageTokens([system, ...history, { role: 'user', content: answerUserPrompt(request, []) }]);
  const kept = hitsWithin(request.hits, base, limits.briefPromptTokens);
  const keptIds = new Set(kept.map((h) => h.passage.id));
  const quotes = (request.quotes ?? []).filter((q) => q.speaker && keptIds.has(q.passageId)).slice(0, 12);
  return {
    messages: [system, ...history, { role: 'user', content: answerUserPrompt(request, groupByDocument(kept), quotes) }],
    hits: kept,
  };
}

function recentTurns(history: AnswerRequest['history'], limits: AnswerPromptLimits): AnswerRequest['history'] {
  const historyBudget = Math.min(1500, Math.floor(limits.briefPromptTokens / 4));
  const turns = [...history].slice(-limits.historyTurns);
  while (turns.length && countMessageTokens(historyMessages(turns)) > historyBudget) turns.shift();
  return turns;
}

/** Hits in rank order while they fit; the first one always does. */
function hitsWithin(hits: readonly Hit[], used: number, promptTokens: number): Hit[] {
  const kept: Hit[] = [];
  for (const hit of hits) {
    const tokens = countTokens(hit.passage.text) + 12;
    if (kept.length && used + tokens > promptTokens) break;
    kept.push(hit);
    used += tokens;
  }
  return kept;
}

function groupByDocument(hits: readonly Hit[]): Array<{ heading: string; passages: Passage[] }> {
  const groups: Array<{ heading: string; passages: Passage[] }> = [];
  const byDoc = new Map<string, { heading: string; passages: Passage[] }>();
  for (const hit of hits) {
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
  return groups;
}
