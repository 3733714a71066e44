// Which chat errors are worth retrying, and how long to wait. A digest post that failed because
// the channel is gone or the bot lacks access will fail the same way every time; a timeout, a
// 5xx or a rate limit usually passes on a later attempt.

// Slack Web API error strings and Discord JSON error codes that no retry fixes.
const PERMANENT_SLACK = new Set([
  'channel_not_found', 'not_in_channel', 'is_archived', 'invalid_auth', 'not_authed', 'account_inactive',
  'token_revoked', 'token_expired', 'missing_scope', 'restricted_action', 'msg_too_long', 'no_permission',
  'invalid_blocks', 'invalid_arguments', 'team_access_not_granted', 'ekm_access_denied',
]);
const PERMANENT_DISCORD = new Set([10003, 10004, 50001, 50013, 50035, 50007, 40001]);

function field(error: unknown, name: string): unknown {
  return error && typeof error === 'object' ? (error as Record<string, unknown>)[name] : undefined;
}

export function isTransientPostError(error: unknown): boolean {
  if (field(error, 'retryable') === false || field(error, 'permanent') === true) return false;
  if (field(error, 'retryable') === true) return true;
  const code = field(error, 'code');
  if (typeof code === 'number' && PERMANENT_DISCORD.has(code)) return false;
  const slackError = field(field(error, 'data'), 'error') ?? (typeof code === 'string' ? code : undefined);
  if (typeof slackError === 'string' && PERMANENT_SLACK.has(slackError)) return false;
  const status = field(error, 'status') ?? field(error, 'statusCode');
  if (typeof status === 'number' && status >= 400 && status < 500 && ![408, 425, 429].includes(status)) return false;
  return true;
}

/** base · 2^(attempt−1), at least any `retryAfter` (seconds) the platform asked for, at most a minute. */
export function backoffMs(attempt: number, baseMs: number, error?: unknown): number {
  const exponential = baseMs * 2 ** Math.max(0, attempt - 1);
  const retryAfter = field(error, 'retryAfter');
  const asked = typeof retryAfter === 'number' && Number.isFinite(retryAfter) ? retryAfter * 1000 : 0;
  return Math.min(60_000, Math.max(exponential, asked));
}

/** A short, single-line error text for the delivery record and logs (no stack, bounded). */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/\s+/g, ' ').slice(0, 300);
}
