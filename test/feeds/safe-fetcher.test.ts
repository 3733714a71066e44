import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { FetchError } from '../../src/feeds/fetch-error.ts';
import { createSafeFetcher, defaultUserAgent } from '../../src/feeds/safe-fetcher.ts';
import { redirectTo, sendXml, startFeedServer, type FeedServer } from './feed-server.ts';

let server: FeedServer;
let other: FeedServer;
before(async () => {
  server = await startFeedServer();
  other = await startFeedServer('127.0.0.2');
});
after(async () => {
  await server.close();
  await other.close();
});

const onlyLoopback1 = (ip: string) => ip === '127.0.0.1';
const fetcher = () => createSafeFetcher({ allowPrivateHosts: false, isAllowedAddress: onlyLoopback1, timeoutMs: 5000 });

async function rejection(p: Promise<unknown>): Promise<FetchError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof FetchError, `not a FetchError: ${err}`);
    return err;
  }
  assert.fail('expected the fetch to fail');
}

test('sends the briefbot User-Agent; a conditional GET with the ETag and Last-Modified gets not-modified', async () => {
  server.routes.set('/c.xml', (req, res) => {
    if (req.headers['if-none-match'] === '"v1"' && req.headers['if-modified-since'] === 'Tue, 01 Dec 2026 10:00:00 GMT') {
      res.writeHead(304);
      return void res.end();
    }
    sendXml('<rss version="2.0"><channel><title>T</title></channel></rss>', { etag: '"v1"', 'last-modified': 'Tue, 01 Dec 2026 10:00:00 GMT' })(req, res);
  });
  const f = fetcher();
  const first = await f.fetch(`${server.base}/c.xml`);
  assert.equal(first.status, 'ok');
  assert.equal(first.etag, '"v1"');
  assert.match(first.body, /<title>T<\/title>/);
  const ua = server.requests.at(-1)?.headers['user-agent'] ?? '';
  assert.equal(ua, defaultUserAgent());
  assert.match(ua, /^briefbot\/\d+\.\d+\.\d+ \(\+https:\/\/github\.com\/briefbot\/briefbot\)$/);
  const second = await f.fetch(`${server.base}/c.xml`, { etag: first.etag, lastModified: first.lastModified });
  assert.equal(second.status, 'not-modified');
  assert.equal(second.body, '');
});

test('429 and 503 carry Retry-After as milliseconds, in seconds and as an HTTP-date', async () => {
  const now = new Date('2026-12-05T12:00:00Z');
  server.routes.set('/busy', (_req, res) => void res.writeHead(429, { 'retry-after': '120' }).end());
  server.routes.set('/down', (_req, res) => void res.writeHead(503, { 'retry-after': 'Sat, 05 Dec 2026 12:10:00 GMT' }).end());
  const f = createSafeFetcher({ allowPrivateHosts: true, clock: { now: () => now } });
  const busy = await rejection(f.fetch(`${server.base}/busy`));
  assert.equal(busy.reason, 'rate-limited');
  assert.equal(busy.retryAfterMs, 120_000);
  const down = await rejection(f.fetch(`${server.base}/down`));
  assert.equal(down.reason, 'rate-limited');
  assert.equal(down.retryAfterMs, 600_000);
  const missing = await rejection(f.fetch(`${server.base}/nothing-here`));
  assert.equal(missing.reason, 'http-status');
  assert.equal(missing.status, 404);
});

test('redirects to private addresses are refused before any connection, on every hop', async () => {
  other.routes.set('/secret', (_req, res) => void res.end('secret'));
  server.routes.set('/to-127-0-0-2', redirectTo(`${other.base}/secret`));
  server.routes.set('/to-10', redirectTo('http://10.0.0.1/feed'));
  server.routes.set('/to-metadata', redirectTo('http://169.254.169.254/latest/meta-data/'));
  server.routes.set('/to-mapped', redirectTo(`http://[::ffff:169.254.169.254]/`));
  server.routes.set('/hop', redirectTo('/to-metadata', 301));
  const f = fetcher();
  for (const path of ['/to-127-0-0-2', '/to-10', '/to-metadata', '/to-mapped', '/hop']) {
    const err = await rejection(f.fetch(`${server.base}${path}`));
    assert.equal(err.reason, 'blocked-address', `${path}: ${err.message}`);
  }
  assert.equal(other.connections, 0);
  // Without the seam, loopback itself is refused, also when it comes from DNS (localhost).
  const strict = createSafeFetcher({ allowPrivateHosts: false });
  assert.equal((await rejection(strict.fetch(`${server.base}/c.xml`))).reason, 'blocked-address');
  assert.equal((await rejection(strict.fetch(`http://localhost:${server.port}/c.xml`))).reason, 'blocked-address');
  assert.equal((await rejection(strict.fetch('http://169.254.169.254/latest/meta-data/'))).reason, 'blocked-address');
});

