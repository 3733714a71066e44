import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { Engine } from './engine-types.ts';
import type { EngineCache } from './openai-cache.ts';
import type { Structured } from './openai-map-reduce.ts';
import type { Meter } from './token-budget.ts';

// What a brief and an answer of the OpenAI engine share, passed explicitly so that each can be
// written (and tested) apart from the factory that wires it.

export interface OpenAIContext {
  readonly name: 'openai';
  readonly model: string;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Answers when the model is unavailable, over budget or unusable; also supplies entities. */
  readonly fallback: Engine;
  readonly cache: EngineCache;
  readonly maxOutputTokens: number;
  readonly briefPromptTokens: number;
  readonly budgetPerBrief: number;
  readonly deadlineMs: number;
  readonly historyTurns: number;
  /** Whether briefs name their entities (the tagger loads only then). */
  readonly entities: boolean;
  /** A fresh meter for one brief or answer (both budgets). */
  newMeter(): Meter;
  /** Schema-validated model calls, counted on this meter. */
  structured(meter: Meter): Structured;
  /** Tells the metrics observer a result fell back; never throws. */
  observeFallback(kind: 'brief' | 'answer', reason: string): void;
}
