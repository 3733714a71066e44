// The one HTTP port of a replica: /healthz (the process is up), /readyz (it can take traffic),
// /metrics (Prometheus text) and the paths platforms mount (Slack's HTTP mode serves
// /slack/events) — so a load balancer, a health check and a chat platform all use one port.
// Nothing here echoes request data or error messages back: responses are fixed shapes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/logger.ts';
import type { Metrics } from './metrics.ts';
import type { Readiness } from './readiness.ts';
import { own } from '../core/own.ts';

export interface HttpHandler {
  /** True when the request was the platform's and has been handled. */
  handleHttp(req: IncomingMessage, res: ServerResponse): boolean;
}

/** Paths a platform serves on the ops port. */
export interface HttpMount {
  /** Platform name, said in the 503 while it is starting. */
  name: string;
  /** Every path under it goes to the platform, e.g. `/slack/`. */
  prefix: string;
  /** The platform once it exists; null before (its requests then get 503). */
  handler: () => HttpHandler | null;
}

export interface OpsServerOptions {
  /** 0 = any free port (tests). */
  port: number;
  /** Listen address; default all interfaces (what a container needs). */
  host?: string;
  metrics: Pick<Metrics, 'text' | 'contentType'>;
  readiness: Readiness;
  mounts?: readonly HttpMount[];
  logger: Logger;
}

export interface OpsServer {
  listen(): Promise<{ port: number }>;
  address(): { port: number } | null;
  /** Stops accepting new connections; requests in progress complete, idle keep-alive sockets close. */
  stopAccepting(): void;
  /** Stops accepting and ends every remaining connection. */
  close(): Promise<void>;
}

export function createOpsServer(options: OpsServerOptions): OpsServer {
  const { logger, metrics, readiness } = options;
  let accepting = true;
  let closed: Promise<void> | null = null;

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error, path: pathOf(req) }, 'http request failed');
      if (!res.headersSent) json(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
  // A keep-alive connection must not hold a stopping process open for long.
  server.keepAliveTimeout = 5000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = pathOf(req);
    const method = (req.method ?? 'GET').toUpperCase();
    // Requests on connections opened before shutdown began are answered, but told to close.
    if (!accepting) res.setHeader('connection', 'close');

    const mount = options.mounts?.find((m) => path.startsWith(m.prefix));
    if (mount) {
      const handler = mount.handler();
      if (handler && handler.handleHttp(req, res)) return;
      req.resume();
      return handler ? json(res, 404, { error: 'not found' }) : json(res, 503, { error: `${mount.name} is starting` });
    }

    const route = own(ROUTES, path);
    req.resume();
    if (!route) return json(res, 404, { error: 'not found' });
    if (method !== 'GET' && method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return json(res, 405, { error: 'method not allowed' });
    }
    if (route === 'healthz') return json(res, 200, { status: 'ok' }, method);
    if (route === 'readyz') {
      const report = await readiness.check();
      return json(res, report.ready ? 200 : 503, { status: report.ready ? 'ready' : 'not ready', ...report }, method);
    }
    const body = await metrics.text();
    res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
    res.end(method === 'HEAD' ? undefined : body);
  }

  function stopAccepting(): void {
    if (!accepting) return;
    accepting = false;
    closed = server.listening ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    server.closeIdleConnections();
  }

  return {
    async listen() {
      await new Promise<void>((resolve, reject) => {
        const onError = (error: Error) => reject(error);
        server.once('error', onError);
        server.listen(options.port, options.host, () => {
          server.off('error', onError);
          resolve();
        });
      });
      server.on('error', (error) => logger.error({ err: error }, 'http server error'));
      const address = server.address() as AddressInfo;
      logger.info({ port: address.port, host: options.host ?? '(all interfaces)' }, 'http server listening');
      return { port: address.port };
    },
    address() {
      const a = server.address() as AddressInfo | null;
      return a && typeof a === 'object' ? { port: a.port } : null;
    },
    stopAccepting,
    async close() {
      stopAccepting();
      server.closeAllConnections();
      await closed;
    },
  };
}

const ROUTES: Record<string, 'healthz' | 'readyz' | 'metrics'> = {
  '/healthz': 'healthz',
  '/readyz': 'readyz',
  '/metrics': 'metrics',
};

function pathOf(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    return '/';
  }
}

function json(res: ServerResponse, status: number, body: unknown, method = 'GET'): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(method === 'HEAD' ? undefined : text);
}
