// Slack HTTP mode as a Bolt Receiver that acks in the receiver. Per POST /slack/events it reads
// the raw body (bounded in size and time), verifies Slack's signature, answers url_verification
// and ssl_check itself, and acknowledges at once: a slash command with the body `commandAck`
// gives (the ephemeral "Working on it…"), anything else with an empty 200. Only then, deferred
// with setImmediate, does the event go to `app.processEvent` with an `ack` that does nothing.
//
// Why: Bolt's HTTPReceiver acks from inside the listener, after its middleware chain — 0.3–1.3 ms
// of work per request before the ack, serially on one event loop, so under a burst of 100 the
// last ack waited on 99 dispatches. Here every request read in a poll phase is acked before any
// dispatch runs, and dispatches go one per loop iteration so new requests are read in between.
//
// Consequence: the ack's content is fixed here. Listeners' ack() calls are no-ops in HTTP mode;
// a future listener that must answer in the ack (options/block_suggestion, a view_submission
// response_action) needs a case in `ackBodyFor` below.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';
import { createReplayGuard } from './replay-guard.ts';
import { MAX_SKEW_SECONDS, verifySlackSignature } from './signature.ts';

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

type Body = Record<string, unknown>;

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
  const { logger, signingSecret } = options;
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  let app: App | null = null;
  let accepting = false;
  let server: Server | null = null;
  // The timestamp may be off either way, so a signature stays valid for twice the skew.
  const replays = createReplayGuard({ windowMs: 2 * MAX_SKEW_SECONDS * 1000, now });

  // ─── dispatch: after the acks, one event per loop iteration ───────────────────────────────

  const queue: ReceiverEvent[] = [];
  let scheduled = false;
  const running = new Set<Promise<void>>();
  const flushed: Array<() => void> = [];
  const ignoreAck = async (): Promise<void> => {};

  function enqueue(event: ReceiverEvent): void {
    queue.push(event);
    if (!scheduled) {
      scheduled = true;
      setImmediate(dispatchNext);
    }
  }

  function dispatchNext(): void {
    scheduled = false;
    const event = queue.shift();
    if (event && app) {
      const work: Promise<void> = app.processEvent(event).catch((error: unknown) => {
        // Already acked: nothing to tell Slack, and a bad event must never take the process down.
        logger.error({ err: error }, 'slack event processing failed');
      });
      running.add(work);
      void work.finally(() => running.delete(work));
    }
    if (queue.length) {
      scheduled = true;
      setImmediate(dispatchNext);
    } else {
      for (const resolve of flushed.splice(0)) resolve();
    }
  }

  // ─── one request ───────────────────────────────────────────────────────────────────────────

  function reply(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
    if (res.headersSent) return;
    if (body === undefined) {
      res.writeHead(status, { 'content-length': '0', ...headers });
      res.end();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
    res.end(text);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const startedAt = performance.now();
    if (!app || !accepting) {
      // Not started yet, or stopping: Slack retries events elsewhere or later.
      req.resume();
      reply(res, 503);
      return;
    }
    // reading → received (answered by receive) | overflow (413 sent, rest of the body discarded)
    // | timedOut (408 sent) | gone (client error).
    let state: 'reading' | 'received' | 'overflow' | 'timedOut' | 'gone' = 'reading';
    const chunks: Buffer[] = [];
    let size = 0;
    const overflow = (bytes: number) => {
      state = 'overflow';
      chunks.length = 0;
      logger.warn({ bytes, limit: bodyLimit }, 'slack request body too large');
      // Answer now and keep discarding the rest, so the client reads the 413 instead of a reset;
      // the timer below still ends a body that never stops.
      reply(res, 413);
    };
    const timer = setTimeout(() => {
      if (state === 'overflow') {
        req.destroy();
        return;
      }
      if (state !== 'reading') return;
      state = 'timedOut';
      logger.warn({ received: size, timeoutMs: bodyTimeoutMs }, 'slack request body not received in time');
      // The body is incomplete, so the connection can't be reused: Node closes it after this.
      reply(res, 408, undefined, { connection: 'close' });
    }, bodyTimeoutMs);

    const declared = Number(req.headers['content-length']);
    if (declared > bodyLimit) overflow(declared);

    req.on('data', (chunk: Buffer) => {
      if (state !== 'reading') return;
      size += chunk.length;
      // A body without a length (chunked) or longer than declared is cut here.
      if (size > bodyLimit) return overflow(size);
      chunks.push(chunk);
    });
    req.on('end', () => {
      clearTimeout(timer);
      if (state !== 'reading') return;
      state = 'received';
      receive(req, res, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size), startedAt);
    });
    const gone = () => {
      // The client went away mid-body; there is no one to answer.
      if (state !== 'reading' && state !== 'overflow') return;
      clearTimeout(timer);
      state = 'gone';
    };
    req.on('error', gone);
    req.on('close', gone);
  }

  function receive(req: IncomingMessage, res: ServerResponse, rawBody: Buffer, startedAt: number): void {
    const mediaType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const isForm = mediaType === 'application/x-www-form-urlencoded';
    const verdict = verifySlackSignature({
      signingSecret,
      timestamp: req.headers['x-slack-request-timestamp'],
      signature: req.headers['x-slack-signature'],
      rawBody,
      nowMs: now(),
    });
    if (!verdict.ok) {
      // Slack's SSL check is unsigned; answer it, never dispatch it.
      if (isForm && parseQuery(rawBody.toString('utf8')).ssl_check === '1') return reply(res, 200);
      logger.warn({ reason: verdict.reason }, 'slack request rejected: signature verification failed');
      return reply(res, 401);
    }

    let body: Body;
    let isCommand = false;
    try {
      if (isForm) {
        const form = parseQuery(rawBody.toString('utf8'));
        if (typeof form.payload === 'string') {
          body = asObject(JSON.parse(form.payload));
        } else {
          body = form as Body;
          isCommand = typeof form.command === 'string';
        }
      } else {
        body = asObject(JSON.parse(rawBody.toString('utf8')));
      }
    } catch {
      logger.warn({ contentType: mediaType }, 'slack request with a malformed body');
      return reply(res, 400);
    }

    if (body.ssl_check === '1') return reply(res, 200);
    if (body.type === 'url_verification') return reply(res, 200, { challenge: body.challenge });
    // Slash commands only: events have their own id dedupe, and Slack's event retries must get
    // their 200 (they may arrive within the same second, i.e. with the same signature).
    if (isCommand && !replays.fresh(String(req.headers['x-slack-signature']))) {
      logger.warn('slack command rejected: the same signed request was already received (replay)');
      return reply(res, 401);
    }

    reply(res, 200, ackBodyFor(body, isCommand));
    if (isCommand) options.onAck?.({ kind: 'command', ms: performance.now() - startedAt });

    enqueue({
      body,
      ack: ignoreAck,
      retryNum: headerInt(req.headers['x-slack-retry-num']),
      retryReason: headerString(req.headers['x-slack-retry-reason']),
      customProperties: {},
    });
  }

  function ackBodyFor(body: Body, isCommand: boolean): Record<string, unknown> | undefined {
    if (!isCommand) return undefined;
    try {
      return options.commandAck?.(body) ?? undefined;
    } catch (error) {
      logger.error({ err: error }, 'slack command ack body failed; acking empty');
      return undefined;
    }
  }

  // ─── lifecycle ─────────────────────────────────────────────────────────────────────────────

  return {
    init(a) {
      app = a;
    },

    async start(listen) {
      accepting = true;
      if (!listen) return null;
      const s = createServer((req, res) => {
        const path = pathOf(req);
        if (path === options.path && req.method?.toUpperCase() === 'POST') return handle(req, res);
        req.resume();
        reply(res, 404);
      });
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(listen.port, listen.host, () => {
          s.off('error', reject);
          resolve();
        });
      });
      s.on('error', (error) => logger.error({ err: error }, 'slack http server error'));
      server = s;
      return s;
    },

    async stop() {
      accepting = false;
      if (queue.length || scheduled) await new Promise<void>((resolve) => flushed.push(resolve));
      if (!server) return;
      const s = server;
      server = null;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeIdleConnections();
      });
    },

    handle,

    address() {
      const a = server?.address() as AddressInfo | null | undefined;
      return a && typeof a === 'object' ? { port: a.port } : null;
    },

    isListening: () => server?.listening === true,

    async drain() {
      if (queue.length || scheduled) await new Promise<void>((resolve) => flushed.push(resolve));
      await Promise.allSettled([...running]);
    },
  };
}

function asObject(value: unknown): Body {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new TypeError('not an object');
  return value as Body;
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
