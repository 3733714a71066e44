import OpenAI from 'openai';
import { errorCode } from '../core/errors.ts';
import { BudgetExceededError } from './token-budget.ts';

// Provider failures reduced to a few reasons a user may see. The raw provider message never
// leaves this module except in logs (and then without headers or keys).

export type FailureReason =
  | 'rate_limited'
  | 'timeout'
  | 'server_error'
  | 'unreachable'
  | 'auth'
  | 'rejected'
  | 'invalid_output'
  | 'unverifiable'
  | 'unsupported'
  | 'deadline'
  | 'budget_request'
  | 'budget_day'
  | 'budget_unknown'
  | 'internal';

/** The model's output stayed unusable after the repair attempt (or it refused). */
export class InvalidOutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidOutputError';
  }
}

/** The reply was valid, but the grounding check removed every bullet: nothing traceable is left. */
export class UnverifiableOutputError extends Error {
  constructor() {
    super('no bullet of the reply could be traced to a passage');
    this.name = 'UnverifiableOutputError';
  }
}

/** The answer names a person, place or number that none of its cited passages contains. */
export class UnsupportedAnswerError extends Error {
  constructor() {
    super('the answer names what its cited passages do not contain');
    this.name = 'UnsupportedAnswerError';
  }
}

/** Our own deadline on a streamed reply that stopped sending chunks. */
export class StreamStalledError extends Error {
  constructor(ms: number) {
    super(`the streamed reply sent nothing for ${ms} ms`);
    this.name = 'StreamStalledError';
  }
}

export function classifyFailure(error: unknown): FailureReason {
  if (error instanceof BudgetExceededError) return error.scope === 'day' ? 'budget_day' : 'budget_request';
  // The day's token count is in the database and the database is unreachable: no model calls.
  if (errorCode(error) === 'store_unavailable') return 'budget_unknown';
  if (error instanceof InvalidOutputError) return 'invalid_output';
  if (error instanceof UnverifiableOutputError) return 'unverifiable';
  if (error instanceof UnsupportedAnswerError) return 'unsupported';
  if (error instanceof StreamStalledError) return 'timeout';
  if (error instanceof OpenAI.APIConnectionTimeoutError) return 'timeout';
  if (error instanceof OpenAI.APIConnectionError) return 'unreachable';
  if (error instanceof OpenAI.RateLimitError) return 'rate_limited';
  if (error instanceof OpenAI.AuthenticationError || error instanceof OpenAI.PermissionDeniedError) return 'auth';
  if (error instanceof OpenAI.APIError) {
    const status = error.status ?? 0;
    if (status === 408) return 'timeout';
    if (status >= 500) return 'server_error';
    if (status >= 400) return 'rejected';
    // A streamed `error` event carries no status.
    return 'server_error';
  }
  if (error instanceof SyntaxError) return 'server_error';
  return 'internal';
}

const UNAVAILABLE: Partial<Record<FailureReason, string>> = {
  rate_limited: 'rate limited',
  timeout: 'timed out',
  server_error: 'server error',
  unreachable: 'could not connect',
  auth: 'the API key was not accepted',
  rejected: 'the request was rejected',
  internal: 'unexpected error',
};

/** The visible note on a fallback result. `what` is "summary" for briefs, "answer" for answers. */
export function fallbackNote(reason: FailureReason, what: 'summary' | 'answer', limit?: number): string {
  const tail = `this is the offline ${what}.`;
  if (reason === 'invalid_output') return `The language model's reply could not be used; ${tail}`;
  if (reason === 'unverifiable') return `None of the language model's points could be traced to a passage of the documents; ${tail}`;
  if (reason === 'deadline') {
    return `The language model did not finish in time${limit ? ` (${Math.round(limit / 1000)} s)` : ''}; ${tail}`;
  }
  if (reason === 'unsupported') return `The language model's ${what} named people, places or numbers that its sources do not contain; ${tail}`;
  if (reason === 'budget_request') {
    return `The language model would have needed more than the ${what === 'summary' ? 'per-brief' : 'per-request'} token budget${limit ? ` (${limit.toLocaleString('en-US')} tokens)` : ''}; ${tail}`;
  }
  if (reason === 'budget_day') {
    return `Today's token budget for the language model${limit ? ` (${limit.toLocaleString('en-US')} tokens)` : ''} is used up; ${tail}`;
  }
  if (reason === 'budget_unknown') return `The language model's token budget could not be checked (the database is unreachable); ${tail}`;
  return `The language model was unavailable (${UNAVAILABLE[reason] ?? 'unexpected error'}); ${tail}`;
}

/** Loggable facts about a failure: status and provider error code, never headers or request bodies. */
export function describeFailure(error: unknown): Record<string, unknown> {
  if (error instanceof OpenAI.APIError) {
    return { status: error.status, code: error.code ?? undefined, type: error.type, requestId: error.requestID ?? undefined, message: truncate(error.message) };
  }
  if (error instanceof Error) return { name: error.name, message: truncate(error.message) };
  return { message: truncate(String(error)) };
}

function truncate(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

export function isAbort(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  return error instanceof OpenAI.APIUserAbortError || (error instanceof Error && error.name === 'AbortError');
}
