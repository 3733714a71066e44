// Why a fetch failed, as a code the poller can act on (back off, wait for Retry-After, give up)
// and a sentence an operator can read. Messages never carry a URL's credentials.

export type FetchReason =
  | 'blocked-address'
  | 'timeout'
  | 'too-large'
  | 'http-status'
  | 'too-many-redirects'
  | 'rate-limited'
  | 'network'
  | 'bad-url'
  | 'not-a-feed'
  | 'aborted';

export class FetchError extends Error {
  readonly reason: FetchReason;
  /** HTTP status when the server answered. */
  readonly status: number | null;
  /** How long the server asked us to wait (Retry-After), when it said. */
  readonly retryAfterMs: number | null;
  constructor(reason: FetchReason, message: string, extra: { status?: number | null; retryAfterMs?: number | null } = {}) {
    super(message);
    this.name = 'FetchError';
    this.reason = reason;
    this.status = extra.status ?? null;
    this.retryAfterMs = extra.retryAfterMs ?? null;
  }
}

/** A URL fit for messages and logs: no user-info, no query (tokens hide there too), bounded length. */
export function displayUrl(url: string | URL): string {
  try {
    const u = typeof url === 'string' ? new URL(url) : url;
    return `${u.protocol}//${u.host}${u.pathname}`.slice(0, 200);
  } catch {
    return '(unparseable URL)';
  }
}

/** Retry-After as milliseconds from now: delay-seconds or an HTTP-date; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: Date): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  const trimmed = text.trim();
  if (/^\d{1,10}$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (!Number.isFinite(at)) return null;
  return Math.max(0, at - now.getTime());
}
