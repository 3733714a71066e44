// What the HTTP receiver answers one complete Slack request, decided before any Bolt work: the
// signature is verified, url_verification and ssl_check are answered here, a replayed signed
// slash command is refused, and everything else is acked at once (a slash command with the body
// `commandAck` gives, the ephemeral "Working on it…") and handed on for dispatch.
//
// The ack's content is fixed here. Listeners' ack() calls are no-ops in HTTP mode; a future
// listener that must answer in the ack (options/block_suggestion, a view_submission
// response_action) needs a case in `ackBodyFor` below.
import type { IncomingHttpHeaders } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { Logger } from '../../core/logger.ts';
import type { ReplayGuard } from './replay-guard.ts';
import { verifySlackSignature } from './signature.ts';

export type Body = Record<string, unknown>;

export interface AckDeps {
  signingSecret: string;
  logger: Logger;
  /** Signed slash commands already received (the same bytes sent again). */
  replays: ReplayGuard;
  /** The ack body for a slash command (null/undefined: an empty 200). */
  commandAck?: (body: Body) => Record<string, unknown> | null | undefined;
  now: () => number;
}

export interface Ack {
  status: number;
  /** JSON body of the answer (none: empty). */
  body?: unknown;
  /** The verified payload to dispatch after answering (absent: answered, nothing to dispatch). */
  dispatch?: Body;
  isCommand?: boolean;
}

export function ackFor(deps: AckDeps, headers: IncomingHttpHeaders, rawBody: Buffer): Ack {
  const mediaType = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const isForm = mediaType === 'application/x-www-form-urlencoded';
  const verdict = verifySlackSignature({
    signingSecret: deps.signingSecret,
    timestamp: headers['x-slack-request-timestamp'],
    signature: headers['x-slack-signature'],
    rawBody,
    nowMs: deps.now(),
  });
  if (!verdict.ok) {
    // Slack's SSL check is unsigned; answer it, never dispatch it.
    if (isForm && parseQuery(rawBody.toString('utf8')).ssl_check === '1') return { status: 200 };
    deps.logger.warn({ reason: verdict.reason }, 'slack request rejected: signature verification failed');
    return { status: 401 };
  }

  const parsed = parseBody(rawBody, isForm);
  if (!parsed) {
    deps.logger.warn({ contentType: mediaType }, 'slack request with a malformed body');
    return { status: 400 };
  }
  const { body, isCommand } = parsed;
  if (body.ssl_check === '1') return { status: 200 };
  if (body.type === 'url_verification') return { status: 200, body: { challenge: body.challenge } };
  // Slash commands only: events have their own id dedupe, and Slack's event retries must get
  // their 200 (they may arrive within the same second, i.e. with the same signature).
  if (isCommand && !deps.replays.fresh(String(headers['x-slack-signature']))) {
    deps.logger.warn('slack command rejected: the same signed request was already received (replay)');
    return { status: 401 };
  }
  return { status: 200, body: ackBodyFor(deps, body, isCommand), dispatch: body, isCommand };
}

/** A form (a slash command, or an interactive `payload=`) or a JSON event; null when malformed. */
function parseBody(rawBody: Buffer, isForm: boolean): { body: Body; isCommand: boolean } | null {
  try {
    if (!isForm) return { body: asObject(JSON.parse(rawBody.toString('utf8'))), isCommand: false };
    const form = parseQuery(rawBody.toString('utf8'));
    if (typeof form.payload === 'string') return { body: asObject(JSON.parse(form.payload)), isCommand: false };
    return { body: form as Body, isCommand: typeof form.command === 'string' };
  } catch {
    return null;
  }
}

function ackBodyFor(deps: AckDeps, body: Body, isCommand: boolean): Record<string, unknown> | undefined {
  if (!isCommand) return undefined;
  try {
    return deps.commandAck?.(body) ?? undefined;
  } catch (error) {
    deps.logger.error({ err: error }, 'slack command ack body failed; acking empty');
    return undefined;
  }
}

function asObject(value: unknown): Body {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new TypeError('not an object');
  return value as Body;
}
