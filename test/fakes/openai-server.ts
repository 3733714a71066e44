import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { countTokens } from 'gpt-tokenizer';

// A small, faithful OpenAI Chat Completions server on 127.0.0.1:0 for driving the real `openai`
// SDK: POST /v1/chat/completions (JSON, or SSE when `stream: true`), GET /v1/models. Each
// request is recorded and answered by a scripted handler.

export interface FakeChatRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
  /** `response_format.json_schema.name`, or the name the json_object instruction gives, else null. */
  schema: string | null;
  stream: boolean;
  /** Date.now() when the request arrived. */
  receivedAt: number;
}

export interface FakeReply {
  /** HTTP status (default 200). */
  status?: number;
  headers?: Record<string, string>;
  /** Wait this long before sending anything (slow server). */
  delayMs?: number;
  /** The assistant message content. */
  content?: string;
  /** Shorthand: content = JSON.stringify(json). */
  json?: unknown;
  /** Error body for status >= 400: `{ error: { message, type, param, code } }`. */
  error?: { message: string; type?: string; param?: string | null; code?: string | null };
  /** Sent verbatim as the response body (overrides everything else). */
  rawBody?: string;
  /** Override usage; null omits it (as some compatible servers do). Default: counted with gpt-tokenizer. */
  usage?: { prompt_tokens: number; completion_tokens: number } | null;
  finishReason?: string;
  refusal?: string;
  /** Streaming: characters per content chunk (default 16) and pause between chunks. */
  chunkSize?: number;
  chunkDelayMs?: number;
  /** Streaming: after this many content chunks, stop sending (keep the connection open). */
  stallAfterChunks?: number;
}

/** `index` counts chat requests since the handler was set (0 = first). */
export type FakeHandler = (request: FakeChatRequest, index: number) => FakeReply | Promise<FakeReply>;

export interface FakeOpenAIOptions {
  handler?: FakeHandler;
  models?: string[];
}

