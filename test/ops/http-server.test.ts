// The ops HTTP server in-process: health, readiness transitions, metrics, Slack mounting, 404s,
// and what stopping does to new connections.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { describe, it } from 'node:test';
import { silentLogger } from '../../src/core/logger.ts';
import { createOpsServer, type OpsServer, type HttpHandler } from '../../src/ops/http-server.ts';
import { createMetrics } from '../../src/ops/metrics.ts';
import { createReadiness, type Phase } from '../../src/ops/readiness.ts';

interface State {
  phase: Phase;
  documents: number | null;
  ping: () => Promise<void>;
  storeOpen: boolean;
  platforms: Array<{ name: string; isReady?: () => boolean }>;
  slack: HttpHandler | null;
}

async function serve(state: State, options: { pingTimeoutMs?: number; mountSlack?: boolean } = {}): Promise<{ server: OpsServer; base: string }> {
  const metrics = createMetrics({ defaultMetrics: false });
  const readiness = createReadiness({
    phase: () => state.phase,
    corpus: () => (state.documents === null ? null : { current: () => ({ documents: new Array(state.documents) }) as never }),
    store: () => (state.storeOpen ? { ping: () => state.ping() } : null),
    platforms: () => state.platforms,
    pingTimeoutMs: options.pingTimeoutMs ?? 200,
  });
  const server = createOpsServer({
    port: 0,
    host: '127.0.0.1',
    metrics,
    readiness,
    mounts: options.mountSlack ? [{ name: 'slack', prefix: '/slack/', handler: () => state.slack }] : [],
    logger: silentLogger,
  });
  const { port } = await server.listen();
  return { server, base: `http://127.0.0.1:${port}` };
}

async function get(url: string, init?: RequestInit): Promise<{ status: number; body: any; text: string; headers: Headers }> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: any = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, body, text, headers: res.headers };
}

function initial(): State {
  return { phase: 'starting', documents: null, ping: async () => {}, storeOpen: false, platforms: [{ name: 'slack', isReady: () => false }], slack: null };
}

