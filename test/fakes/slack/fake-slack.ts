// A small, faithful Slack on 127.0.0.1:0 for driving the real Bolt app offline:
//   - Web API at /api/<method>: form posts (what the WebClient sends) and JSON bodies, `{ok:…}`
//     answers for auth.test, chat.postMessage/update/delete/postEphemeral, users.info and
//     apps.connections.open (which returns this server's Socket Mode URL); scripted failures,
//     including 429 with Retry-After.
//   - response_url receiver at /response/<id> (what Bolt's respond() posts JSON to).
//   - Socket Mode WebSocket at /socket: sends {"type":"hello"}, sends envelopes, records acks,
//     can send {"type":"disconnect"}.
// Everything is recorded, in one global order (`seq`), for assertions.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FakeUser {
  id: string;
  name: string;
  real_name?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_bot?: boolean;
}

export interface ApiCall {
  seq: number;
  at: number;
  method: string;
  /** Parsed parameters; JSON-valued form fields (`blocks`) are parsed. */
  params: Record<string, unknown>;
  /** Every parameter value as Slack would read it (form values decoded), for "nothing raw" checks. */
  text: string;
  contentType: string;
  authorization: string | null;
  status: number;
  response: Record<string, unknown>;
}

export interface ResponseUrlPost {
  seq: number;
  at: number;
  id: string;
  body: Record<string, unknown>;
  text: string;
}

export interface SocketAck {
  seq: number;
  at: number;
  envelopeId: string;
  payload: unknown;
  connection: number;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  threadTs: string | null;
  text: string;
  blocks: unknown;
  updates: number;
  deleted: boolean;
}

type Scripted =
  | { kind: 'error'; error: string }
  | { kind: 'ratelimit'; retryAfter: number }
  | { kind: 'http'; status: number };

export interface FakeSlackOptions {
  botToken?: string;
  appToken?: string;
  botUserId?: string;
  botId?: string;
  teamId?: string;
  users?: FakeUser[];
  /** Send {"type":"hello"} as soon as a Socket Mode client connects (default true). */
  hello?: boolean;
}

export interface FakeSlack {
  readonly url: string;
  /** What to pass as `slackApiUrl`. */
  readonly apiUrl: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly calls: ApiCall[];
  readonly responses: ResponseUrlPost[];
  readonly acks: SocketAck[];
  readonly messages: Map<string, PostedMessage>;
  /** Ordered labels: `ack:<envelope>` from Socket Mode acks, plus whatever tests `mark()`. */
  readonly timeline: string[];
  mark(label: string): void;
  /** A fresh response_url on this server. */
  responseUrl(): string;
  callsTo(method: string): ApiCall[];
  /** The next `times` calls to `method` answer `{ok:false, error}`. */
  fail(method: string, error: string, times?: number): void;
  /** The next `times` calls to `method` answer HTTP 429 with `Retry-After: retryAfter`. */
  rateLimit(method: string, retryAfter: number, times?: number): void;
  httpError(method: string, status: number, times?: number): void;
  /** Polls `check` until it returns something truthy (or throws after timeoutMs). */
  waitFor<T>(check: () => T | undefined | null | false, label: string, timeoutMs?: number): Promise<T>;
  // ── Socket Mode ──
  /** Number of Socket Mode connections opened so far. */
  readonly connections: number;
  /** Currently open Socket Mode connections. */
  readonly openConnections: number;
  waitForConnections(n: number, timeoutMs?: number): Promise<void>;
  sendEnvelope(type: 'slash_commands' | 'events_api' | 'interactive', payload: unknown, extra?: { retry_attempt?: number; retry_reason?: string; accepts_response_payload?: boolean }): string;
  waitForAck(envelopeId: string, timeoutMs?: number): Promise<SocketAck>;
  /** Sends {"type":"disconnect","reason":…} on the newest open connection. */
  disconnect(reason?: string): void;
  close(): Promise<void>;
}

