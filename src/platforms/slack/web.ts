// The few Web API shapes the adapter uses, typed structurally so helpers can take the real
// WebClient (or anything shaped like it), plus error description for logs. Logs carry Slack's
// error code (`not_in_channel`, `ratelimited`, …), never the request, its headers or a token.
import { PostError } from '../post-error.ts';

export interface UsersInfoClient {
  users: {
    info(args: { user: string }): Promise<{
      user?: {
        name?: string;
        real_name?: string;
        is_admin?: boolean;
        is_owner?: boolean;
        is_primary_owner?: boolean;
        profile?: { display_name?: string };
      };
    }>;
  };
}

export interface SlackErrorInfo {
  /** Our stable code: `slack_api_error`, `slack_http_error`, `slack_request_error`, … */
  code: string;
  /** Slack's own error string (`not_in_channel`) when Slack answered `ok: false`. */
  slackError?: string;
  status?: number;
  message: string;
}

/** What to log about a Web API failure. Reads only codes and messages, never request data. */
export function describeSlackError(error: unknown): SlackErrorInfo {
  const e = (error ?? {}) as { code?: unknown; data?: { error?: unknown }; statusCode?: unknown; message?: unknown; original?: { message?: unknown } };
  const message = typeof e.message === 'string' ? e.message : String(error);
  switch (e.code) {
    case 'slack_webapi_platform_error':
      return { code: 'slack_api_error', slackError: typeof e.data?.error === 'string' ? e.data.error : 'unknown', message };
    case 'slack_webapi_http_error':
      return { code: 'slack_http_error', status: typeof e.statusCode === 'number' ? e.statusCode : undefined, message };
    case 'slack_webapi_rate_limited_error':
      return { code: 'slack_rate_limited', slackError: 'ratelimited', message };
    case 'slack_webapi_request_error':
      return { code: 'slack_request_error', message: typeof e.original?.message === 'string' ? e.original.message : message };
    case 'slack_bolt_respond_error':
      return { code: 'slack_respond_error', message };
    default:
      return { code: typeof e.code === 'string' ? e.code : 'internal', message };
  }
}

/** Slack's error string for a platform error (`not_in_channel`), else null. */
export function slackErrorCode(error: unknown): string | null {
  return describeSlackError(error).slackError ?? null;
}

// Slack Web API error strings that no retry fixes.
const PERMANENT = new Set([
  'channel_not_found', 'not_in_channel', 'is_archived', 'invalid_auth', 'not_authed', 'account_inactive',
  'token_revoked', 'token_expired', 'missing_scope', 'restricted_action', 'msg_too_long', 'no_permission',
  'invalid_blocks', 'invalid_arguments', 'team_access_not_granted', 'ekm_access_denied',
]);

/** A failed post as a PostError: permanent for Slack's no-retry errors, with Slack's wait on a rate limit. */
export function toPostError(method: string, error: unknown): PostError {
  const info = describeSlackError(error);
  const wait = (error as { retryAfter?: unknown } | null)?.retryAfter;
  const permanent = (info.slackError !== undefined && PERMANENT.has(info.slackError))
    || (info.status !== undefined && info.status >= 400 && info.status < 500 && info.status !== 429);
  return new PostError(info.code, `Slack ${method} failed: ${info.slackError ?? info.status ?? info.message}`, {
    cause: error,
    ...(permanent ? { retryable: false } : {}),
    ...(typeof wait === 'number' ? { retryable: true, retryAfter: wait } : {}),
  });
}
