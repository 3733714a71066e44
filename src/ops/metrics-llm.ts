import { Counter, type Registry } from 'prom-client';
import type { Metrics } from './metrics-types.ts';

// Metrics of the OpenAI-compatible engine: model calls, tokens, and fallbacks to the offline engine.

export function createLlmMetrics(registry: Registry, prefix: string): Pick<Metrics, 'llmCall' | 'llmFallback'> {
  const llmCalls = new Counter({
    name: `${prefix}llm_calls_total`,
    help: 'Model calls made by the OpenAI-compatible engine, by model, output schema and outcome.',
    labelNames: ['model', 'schema', 'outcome'] as const,
    registers: [registry],
  });
  const llmTokens = new Counter({
    name: `${prefix}llm_tokens_total`,
    help: 'Tokens used by model calls, by model and kind (prompt, completion).',
    labelNames: ['model', 'kind'] as const,
    registers: [registry],
  });
  const llmFallbacks = new Counter({
    name: `${prefix}llm_fallbacks_total`,
    help: 'Briefs and answers that fell back to the offline engine, by kind and reason (timeout, unreachable, budget_day, invalid_output, ...).',
    labelNames: ['kind', 'reason'] as const,
    registers: [registry],
  });

  return {
    llmCall(info) {
      llmCalls.inc({ model: info.model, schema: info.schema, outcome: info.outcome });
      if (info.promptTokens > 0) llmTokens.inc({ model: info.model, kind: 'prompt' }, info.promptTokens);
      if (info.completionTokens > 0) llmTokens.inc({ model: info.model, kind: 'completion' }, info.completionTokens);
    },
    llmFallback(info) {
      llmFallbacks.inc({ kind: info.kind, reason: info.reason });
    },
  };
}
