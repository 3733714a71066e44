// Discord REST errors, classified and made safe to log. discord.js errors carry the request URL,
// and interaction/webhook URLs embed the interaction token (a credential for 15 minutes), so
// errors are never logged as they are: only code, status, method and a token-free route.
import { DiscordAPIError, HTTPError, RESTJSONErrorCodes, type REST } from 'discord.js';
import type { Logger } from '../../core/logger.ts';

export interface SafeDiscordError {
  name: string;
  message: string;
  code?: number | string;
  status?: number;
  method?: string;
  route?: string;
}

/** Replaces the token segments of webhook and interaction URLs. */
export function redactUrl(url: string): string {
  return url
    .replace(/\/webhooks\/(\d+)\/[^/?#]+/g, '/webhooks/$1/:token')
    .replace(/\/interactions\/(\d+)\/[^/?#]+/g, '/interactions/$1/:token')
    .replace(/^https?:\/\/[^/]+/, '');
}

export function describeDiscordError(error: unknown): SafeDiscordError {
  if (error instanceof DiscordAPIError) {
    return { name: error.name, message: redactUrl(error.message), code: error.code, status: error.status, method: error.method, route: redactUrl(error.url) };
  }
  if (error instanceof HTTPError) {
    return { name: error.name, message: redactUrl(error.message), status: error.status, method: error.method, route: redactUrl(error.url) };
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: redactUrl(error.message), ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}) };
  }
  return { name: 'Unknown', message: redactUrl(String(error)) };
}

function apiCode(error: unknown): number | string | undefined {
  return error instanceof DiscordAPIError ? error.code : undefined;
}

/** The interaction or its webhook token is gone (not acked within 3 s, or older than 15 min). */
export function isExpiredInteraction(error: unknown): boolean {
  const code = apiCode(error);
  return code === RESTJSONErrorCodes.UnknownInteraction || code === RESTJSONErrorCodes.UnknownWebhook || code === RESTJSONErrorCodes.InvalidWebhookToken;
}

/** Another process (a second replica on the same shard) acknowledged it first. */
export function isAlreadyAcknowledged(error: unknown): boolean {
  return apiCode(error) === RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged;
}

export function isMissingPermissions(error: unknown): boolean {
  const code = apiCode(error);
  return code === RESTJSONErrorCodes.MissingPermissions || code === RESTJSONErrorCodes.MissingAccess;
}

/** The request body was rejected (a rendering bug); retrying the same payload is pointless. */
export function isInvalidBody(error: unknown): boolean {
  return apiCode(error) === RESTJSONErrorCodes.InvalidFormBodyOrContentType;
}

/** Logs rate limits of a REST client without its URLs (they can carry interaction tokens). */
export function logRateLimits(rest: REST, log: Logger): void {
  rest.on('rateLimited', (info) => log.warn({ route: info.route, retryAfterMs: info.retryAfter, global: info.global, scope: info.scope }, 'discord: rate limited, waiting'));
  rest.on('restDebug', (message) => {
    // Only the 429 notices; their text holds the request URL, so only the safe parts are kept.
    if (!message.includes('Encountered unexpected 429')) return;
    const bucket = /Bucket\s*:\s*(\S+)/.exec(message)?.[1];
    const retryAfter = /Retry After\s*:\s*(\d+)/.exec(message)?.[1];
    log.warn({ route: bucket ? redactUrl(bucket) : undefined, retryAfterMs: retryAfter ? Number(retryAfter) : undefined }, 'discord: 429 from Discord, retrying after the indicated delay');
  });
}

// Discord JSON error codes that no retry fixes: unknown channel or message, missing access or
// permissions, invalid form body, cannot DM the user, unauthorised.
const PERMANENT_CODES = new Set([10003, 10004, 50001, 50013, 50035, 50007, 40001]);

/** A post to Discord that fails the same way every time it is tried. */
export function isPermanentDiscordError(error: unknown): boolean {
  const { code, status } = (error ?? {}) as { code?: unknown; status?: unknown };
  if (typeof code === 'number' && PERMANENT_CODES.has(code)) return true;
  return typeof status === 'number' && status >= 400 && status < 500 && ![408, 429].includes(status);
}
