// A TCP proxy on 127.0.0.1 in front of a real server (PostgreSQL here), so a test can take the
// database away from a running process the way a network does — without touching the database:
//   stop()        closes the port and resets every connection (connection refused from now on);
//   start()       listens on the same port again;
//   partition()   keeps every connection open but delivers nothing either way, and holds new
//                 connections unanswered (queries hang); heal() delivers what was held back.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** `databaseUrl` with its host and port replaced by the proxy's. */
  url(databaseUrl: string): string;
  /** Connections open through the proxy right now. */
  readonly open: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  partition(): void;
  heal(): void;
  close(): Promise<void>;
}

interface Link {
  client: Socket;
  upstream: Socket | null;
  /** Bytes held back during a partition, per direction. */
  toUpstream: Buffer[];
  toClient: Buffer[];
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const links = new Set<Link>();
  let partitioned = false;
  let server: Server | null = null;
  let port = 0;

  function connectUpstream(link: Link): void {
    const upstream = createConnection({ host: target.host, port: target.port });
    link.upstream = upstream;
    upstream.on('data', (chunk: Buffer) => {
      if (partitioned) link.toClient.push(chunk);
      else link.client.write(chunk);
    });
    upstream.on('error', () => link.client.destroy());
    upstream.on('close', () => link.client.destroy());
    for (const chunk of link.toUpstream.splice(0)) upstream.write(chunk);
  }

  function accept(client: Socket): void {
    const link: Link = { client, upstream: null, toUpstream: [], toClient: [] };
    links.add(link);
    client.on('data', (chunk: Buffer) => {
      if (partitioned || !link.upstream) link.toUpstream.push(chunk);
      else link.upstream.write(chunk);
    });
    client.on('error', () => link.upstream?.destroy());
    client.on('close', () => {
      link.upstream?.destroy();
      links.delete(link);
    });
    if (!partitioned) connectUpstream(link);
  }

  async function listen(): Promise<void> {
    const s = createServer(accept);
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        s.off('error', reject);
        resolve();
      });
    });
    port = (s.address() as { port: number }).port;
    server = s;
  }

  async function stop(): Promise<void> {
    const s = server;
    server = null;
    for (const link of links) {
      link.client.destroy();
      link.upstream?.destroy();
    }
    links.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  await listen();

  return {
    get port() {
      return port;
    },
    get open() {
      return links.size;
    },
    url(databaseUrl) {
      const u = new URL(databaseUrl);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    stop,
    start: listen,
    partition() {
      partitioned = true;
    },
    heal() {
      partitioned = false;
      for (const link of links) {
        if (!link.upstream) connectUpstream(link);
        else for (const chunk of link.toUpstream.splice(0)) link.upstream.write(chunk);
        for (const chunk of link.toClient.splice(0)) link.client.write(chunk);
      }
    },
    close: stop,
  };
}