describe('ops HTTP server', () => {
  it('/healthz is 200 from the start; /readyz goes 503 → 200 as the corpus, store and platforms come up', async () => {
    const state = initial();
    const { server, base } = await serve(state);
    try {
      assert.equal((await get(`${base}/healthz`)).status, 200);
      let ready = await get(`${base}/readyz`);
      assert.equal(ready.status, 503);
      assert.equal(ready.body.ready, false);
      assert.deepEqual(ready.body.notReady, ['lifecycle', 'corpus', 'store', 'platform:slack']);
      assert.equal(ready.body.checks.corpus.detail, 'loading');

      state.documents = 3;
      state.storeOpen = true;
      ready = await get(`${base}/readyz`);
      assert.deepEqual(ready.body.notReady, ['lifecycle', 'platform:slack']);
      assert.equal(ready.body.checks.corpus.documents, 3);

      let connected = false;
      state.platforms = [{ name: 'slack', isReady: () => connected }, { name: 'console' }];
      state.phase = 'running';
      assert.deepEqual((await get(`${base}/readyz`)).body.notReady, ['platform:slack']);
      connected = true;
      ready = await get(`${base}/readyz`);
      assert.equal(ready.status, 200);
      assert.deepEqual(ready.body, {
        status: 'ready', ready: true, notReady: [],
        checks: { lifecycle: { ok: true, detail: 'running' }, corpus: { ok: true, documents: 3 }, store: { ok: true }, 'platform:slack': { ok: true }, 'platform:console': { ok: true } },
      });

      // A platform that drops its connection makes the replica unready again; so does stopping.
      connected = false;
      assert.equal((await get(`${base}/readyz`)).status, 503);
      connected = true;
      state.phase = 'stopping';
      const stopping = await get(`${base}/readyz`);
      assert.equal(stopping.status, 503);
      assert.deepEqual(stopping.body.notReady, ['lifecycle']);
      assert.equal((await get(`${base}/healthz`)).status, 200);
    } finally {
      await server.close();
    }
  });

  it('a failing store ping: 503 while starting; once running, reported as degraded but still ready; never the message', async () => {
    const state: State = { ...initial(), phase: 'starting', documents: 1, storeOpen: true, platforms: [] };
    state.ping = async () => {
      throw Object.assign(new Error('password authentication failed for user "briefbot" (password hunter2) at 10.0.0.5'), { code: '28P01' });
    };
    const { server, base } = await serve(state);
    try {
      const starting = await get(`${base}/readyz`);
      assert.equal(starting.status, 503);
      assert.deepEqual(starting.body.notReady, ['lifecycle', 'store']);
      assert.deepEqual(starting.body.checks.store, { ok: false, detail: 'ping failed', code: '28P01' });
      assert.doesNotMatch(starting.text, /hunter2|10\.0\.0\.5|briefbot"/);

      // Every replica shares the database: failing readiness would empty the load balancer.
      state.phase = 'running';
      const running = await get(`${base}/readyz`);
      assert.equal(running.status, 200);
      assert.deepEqual(running.body.degraded, ['store']);
      assert.deepEqual(running.body.checks.store, { ok: true, degraded: true, detail: 'ping failed', code: '28P01' });
      assert.doesNotMatch(running.text, /hunter2|10\.0\.0\.5|briefbot"/);

      state.ping = async () => {};
      const back = await get(`${base}/readyz`);
      assert.equal(back.status, 200);
      assert.equal(back.body.degraded, undefined);
    } finally {
      await server.close();
    }
  });

  it('a store ping that hangs times out instead of hanging the probe', async () => {
    const state: State = { ...initial(), phase: 'running', documents: 1, storeOpen: true, platforms: [] };
    state.ping = () => new Promise(() => {});
    const { server, base } = await serve(state, { pingTimeoutMs: 50 });
    try {
      const res = await get(`${base}/readyz`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.checks.store, { ok: true, degraded: true, detail: 'ping timed out after 50 ms' });
    } finally {
      await server.close();
    }
  });

  it('/metrics is Prometheus text; unknown paths are 404, other methods on the probes 405', async () => {
    const { server, base } = await serve({ ...initial(), phase: 'running' });
    try {
      const metrics = await get(`${base}/metrics`);
      assert.equal(metrics.status, 200);
      assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      assert.match(metrics.text, /^# HELP briefbot_commands_total /m);
      assert.equal((await get(`${base}/`)).status, 404);
      assert.equal((await get(`${base}/healthz/../etc/passwd`)).status, 404);
      assert.equal((await get(`${base}/slack/events`, { method: 'POST', body: '{}' })).status, 404, 'no Slack HTTP mode: not mounted');
      const post = await get(`${base}/healthz`, { method: 'POST', body: 'x' });
      assert.equal(post.status, 405);
      assert.equal(post.headers.get('allow'), 'GET, HEAD');
      const head = await fetch(`${base}/readyz`, { method: 'HEAD' });
      assert.equal(head.status, 503);
      assert.equal(await head.text(), '');
    } finally {
      await server.close();
    }
  });

  it('hands Slack its requests once the platform is mounted (503 before)', async () => {
    const state = { ...initial(), phase: 'running' as Phase };
    const seen: string[] = [];
    const { server, base } = await serve(state, { mountSlack: true });
    try {
      const before = await get(`${base}/slack/events`, { method: 'POST', body: 'payload=1' });
      assert.equal(before.status, 503);
      state.slack = {
        handleHttp(req, res) {
          if (req.url !== '/slack/events') return false;
          seen.push(`${req.method} ${req.url}`);
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
          return true;
        },
      };
      const after = await get(`${base}/slack/events`, { method: 'POST', body: 'payload=1' });
      assert.equal(after.status, 200);
      assert.deepEqual(after.body, { ok: true });
      assert.deepEqual(seen, ['POST /slack/events']);
      assert.equal((await get(`${base}/slack/other`)).status, 404);
    } finally {
      await server.close();
    }
  });

  it('stopAccepting: new connections are refused while a request in progress completes', async () => {
    const state: State = { ...initial(), phase: 'running', documents: 1, storeOpen: true, platforms: [] };
    let release!: () => void;
    state.ping = () => new Promise<void>((resolve) => { release = resolve; });
    const { server, base } = await serve(state, { pingTimeoutMs: 10_000 });
    try {
      // A raw request without keep-alive, held open by the slow ping.
      const pending = new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
        const req = request(`${base}/readyz`, { agent: false }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
        });
        req.on('error', reject);
        req.end();
      });
      while (!release) await new Promise((r) => setTimeout(r, 5));
      server.stopAccepting();
      await assert.rejects(fetch(`${base}/healthz`), 'a new connection is refused');
      release();
      const done = await pending;
      assert.equal(done.status, 200);
      assert.equal(done.connection, 'close');
    } finally {
      await server.close();
    }
  });
});
