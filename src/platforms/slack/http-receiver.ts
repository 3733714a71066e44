// Slack HTTP mode as a Bolt Receiver that acks in the receiver. Per POST /slack/events it reads
// the raw body (bounded in size and time, http-body.ts), decides the answer (signature,
// url_verification, ssl_check, replays, the ack body: http-ack.ts) and acknowledges at once:
// a slash command with the body `commandAck` gives (the ephemeral "Working on it…"), anything
// else with an empty 200. Only then, deferred with setImmediate, does the event go to
// `app.processEvent` with an `ack` that does nothing (http-dispatch.ts).
//
// Why: Bolt's HTTPReceiver acks from inside the listener, after its middleware chain — 0.3–1.3 ms
// of work per request before the ack, serially on one event loop, so under a burst of 100 the
// last ack waited on 99 dispatches. Here every request read in a poll phase is acked before any
// dispatch runs, and dispatches go one per loop iteration so new requests are read in between.
//
// Consequence: the ack's content is fixed before any listener runs (see http-ack.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App, Receiver } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';
import { ackFor, type AckDeps, type Body } from './http-ack.ts';
import { answer, readBody, type BodyLimits } from './http-body.ts';
import { createDispatchQueue, type DispatchQueue } from './http-dispatch.ts';
import { createReplayGuard } from './replay-guard.ts';
import { MAX_SKEW_SECONDS } from './signature.ts';

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

export interface AckingReceiverOptions {
  signingSecret: string;
  /** The one path Slack posts to (e.g. /slack/events). */
  path: string;
  logger: Logger;
  /** The ack body for a slash command (null/undefined: an empty 200). */
  commandAck?: (body: Body) => Record<string, unknown> | null | undefined;
  /** Observes how long a slash command took from its request to its ack written (metrics). */
  onAck?: (info: { kind: 'command'; ms: number }) => void;
  /** Larger bodies get 413 (default 1 MiB; Slack's payloads are a few KB). */
  bodyLimitBytes?: number;
  /** A body not received within this time gets 408 (default 10 s; Slack sends it at once). */
  bodyTimeoutMs?: number;
  /** Milliseconds since the epoch (tests). */
  now?: () => number;
}

export interface AckingReceiver extends Receiver {
  init(app: App): void;
  /** Listens on its own port when given listen options; with none, only `handle` serves requests. */
  start(listen?: { port: number; host?: string }): Promise<Server | null>;
  stop(): Promise<void>;
  /** Serves one POST to `path` (the caller has routed it here). */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** The own listener's address, if any. */
  address(): { port: number } | null;
  isListening(): boolean;
  /** Resolves when every acked event has been dispatched and its listeners have finished. */
  drain(): Promise<void>;
}

export function createAckingReceiver(options: AckingReceiverOptions): AckingReceiver {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const limits: BodyLimits = { limitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES, timeoutMs: options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS, logger };
  // The timestamp may be off either way, so a signature stays valid for twice the skew.
  const replays = createReplayGuard({ windowMs: 2 * MAX_SKEW_SECONDS * 1000, now });
  const ackDeps: AckDeps = { signingSecret: options.signingSecret, logger, replays, commandAck: options.commandAck, now };
  const dispatch = createDispatchQueue(logger);
  let ready = false;
  let accepting = false;
  let server: Server | null = null;

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const startedAt = performance.now();
    if (!ready || !accepting) {
      // Not started yet, or stopping: Slack retries events elsewhere or later.
      req.resume();
      answer(res, 503);
      return;
    }
    readBody(req, res, limits, (rawBody) => receive(req, res, rawBody, startedAt, ackDeps, options, dispatch));
  }

  return {
    init(app) {
      ready = true;
      dispatch.setApp(app);
    },
    async start(listen) {
      accepting = true;
      if (!listen) return null;
      server = await listenOn(listen, options.path, handle, logger);
      return server;
    },
    async stop() {
      accepting = false;
      await dispatch.flushed();
      const s = server;
      server = null;
      if (s) await closeServer(s);
    },
    handle,
    address() {
      const a = server?.address() as AddressInfo | null | undefined;
      return a && typeof a === 'object' ? { port: a.port } : null;
    },
    isListening: () => server?.listening === true,
    drain: () => dispatch.drain(),
  };
}

/** One complete, bounded request: answered first, then queued for Bolt when it carries an event. */
function receive(req: IncomingMessage, res: ServerResponse, rawBody: Buffer, startedAt: number, deps: AckDeps, options: AckingReceiverOptions, dispatch: DispatchQueue): void {
  const ack = ackFor(deps, req.headers, rawBody);
  answer(res, ack.status, ack.body);
  if (!ack.dispatch) return;
  if (ack.isCommand) options.onAck?.({ kind: 'command', ms: performance.now() - startedAt });
  dispatch.enqueue({
    body: ack.dispatch,
    ack: ignoreAck,
    retryNum: headerInt(req.headers['x-slack-retry-num']),
    retryReason: headerString(req.headers['x-slack-retry-reason']),
    customProperties: {},
  });
}

const ignoreAck = async (): Promise<void> => {};

/** Serves `path` (POST) on its own port; anything else is a 404. */
async function listenOn(listen: { port: number; host?: string }, path: string, handle: (req: IncomingMessage, res: ServerResponse) => void, logger: Logger): Promise<Server> {
  const s = createServer((req, res) => {
    if (pathOf(req) === path && req.method?.toUpperCase() === 'POST') return handle(req, res);
    req.resume();
    answer(res, 404);
  });
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    s.listen(listen.port, listen.host, () => {
      s.off('error', reject);
      resolve();
    });
  });
  s.on('error', (error) => logger.error({ err: error }, 'slack http server error'));
  return s;
}

function closeServer(s: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    s.close(() => resolve());
    s.closeIdleConnections();
  });
}

function headerString(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function headerInt(value: string | string[] | undefined): number | undefined {
  const text = headerString(value);
  if (text === undefined) return undefined;
  const n = Number.parseInt(text, 10);
  return Number.isNaN(n) ? undefined : n;
}

function pathOf(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    return '/';
  }
}
