import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local HTTP server whose routes the tests write: feeds, pages, redirects, slow and huge
// answers. It counts requests, concurrency and connections, so politeness can be asserted.

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface FeedServer {
  readonly base: string;
  readonly port: number;
  routes: Map<string, Handler>;
  /** Requests per path (path without query). */
  hits: Map<string, number>;
  requests: IncomingMessage[];
  connections: number;
  maxConcurrent: number;
  hitCount(path: string): number;
  close(): Promise<void>;
}

export async function startFeedServer(host = '127.0.0.1', port = 0): Promise<FeedServer> {
  let active = 0;
  const state = {
    routes: new Map<string, Handler>(),
    hits: new Map<string, number>(),
    requests: [] as IncomingMessage[],
    connections: 0,
    maxConcurrent: 0,
  };
  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    state.requests.push(req);
    state.hits.set(path, (state.hits.get(path) ?? 0) + 1);
    active++;
    state.maxConcurrent = Math.max(state.maxConcurrent, active);
    res.on('close', () => active--);
    const handler = state.routes.get(path);
    try {
      if (handler) await handler(req, res);
      else {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
      }
    } catch {
      res.destroy();
    }
  });
  server.on('connection', (socket) => {
    state.connections++;
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const actualPort = (server.address() as AddressInfo).port;
  return Object.assign(state, {
    base: `http://${host}:${actualPort}`,
    port: actualPort,
    hitCount: (path: string) => state.hits.get(path) ?? 0,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  });
}

export function sendXml(body: string, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', ...headers });
    res.end(body);
  };
}

export function sendHtml(body: string): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  };
}

export function redirectTo(location: string, status = 302): Handler {
  return (_req, res) => {
    res.writeHead(status, { location });
    res.end();
  };
}
