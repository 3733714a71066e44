// An HTTP + WebSocket proxy in front of the fake Discord, so a test can close the gateway
// connection from the server side (as Discord does) while the bot runs. REST passes through
// unchanged except `GET /gateway/bot`, whose `url` is pointed at this proxy; WebSocket upgrades
// are piped byte for byte. `closeGateway(code)` sends a WebSocket close frame with that code to
// every connected client and hangs up on the fake (its session ends); `dropGateway()` just
// resets the connections (code 1006, a network failure).
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface GatewayProxy {
  /** What to give discord.js as `rest.api`. */
  readonly apiUrl: string;
  /** Gateway connections currently piped through the proxy. */
  readonly open: number;
  /** Gateway connections made through the proxy so far. */
  readonly connections: number;
  closeGateway(code: number, reason?: string): void;
  dropGateway(): void;
  close(): Promise<void>;
}

export async function startGatewayProxy(fakeApiUrl: string): Promise<GatewayProxy> {
  const target = new URL(fakeApiUrl);
  const host = target.hostname;
  const port = Number(target.port);
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  const httpSockets = new Set<Socket>();
  let connections = 0;
  let ownPort = 0;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const upstream = request({ host, port, method: req.method, path: req.url, headers: req.headers }, (up: IncomingMessage) => {
        const body: Buffer[] = [];
        up.on('data', (c: Buffer) => body.push(c));
        up.on('end', () => {
          let payload = Buffer.concat(body);
          const headers = { ...up.headers };
          if (req.method === 'GET' && /\/gateway\/bot$/.test(new URL(req.url ?? '/', 'http://x').pathname) && up.statusCode === 200) {
            const info = JSON.parse(payload.toString('utf8')) as { url: string };
            info.url = `ws://127.0.0.1:${ownPort}/gateway`;
            payload = Buffer.from(JSON.stringify(info));
          }
          headers['content-length'] = String(payload.length);
          delete headers['transfer-encoding'];
          res.writeHead(up.statusCode ?? 502, headers);
          res.end(payload);
        });
      });
      upstream.on('error', () => { res.writeHead(502).end(); });
      upstream.end(Buffer.concat(chunks));
    });
  });
  server.on('connection', (socket) => {
    httpSockets.add(socket);
    socket.on('close', () => httpSockets.delete(socket));
  });
  server.on('upgrade', (req, client: Socket, head: Buffer) => {
    connections++;
    const upstream = connect({ host, port }, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    const pair = { client, upstream };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ownPort = (server.address() as { port: number }).port;

  return {
    apiUrl: `http://127.0.0.1:${ownPort}/api`,
    get open() {
      return pairs.size;
    },
    get connections() {
      return connections;
    },
    closeGateway(code, reason = '') {
      for (const pair of [...pairs]) {
        pairs.delete(pair);
        // Stop forwarding first, so the close frame is not written into the middle of another one.
        pair.upstream.unpipe(pair.client);
        pair.upstream.destroy();
        const text = Buffer.from(reason, 'utf8');
        // A server frame: FIN + opcode 8 (close), unmasked, payload = 2-byte code + reason.
        const frame = Buffer.concat([Buffer.from([0x88, 2 + text.length, code >> 8, code & 0xff]), text]);
        pair.client.end(frame);
      }
    },
    dropGateway() {
      for (const pair of [...pairs]) {
        pairs.delete(pair);
        pair.upstream.destroy();
        pair.client.destroy();
      }
    },
    async close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      pairs.clear();
      for (const socket of httpSockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
