// Reading one request body, bounded in size and time, and writing the small answers the Slack
// receiver gives. Slack's payloads are a few KB and sent at once: anything much larger or slower
// is not Slack, and must not hold memory or a socket.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../core/logger.ts';

export interface BodyLimits {
  /** Larger bodies get 413. */
  limitBytes: number;
  /** A body not received within this time gets 408. */
  timeoutMs: number;
  logger: Logger;
}

/** Writes a status with a JSON body (or none); a no-op once something was sent. */
export function answer(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
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

/**
 * Reads the body and hands it to `received`; too large (413) or too slow (408) is answered here,
 * and a client that goes away mid-body gets nothing.
 */
export function readBody(req: IncomingMessage, res: ServerResponse, limits: BodyLimits, received: (rawBody: Buffer) => void): void {
  const { limitBytes, timeoutMs, logger } = limits;
  // reading → received | overflow (413 sent, rest of the body discarded) | timedOut (408 sent)
  // | gone (client error).
  let state: 'reading' | 'received' | 'overflow' | 'timedOut' | 'gone' = 'reading';
  const chunks: Buffer[] = [];
  let size = 0;
  const overflow = (bytes: number) => {
    state = 'overflow';
    chunks.length = 0;
    logger.warn({ bytes, limit: limitBytes }, 'slack request body too large');
    // Answer now and keep discarding the rest, so the client reads the 413 instead of a reset;
    // the timer below still ends a body that never stops.
    answer(res, 413);
  };
  const timer = setTimeout(() => {
    if (state === 'overflow') {
      req.destroy();
      return;
    }
    if (state !== 'reading') return;
    state = 'timedOut';
    logger.warn({ received: size, timeoutMs }, 'slack request body not received in time');
    // The body is incomplete, so the connection can't be reused: Node closes it after this.
    answer(res, 408, undefined, { connection: 'close' });
  }, timeoutMs);

  const declared = Number(req.headers['content-length']);
  if (declared > limitBytes) overflow(declared);

  req.on('data', (chunk: Buffer) => {
    if (state !== 'reading') return;
    size += chunk.length;
    // A body without a length (chunked) or longer than declared is cut here.
    if (size > limitBytes) return overflow(size);
    chunks.push(chunk);
  });
  req.on('end', () => {
    clearTimeout(timer);
    if (state !== 'reading') return;
    state = 'received';
    received(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
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