test('only http and https; redirect loops stop after the limit', async () => {
  const f = fetcher();
  for (const url of ['file:///etc/passwd', 'ftp://example.com/feed', 'gopher://x/', 'not a url']) {
    assert.equal((await rejection(f.fetch(url))).reason, 'bad-url', url);
  }
  server.routes.set('/loop', redirectTo('/loop'));
  assert.equal((await rejection(f.fetch(`${server.base}/loop`))).reason, 'too-many-redirects');
  assert.ok(server.hitCount('/loop') <= 6);
});

test('a 50 MB body is cut off: the client stops reading and the server stops well before 50 MB', async () => {
  let sent = 0;
  let finished = false;
  server.routes.set('/huge', async (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    while (sent < 50 * 1024 * 1024 && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => { res.off('drain', done); res.off('close', done); resolve(); };
          res.on('drain', done);
          res.on('close', done);
        });
      }
    }
    finished = !res.destroyed;
    res.end();
  });
  const f = createSafeFetcher({ allowPrivateHosts: true, maxBytes: 1024 * 1024 });
  const err = await rejection(f.fetch(`${server.base}/huge`));
  assert.equal(err.reason, 'too-large');
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(finished, false);
  assert.ok(sent < 20 * 1024 * 1024, `server sent ${sent} bytes`);
});

test('a declared Content-Length over the limit is refused without reading; gzip is decoded and its output counted', async () => {
  server.routes.set('/big-declared', (_req, res) => void res.writeHead(200, { 'content-length': String(60 * 1024 * 1024) }).write('x'));
  server.routes.set('/gz', (_req, res) => void res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('<rss>ok</rss>')));
  server.routes.set('/bomb', (_req, res) => void res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(20 * 1024 * 1024))));
  const f = createSafeFetcher({ allowPrivateHosts: true, maxBytes: 1024 * 1024 });
  assert.equal((await rejection(f.fetch(`${server.base}/big-declared`))).reason, 'too-large');
  assert.equal((await f.fetch(`${server.base}/gz`)).body, '<rss>ok</rss>');
  assert.equal((await rejection(f.fetch(`${server.base}/bomb`))).reason, 'too-large');
});

test('a slow server times out', async () => {
  server.routes.set('/slow', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.write('<rss>');
  });
  server.routes.set('/silent', () => {});
  const f = createSafeFetcher({ allowPrivateHosts: true, timeoutMs: 300 });
  const started = Date.now();
  assert.equal((await rejection(f.fetch(`${server.base}/slow`))).reason, 'timeout');
  assert.equal((await rejection(f.fetch(`${server.base}/silent`))).reason, 'timeout');
  assert.ok(Date.now() - started < 10_000);
});

test('at most 2 requests at a time per host', async () => {
  const start = server.maxConcurrent;
  server.maxConcurrent = 0;
  server.routes.set('/wait', (_req, res) => void setTimeout(() => res.end('<rss/>'), 100));
  const f = createSafeFetcher({ allowPrivateHosts: true });
  const results = await Promise.all(Array.from({ length: 8 }, (_, i) => f.fetch(`${server.base}/wait?i=${i}`)));
  assert.equal(results.length, 8);
  assert.ok(server.maxConcurrent <= 2, `max concurrent ${server.maxConcurrent}`);
  assert.equal(server.maxConcurrent, 2);
  server.maxConcurrent = Math.max(start, server.maxConcurrent);
});
