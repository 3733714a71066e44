// Which post failures are worth retrying, and how long to wait. The scheduler knows no chat
// platform: each platform marks its errors, and only the platform can tell "channel gone" from
// "try later". Anything unmarked is taken as transient, because a wasted retry costs a few
// seconds while giving up on a passing glitch costs the channel its digest.

/** The flags a platform puts on an error it throws from a post. */
export interface PostFailure {
  /** false: the same post fails the same way every time (channel gone, no access, bad auth). */
  retryable?: boolean;
  /** Seconds the platform asked us to wait (a rate limit). */
  retryAfter?: number;
  /** An HTTP status, when the failure was one. */
  status?: number;
}

function failure(error: unknown): PostFailure {
  return error && typeof error === 'object' ? (error as PostFailure) : {};
}

export function isTransientPostError(error: unknown): boolean {
  const { retryable, status } = failure(error);
  if (typeof retryable === 'boolean') return retryable;
  // A generic HTTP 4xx is the request's own fault, except timeout, too-early and rate limit.
  if (typeof status === 'number' && status >= 400 && status < 500 && ![408, 425, 429].includes(status)) return false;
  return true;
}

/** base · 2^(attempt−1), at least any `retryAfter` (seconds) the platform asked for, at most a minute. */
export function backoffMs(attempt: number, baseMs: number, error?: unknown): number {
  const exponential = baseMs * 2 ** Math.max(0, attempt - 1);
  const { retryAfter } = failure(error);
  const asked = typeof retryAfter === 'number' && Number.isFinite(retryAfter) ? retryAfter * 1000 : 0;
  return Math.min(60_000, Math.max(exponential, asked));
}

/** A short, single-line error text for the delivery record and logs (no stack, bounded). */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/\s+/g, ' ').slice(0, 300);
}
