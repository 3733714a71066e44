// The metrics as the rest of the code sees them: observer hooks, and the exposition for /metrics.
import type { CommandReport as CommandObservation } from '../core/guarded-run.ts';

/** A command's outcome is what the router reports (one type, not a copy). */
export type { CommandOutcome, CommandReport as CommandObservation } from '../core/guarded-run.ts';

export interface LlmCallObservation {
  model: string;
  schema: string;
  outcome: 'ok' | 'error';
  promptTokens: number;
  completionTokens: number;
}

export interface Metrics {
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
