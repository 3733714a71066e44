// Prometheus metrics (prom-client). Each call makes its own Registry rather than using the
// global one, so tests (and several bots in one process) never share or double-register series.
// The rest of the code never sees prom-client: it reports through the plain observer methods
// below, which the composition root hands to the router, the engines, the platforms and the
// scheduler as optional hooks.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type CommandOutcome = 'ok' | 'user_error' | 'error' | 'rate_limited';

export interface CommandObservation {
  command: string;
  platform: string;
  outcome: CommandOutcome;
  ms: number;
}

export interface LlmCallObservation {
  model: string;
  schema: string;
  outcome: 'ok' | 'error';
  promptTokens: number;
  completionTokens: number;
}

export interface Metrics {
  readonly registry: Registry;
  /** Router hook: one command or follow-up, with its outcome and how long its reply took. */
  command(info: CommandObservation): void;
  /** Platform hook: how long acknowledging an interaction took (Slack's and Discord's 3 s budget). */
  ack(platform: string, kind: string, ms: number): void;
  /** OpenAI engine hook: one model call. */
  llmCall(info: LlmCallObservation): void;
  /** OpenAI engine hook: a brief or answer that fell back to the offline engine. */
  llmFallback(info: { kind: 'brief' | 'answer'; reason: string }): void;
  /** Scheduler hook: the outcome of one digest fire this replica handled. */
  digestFire(info: { status: string }): void;
  /** Read at scrape time (the corpus may change while running). */
  setDocumentCount(read: () => number): void;
  /** Read at scrape time: events being handled right now. */
  setInflight(read: () => number): void;
  /** Prometheus text exposition of every metric. */
  text(): Promise<string>;
  readonly contentType: string;
}

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event-loop lag, GC, handles). Default true. */
  defaultMetrics?: boolean;
  /** Prefix of every metric name (default `briefbot_`); process metrics keep their standard names. */
  prefix?: string;
}

/** Slack and Discord drop an interaction not acknowledged within 3 s: buckets cluster below that. */
const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];
/** Replies range from milliseconds (offline, cached) to tens of seconds (map-reduce over many documents). */
const REPLY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120];

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const prefix = options.prefix ?? 'briefbot_';
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  const commands = new Counter({
    name: `${prefix}commands_total`,
    help: 'Commands and follow-up questions handled, by command, platform and outcome (ok, user_error, error, rate_limited).',
    labelNames: ['command', 'platform', 'outcome'] as const,
    registers: [registry],
  });
  const replyLatency = new Histogram({
    name: `${prefix}brief_latency_seconds`,
    help: 'Time from a command or follow-up reaching the router to its reply (brief, answer or text) being ready, engine included.',
    labelNames: ['platform', 'command'] as const,
    buckets: REPLY_BUCKETS,
    registers: [registry],
  });
  const ackLatency = new Histogram({
    name: `${prefix}ack_latency_seconds`,
    help: 'Time to acknowledge a slash command or autocomplete request (platforms give 3 s).',
    labelNames: ['platform', 'kind'] as const,
    buckets: ACK_BUCKETS,
    registers: [registry],
  });
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
  const digestFires = new Counter({
    name: `${prefix}digest_fires_total`,
    help: 'Digest fires handled by this replica, by final status (sent, skipped, failed, missed, unknown, error).',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const digestDeliveries = new Counter({
    name: `${prefix}digest_deliveries_total`,
    help: 'Digests posted by this replica.',
    registers: [registry],
  });
  const digestFailures = new Counter({
    name: `${prefix}digest_failures_total`,
    help: 'Digest fires that could not be prepared or posted (status failed or error).',
    registers: [registry],
  });

  let documentCount: () => number = () => 0;
  new Gauge({
    name: `${prefix}documents_loaded`,
    help: 'Documents in the current corpus snapshot.',
    registers: [registry],
    collect() {
      this.set(safeRead(documentCount));
    },
  });
  let inflight: () => number = () => 0;
  new Gauge({
    name: `${prefix}inflight_events`,
    help: 'Commands and follow-ups being handled right now (graceful shutdown waits for these).',
    registers: [registry],
    collect() {
      this.set(safeRead(inflight));
    },
  });

  // Digest fires start every minute at most; commands are what get busy. None of these may throw
  // into the code they observe, so every hook is a plain increment with bounded label values.
  return {
    registry,
    contentType: registry.contentType,
    command(info) {
      commands.inc({ command: info.command, platform: info.platform, outcome: info.outcome });
      replyLatency.observe({ platform: info.platform, command: info.command }, info.ms / 1000);
    },
    ack(platform, kind, ms) {
      ackLatency.observe({ platform, kind }, ms / 1000);
    },
    llmCall(info) {
      llmCalls.inc({ model: info.model, schema: info.schema, outcome: info.outcome });
      if (info.promptTokens > 0) llmTokens.inc({ model: info.model, kind: 'prompt' }, info.promptTokens);
      if (info.completionTokens > 0) llmTokens.inc({ model: info.model, kind: 'completion' }, info.completionTokens);
    },
    llmFallback(info) {
      llmFallbacks.inc({ kind: info.kind, reason: info.reason });
    },
    digestFire(info) {
      digestFires.inc({ status: info.status });
      if (info.status === 'sent') digestDeliveries.inc();
      if (info.status === 'failed' || info.status === 'error') digestFailures.inc();
    },
    setDocumentCount(read) {
      documentCount = read;
    },
    setInflight(read) {
      inflight = read;
    },
    text: () => registry.metrics(),
  };
}

function safeRead(read: () => number): number {
  try {
    const n = read();
    return Number.isFinite(n) ? n : 0;
  } catch {
    return 0;
  }
}