export async function createFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const botUserId = options.botUserId ?? 'UBOT';
  const botId = options.botId ?? 'BBOT';
  const teamId = options.teamId ?? 'T1';
  const users = new Map((options.users ?? []).map((u) => [u.id, u]));
  users.set(botUserId, users.get(botUserId) ?? { id: botUserId, name: 'briefbot', is_bot: true });
  const calls: ApiCall[] = [];
  const responses: ResponseUrlPost[] = [];
  const acks: SocketAck[] = [];
  const messages = new Map<string, PostedMessage>();
  const timeline: string[] = [];
  const scripts = new Map<string, Scripted[]>();
  const sockets = new Set<Socket>();
  const open: Array<{ ws: WebSocket; n: number }> = [];
  let seq = 0;
  let tsCounter = 0;
  let envelopeCounter = 0;
  let responseCounter = 0;
  let connections = 0;

  const nextTs = () => {
    tsCounter += 1;
    return `${1_700_000_000 + tsCounter}.${String(tsCounter * 100).padStart(6, '0')}`;
  };

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/socket')) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      connections += 1;
      const entry = { ws, n: connections };
      open.push(entry);
      ws.on('close', () => open.splice(open.indexOf(entry), 1));
      ws.on('message', (data) => {
        let msg: { envelope_id?: string; payload?: unknown };
        try {
          msg = JSON.parse(String(data));
        } catch {
          return;
        }
        if (typeof msg.envelope_id === 'string') {
          acks.push({ seq: ++seq, at: performance.now(), envelopeId: msg.envelope_id, payload: msg.payload, connection: entry.n });
          timeline.push(`ack:${msg.envelope_id}`);
        }
      });
      if (options.hello !== false) ws.send(JSON.stringify({ type: 'hello', num_connections: open.length, debug_info: { host: 'fake' }, connection_info: { app_id: 'A1' } }));
    });
  });

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const contentType = String(req.headers['content-type'] ?? '');
    if (url.pathname.startsWith('/response/')) {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw);
      } catch {
        res.writeHead(400).end('invalid_payload');
        return;
      }
      responses.push({ seq: ++seq, at: performance.now(), id: url.pathname.slice('/response/'.length), body, text: raw });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const { params, text } = parseParams(raw, contentType);
    const authorization = typeof req.headers.authorization === 'string' ? req.headers.authorization : null;
    const call: ApiCall = { seq: ++seq, at: performance.now(), method, params, text, contentType, authorization, status: 200, response: {} };
    calls.push(call);

    const scripted = scripts.get(method)?.shift();
    if (scripted?.kind === 'ratelimit') {
      call.status = 429;
      call.response = { ok: false, error: 'ratelimited' };
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(scripted.retryAfter) }).end(JSON.stringify(call.response));
      return;
    }
    if (scripted?.kind === 'http') {
      call.status = scripted.status;
      res.writeHead(scripted.status, { 'content-type': 'text/plain' }).end('upstream error');
      return;
    }
    call.response = scripted?.kind === 'error' ? { ok: false, error: scripted.error } : answer(method, params, authorization);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(call.response));
  }

  function tokenOk(authorization: string | null, params: Record<string, unknown>, expected: string | undefined): boolean {
    if (!expected) return Boolean(authorization || params.token);
    return authorization === `Bearer ${expected}` || params.token === expected;
  }

  function answer(method: string, params: Record<string, unknown>, authorization: string | null): Record<string, unknown> {
    if (method === 'apps.connections.open') {
      if (!tokenOk(authorization, params, options.appToken)) return { ok: false, error: 'invalid_auth' };
      return { ok: true, url: `ws://127.0.0.1:${port}/socket?ticket=${connections + 1}` };
    }
    if (!tokenOk(authorization, params, options.botToken)) return { ok: false, error: 'invalid_auth' };
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.test/', team: 'Fake', user: 'briefbot', team_id: teamId, user_id: botUserId, bot_id: botId, is_enterprise_install: false };
      case 'chat.postMessage': {
        const channel = String(params.channel ?? '');
        if (!channel) return { ok: false, error: 'channel_not_found' };
        const ts = nextTs();
        const threadTs = typeof params.thread_ts === 'string' ? params.thread_ts : null;
        messages.set(ts, { channel, ts, threadTs, text: String(params.text ?? ''), blocks: params.blocks, updates: 0, deleted: false });
        return { ok: true, channel, ts, message: { type: 'message', user: botUserId, bot_id: botId, text: params.text, ts, ...(threadTs ? { thread_ts: threadTs } : {}) } };
      }
      case 'chat.update': {
        const msg = messages.get(String(params.ts));
        if (!msg || msg.deleted || msg.channel !== params.channel) return { ok: false, error: 'message_not_found' };
        msg.text = String(params.text ?? '');
        msg.blocks = params.blocks;
        msg.updates += 1;
        return { ok: true, channel: msg.channel, ts: msg.ts, text: msg.text };
      }
      case 'chat.delete': {
        const msg = messages.get(String(params.ts));
        if (!msg || msg.deleted) return { ok: false, error: 'message_not_found' };
        msg.deleted = true;
        return { ok: true, channel: msg.channel, ts: msg.ts };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'users.info': {
        const user = users.get(String(params.user));
        if (!user) return { ok: false, error: 'user_not_found' };
        return { ok: true, user: { ...user, real_name: user.real_name ?? user.name, profile: { display_name: user.name, real_name: user.real_name ?? user.name } } };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  function enqueue(method: string, item: Scripted, times: number): void {
    const list = scripts.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(item);
    scripts.set(method, list);
  }

  async function waitFor<T>(check: () => T | undefined | null | false, label: string, timeoutMs = 5000): Promise<T> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value) return value;
      if (performance.now() > deadline) throw new Error(`fake slack: timed out waiting for ${label}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;

  return {
    url: base,
    apiUrl: `${base}/api/`,
    botUserId,
    botId,
    calls,
    responses,
    acks,
    messages,
    timeline,
    mark: (label) => { timeline.push(label); },
    responseUrl: () => `${base}/response/${++responseCounter}`,
    callsTo: (method) => calls.filter((c) => c.method === method),
    fail: (method, error, times = 1) => enqueue(method, { kind: 'error', error }, times),
    rateLimit: (method, retryAfter, times = 1) => enqueue(method, { kind: 'ratelimit', retryAfter }, times),
    httpError: (method, status, times = 1) => enqueue(method, { kind: 'http', status }, times),
    waitFor,
    get connections() { return connections; },
    get openConnections() { return open.length; },
    async waitForConnections(n, timeoutMs = 10_000) {
      await waitFor(() => connections >= n && open.length > 0, `${n} socket connection(s)`, timeoutMs);
    },
    sendEnvelope(type, payload, extra = {}) {
      const current = open.at(-1);
      if (!current) throw new Error('fake slack: no Socket Mode connection');
      const envelopeId = `env-${++envelopeCounter}`;
      current.ws.send(JSON.stringify({
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: extra.accepts_response_payload ?? type !== 'events_api',
        ...(extra.retry_attempt !== undefined ? { retry_attempt: extra.retry_attempt, retry_reason: extra.retry_reason ?? 'timeout' } : { retry_attempt: 0, retry_reason: '' }),
      }));
      return envelopeId;
    },
    waitForAck: (envelopeId, timeoutMs) => waitFor(() => acks.find((a) => a.envelopeId === envelopeId), `ack of ${envelopeId}`, timeoutMs),
    disconnect(reason = 'refresh_requested') {
      const current = open.at(-1);
      if (!current) throw new Error('fake slack: no Socket Mode connection');
      current.ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake' } }));
    },
    async close() {
      for (const { ws } of open) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Parses a Web API body the way Slack does: form fields (JSON-valued ones parsed) or a JSON object. */
export function parseParams(raw: string, contentType: string): { params: Record<string, unknown>; text: string } {
  if (contentType.includes('application/json')) {
    try {
      const params = JSON.parse(raw) as Record<string, unknown>;
      return { params, text: raw };
    } catch {
      return { params: {}, text: raw };
    }
  }
  const params: Record<string, unknown> = {};
  const values: string[] = [];
  for (const [key, value] of new URLSearchParams(raw)) {
    values.push(value);
    if (/^\s*[[{]/.test(value)) {
      try {
        params[key] = JSON.parse(value);
        continue;
      } catch {
        // not JSON after all: keep the string
      }
    }
    params[key] = value;
  }
  return { params, text: values.join('\n') };
}
