// Prometheus metrics (prom-client). Each call makes its own Registry rather than using the
// global one, so tests (and several bots in one process) never share or double-register series.
// The rest of the code never sees prom-client: it reports through the plain observer methods of
// Metrics (metrics-types.ts), which the composition root hands to the router, the engines, the
// platforms and the scheduler as optional hooks.
import { collectDefaultMetrics, Registry } from 'prom-client';
import { createCommandMetrics } from './metrics-commands.ts';
import { createDigestMetrics } from './metrics-digests.ts';
import { createGaugeMetrics } from './metrics-gauges.ts';
import { createLlmMetrics } from './metrics-llm.ts';
import type { Metrics } from './metrics-types.ts';

export type { CommandObservation, CommandOutcome, LlmCallObservation, Metrics } from './metrics-types.ts';

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event-loop lag, GC, handles). Default true. */
  defaultMetrics?: boolean;
  /** Prefix of every metric name (default `briefbot_`); process metrics keep their standard names. */
  prefix?: string;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const prefix = options.prefix ?? 'briefbot_';
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  // Digest fires start every minute at most; commands are what get busy. None of these may throw
  // into the code they observe, so every hook is a plain increment with bounded label values.
  return {
    contentType: registry.contentType,
    ...createCommandMetrics(registry, prefix),
    ...createLlmMetrics(registry, prefix),
    ...createDigestMetrics(registry, prefix),
    ...createGaugeMetrics(registry, prefix),
    text: () => registry.metrics(),
  };
}
