import { countTokens as countWithTokenizer } from 'gpt-tokenizer';
import type { Usage } from './engine-types.ts';

// Token arithmetic for the LLM engine: real BPE counts (o200k_base, the encoding of the
// gpt-4o / gpt-4.1 families) rather than a characters-per-token guess, because the map-reduce
// decision and the budgets depend on them.

// Document text may contain strings such as "<|endoftext|>"; count them as text, never throw.
const AS_PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

export function countTokens(text: string): number {
  if (!text) return 0;
  return countWithTokenizer(text, AS_PLAIN_TEXT);
}

export interface PromptMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Chat framing as OpenAI counts it: ~4 tokens per message plus 3 to prime the reply. */
export function countMessageTokens(messages: readonly PromptMessage[]): number {
  let total = 3;
  for (const message of messages) total += 4 + countTokens(message.content);
  return total;
}

export const ZERO_USAGE: Usage = Object.freeze({ promptTokens: 0, completionTokens: 0, calls: 0 });

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    calls: a.calls + b.calls,
  };
}

export function totalTokens(usage: Usage): number {
  return usage.promptTokens + usage.completionTokens;
}

/** The UTC day a usage counter belongs to (`2025-03-01`). */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

const number = new Intl.NumberFormat('en-US');

/** "openai gpt-4.1-mini: 2 calls, 1,234 prompt + 210 completion tokens" */
export function usageNote(engine: string, model: string, usage: Usage): string {
  const calls = `${usage.calls} call${usage.calls === 1 ? '' : 's'}`;
  return `${engine} ${model}: ${calls}, ${number.format(usage.promptTokens)} prompt + ${number.format(usage.completionTokens)} completion tokens`;
}

export class BudgetExceededError extends Error {
  readonly scope: 'brief' | 'day';
  readonly limit: number;
  constructor(scope: 'brief' | 'day', limit: number) {
    super(`token budget per ${scope} exceeded (${limit})`);
    this.name = 'BudgetExceededError';
    this.scope = scope;
    this.limit = limit;
  }
}

export interface UsageSink {
  addUsage(day: string, tokens: number): Promise<number>;
  getUsage(day: string): Promise<number>;
}

export interface MeterOptions {
  store: UsageSink;
  now: () => Date;
  /** Tokens allowed for all calls of one brief or answer. */
  perRequest: number;
  /** Tokens allowed for all calls in one UTC day (across processes: the store keeps the count). */
  perDay: number;
}

/**
 * Usage of one brief or answer: checks both budgets before each call and records every call in
 * the store's per-day counter as soon as it returns, so a failed brief still counts what it spent.
 */
export interface Meter {
  readonly usage: Usage;
  /** Throws BudgetExceededError when `estimate` more tokens would break either budget. */
  reserve(estimate: number): Promise<void>;
  record(usage: Usage): Promise<void>;
}

export function createMeter(options: MeterOptions): Meter {
  let usage: Usage = ZERO_USAGE;
  return {
    get usage() {
      return usage;
    },
    async reserve(estimate) {
      if (totalTokens(usage) + estimate > options.perRequest) {
        throw new BudgetExceededError('brief', options.perRequest);
      }
      const spentToday = await options.store.getUsage(utcDay(options.now()));
      if (spentToday + estimate > options.perDay) throw new BudgetExceededError('day', options.perDay);
    },
    async record(call) {
      usage = addUsage(usage, call);
      const tokens = totalTokens(call);
      if (tokens > 0) await options.store.addUsage(utcDay(options.now()), tokens);
    },
  };
}