export interface FakeOpenAI {
  /** Base URL including `/v1`, for `new OpenAI({ baseURL })`. */
  readonly baseURL: string;
  /** Every request received, in order (chat completions and others). */
  readonly requests: FakeChatRequest[];
  /** Only POST /v1/chat/completions. */
  chatRequests(): FakeChatRequest[];
  setHandler(handler: FakeHandler): void;
  close(): Promise<void>;
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  let handler: FakeHandler = options.handler ?? (() => ({ status: 500, error: { message: 'no handler scripted' } }));
  const requests: FakeChatRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let chatCount = 0;
  let handlerCount = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error), type: 'server_error' } });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    const path = (req.url ?? '/').split('?')[0]!;
    let body: any = null;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const record: FakeChatRequest = {
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      body,
      schema: schemaName(body),
      stream: Boolean(body?.stream),
      receivedAt: Date.now(),
    };
    requests.push(record);

    if (req.method === 'GET' && path === '/v1/models') {
      const models = options.models ?? ['gpt-4.1-mini'];
      return sendJson(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })) });
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      return sendJson(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } });
    }

    chatCount += 1;
    const reply = await handler(record, handlerCount++);
    if (reply.delayMs) await sleep(reply.delayMs);
    if (res.destroyed) return;
    const status = reply.status ?? 200;
    const headers = { 'x-request-id': `req_fake_${chatCount}`, ...reply.headers };
    if (reply.rawBody !== undefined) {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      return void res.end(reply.rawBody);
    }
    if (status >= 400) {
      const error = { type: status === 429 ? 'rate_limit_error' : status >= 500 ? 'server_error' : 'invalid_request_error', param: null, code: null, ...reply.error, message: reply.error?.message ?? `status ${status}` };
      return sendJson(res, status, { error }, headers);
    }

    const content = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.content ?? '');
    const usage =
      reply.usage === null
        ? undefined
        : (reply.usage ?? { prompt_tokens: promptTokens(body?.messages ?? []), completion_tokens: count(content) });
    const id = `chatcmpl-fake${chatCount}`;
    const model = body?.model ?? 'fake';
    const created = Math.floor(Date.now() / 1000);
    const finishReason = reply.finishReason ?? 'stop';

    if (!record.stream) {
      const message = { role: 'assistant', content: reply.refusal ? null : content, refusal: reply.refusal ?? null };
      const completion: Record<string, unknown> = {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
      };
      if (usage) completion.usage = { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
      return sendJson(res, status, completion, headers);
    }

    res.writeHead(status, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...headers });
    const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
    const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    });
    send(chunk({ role: 'assistant', content: '' }, null));
    const size = Math.max(1, reply.chunkSize ?? 16);
    let sent = 0;
    for (let i = 0; i < content.length; i += size) {
      if (reply.stallAfterChunks !== undefined && sent >= reply.stallAfterChunks) return; // hang: the client must give up
      if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
      if (res.destroyed) return;
      send(chunk({ content: content.slice(i, i + size) }, null));
      sent += 1;
    }
    if (reply.refusal) send(chunk({ refusal: reply.refusal }, null));
    send(chunk({}, finishReason));
    if (usage && body?.stream_options?.include_usage) {
      send({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } });
    }
    res.write('data: [DONE]\n\n');
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    chatRequests: () => requests.filter((r) => r.path === '/v1/chat/completions'),
    setHandler(next) {
      handler = next;
      handlerCount = 0;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ─── Canned replies ─────────────────────────────────────────────────────────────────────────

export const rateLimited = (retryAfterSeconds: number): FakeReply => ({
  status: 429,
  headers: { 'retry-after': String(retryAfterSeconds) },
  error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' },
});

export const serverError = (): FakeReply => ({ status: 500, error: { message: 'The server had an error while processing your request.' } });

/** What a server without structured-output support answers to `json_schema`. */
export const rejectsJsonSchema = (): FakeReply => ({
  status: 400,
  error: { message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.", param: 'response_format', code: null },
});

// ─── A scripted "model" ─────────────────────────────────────────────────────────────────────

/** `[id] text` lines of the last user message (passage lines, or note lines `[id1, id2] text`). */
export function promptLines(request: FakeChatRequest): Array<{ ids: string[]; text: string }> {
  const messages: Array<{ role: string; content: string }> = request.body?.messages ?? [];
  const user = [...messages].reverse().find((m) => m.role === 'user');
  const out: Array<{ ids: string[]; text: string }> = [];
  for (const line of (user?.content ?? '').split('\n')) {
    const m = /^\[([^\]]+)\] (.*)$/.exec(line);
    if (m) out.push({ ids: m[1]!.split(',').map((s) => s.trim()).filter(Boolean), text: m[2]! });
  }
  return out;
}

function firstSentence(text: string): string {
  const m = /^(.{20,}?[.!?])(\s|$)/.exec(text);
  return (m ? m[1]! : text).slice(0, 240);
}

/**
 * A deterministic stand-in for a model that follows the instructions: reads the `[id] text`
 * lines and returns schema-valid JSON citing them. Good for benchmarks and happy paths.
 */
export function extractiveModel(request: FakeChatRequest): FakeReply {
  const lines = promptLines(request).filter((l) => !l.text.startsWith('Quote — '));
  switch (request.schema) {
    case 'document_notes':
      return { json: { notes: lines.slice(0, 4).map((l) => ({ text: firstSentence(l.text), citations: l.ids })), quotes: [] } };
    case 'answer':
      return lines.length
        ? { json: { answer: firstSentence(lines[0]!.text), found: true, citations: lines[0]!.ids.slice(0, 1) } }
        : { json: { answer: 'The documents do not say.', found: false, citations: [] } };
    case 'brief':
    default: {
      const bullets = lines.slice(0, 5).map((l) => ({ text: firstSentence(l.text), citations: l.ids.slice(0, 2) }));
      const headline = (bullets[0]?.text ?? 'Briefing').split(/\s+/).slice(0, 10).join(' ');
      return { json: { headline, bullets, quotes: [] } };
    }
  }
}

// ─── Helpers ────────────────────────────────────────────────────────────────────────────────

function schemaName(body: any): string | null {
  const named = body?.response_format?.json_schema?.name;
  if (typeof named === 'string') return named;
  const system = (body?.messages ?? []).find((m: any) => m?.role === 'system')?.content;
  const m = typeof system === 'string' ? /for the "([a-z_]+)" schema/.exec(system) : null;
  return m ? m[1]! : null;
}

function count(text: string): number {
  return text ? countTokens(text, { disallowedSpecial: new Set() }) : 0;
}

function promptTokens(messages: Array<{ content?: unknown }>): number {
  return 3 + messages.reduce((sum, m) => sum + 4 + count(typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? '')), 0);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}
