import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { silentLogger } from '../../src/core/logger.ts';
import { articleId, canonicalUrl } from '../../src/feeds/article-ids.ts';
import { createFeedPoller, type FeedPollerOptions } from '../../src/feeds/feed-poller.ts';
import type { FeedSource } from '../../src/feeds/feed-types.ts';
import { createSafeFetcher } from '../../src/feeds/safe-fetcher.ts';
import { createFakeFeedStore } from './fake-feed-store.ts';
import { ATOM, JSON_FEED, RDF, articlePage, rssFeed, story } from './feed-fixtures.ts';
import { sendHtml, sendXml, startFeedServer, type FeedServer } from './feed-server.ts';

let server: FeedServer;
before(async () => { server = await startFeedServer(); });
after(async () => { await server.close(); });
beforeEach(() => { server.routes.clear(); server.hits.clear(); server.requests.length = 0; });

let now = new Date('2026-12-05T12:00:00Z');
const clock = { now: () => now };
const fetcher = createSafeFetcher({ allowPrivateHosts: false, isAllowedAddress: (ip) => ip === '127.0.0.1', timeoutMs: 5000, clock });

function source(path: string, extra: Partial<FeedSource> = {}): FeedSource {
  return { id: `src${path.replace(/\W/g, '')}`, url: `${server.base}${path}`, everyMs: 15 * 60_000, topics: ['city'], fetchArticles: true, origin: 'config', addedBy: null, addedAt: now.toISOString(), ...extra };
}

function poller(store: ReturnType<typeof createFakeFeedStore>, sources: FeedSource[], extra: Partial<FeedPollerOptions> = {}) {
  return createFeedPoller({ store, fetcher, clock, logger: silentLogger, owner: 'a', sources: () => sources, retentionDays: 30, ...extra });
}

test('RSS 2.0, Atom, RDF and JSON Feed are all read and stored with outlet, topics and stable ids', async () => {
  now = new Date('2026-12-05T12:00:00Z');
  server.routes.set('/rss', sendXml(rssFeed('City Paper', [{ title: 'Full', link: '/a/full?utm_source=rss', text: story('Full', 6).map((p) => `<p>${p}</p>`).join('') }])));
  server.routes.set('/atom', sendXml(ATOM));
  server.routes.set('/rdf', sendXml(RDF));
  server.routes.set('/json', sendXml(JSON_FEED));
  const store = createFakeFeedStore(clock);
  const sources = ['/rss', '/atom', '/rdf', '/json'].map((p) => source(p, { fetchArticles: false }));
  const progress: number[] = [];
  const lines = await poller(store, sources).pollAll({ onProgress: (p) => progress.push(p.done) });
  assert.deepEqual(lines.map((l) => l.outcome), ['new', 'new', 'new', 'new']);
  assert.deepEqual(progress.sort(), [1, 2, 3, 4]);
  const full = store.articles.get(articleId(`${server.base}/a/full`));
  assert.ok(full, 'tracking parameters are not part of the id');
  assert.equal(full.url, `${server.base}/a/full`);
  assert.equal(full.outlet, 'City Paper');
  assert.deepEqual(full.topics, ['city']);
  assert.equal(full.fetchedAt, now.toISOString());
  assert.equal(full.text, story('Full', 6).join('\n\n'));
  const outlets = new Set([...store.articles.values()].map((a) => a.outlet));
  assert.deepEqual(outlets, new Set(['City Paper', 'Atom Times', 'RDF Daily', 'JSON Post']));
  assert.equal(store.articles.size, 1 + 2 + 1 + 1);
});

test('a teaser is followed to its page once; a page that fails keeps the teaser; full items fetch no page', async () => {
  server.routes.set('/teasers', sendXml(rssFeed('Teasers', [
    { title: 'Harbour vote', link: '/articles/1', text: '<p>The council met on Tuesday…</p>' },
    { title: 'Missing page', link: '/articles/404', text: '<p>Another story… Read more</p>' },
    { title: 'Whole story', link: '/articles/2', text: story('Whole', 6).map((p) => `<p>${p}</p>`).join('') },
  ])));
  server.routes.set('/articles/1', sendHtml(articlePage('Harbour vote', story('Harbour', 5))));
  const store = createFakeFeedStore(clock);
  const [line] = await poller(store, [source('/teasers')]).pollAll();
  assert.equal(line.outcome, 'new');
  assert.equal(line.newCount, 3);
  assert.equal(store.articles.get(articleId(`${server.base}/articles/1`))?.text, story('Harbour', 5).join('\n\n'));
  assert.equal(store.articles.get(articleId(`${server.base}/articles/404`))?.text, 'Another story… Read more');
  assert.equal(server.hitCount('/articles/1'), 1);
  assert.equal(server.hitCount('/articles/404'), 1);
  assert.equal(server.hitCount('/articles/2'), 0);
  const pageRequest = server.requests.find((r) => r.url === '/articles/1');
  assert.match(String(pageRequest?.headers.accept), /text\/html/);
});

test('conditional GET: the second poll sends If-None-Match and If-Modified-Since and reports unchanged', async () => {
  const body = rssFeed('Etag', [{ title: 'One', link: '/e/1', text: story('One', 6).join(' ') }]);
  const seen: Array<string | undefined> = [];
  server.routes.set('/etag', (req, res) => {
    seen.push(`${req.headers['if-none-match']}|${req.headers['if-modified-since']}`);
    if (req.headers['if-none-match'] === '"abc"') return void res.writeHead(304).end();
    sendXml(body, { etag: '"abc"', 'last-modified': 'Sat, 05 Dec 2026 11:00:00 GMT' })(req, res);
  });
  const store = createFakeFeedStore(clock);
  const p = poller(store, [source('/etag')]);
  assert.equal((await p.pollAll())[0].outcome, 'new');
  const second = await p.pollAll();
  assert.equal(second[0].outcome, 'unchanged');
  assert.deepEqual(seen, ['undefined|undefined', '"abc"|Sat, 05 Dec 2026 11:00:00 GMT']);
  assert.equal(store.states.get(source('/etag').id)?.etag, '"abc"');
});

test('429 with Retry-After: retryAt is set and the poller does not poll before it', async () => {
  now = new Date('2026-12-05T12:00:00Z');
  let busy = true;
  server.routes.set('/busy', (req, res) => {
    if (busy) return void res.writeHead(429, { 'retry-after': '3600' }).end();
    sendXml(rssFeed('Busy', [{ title: 'B', link: '/b/1', text: 'Back…' }]))(req, res);
  });
  const store = createFakeFeedStore(clock);
  const src = source('/busy', { everyMs: 60_000, fetchArticles: false });
  const p = poller(store, [src]);
  const [first] = await p.pollDue();
  assert.equal(first.outcome, 'failed');
  assert.match(first.reason ?? '', /rate-limited/);
  assert.equal(store.states.get(src.id)?.retryAt, '2026-12-05T13:00:00.000Z');
  for (const minutes of [5, 30, 59]) {
    now = new Date(Date.parse('2026-12-05T12:00:00Z') + minutes * 60_000);
    assert.deepEqual(await p.pollDue(), []);
    assert.equal((await p.pollAll())[0].outcome, 'skipped');
  }
  assert.equal(server.hitCount('/busy'), 1);
  busy = false;
  now = new Date('2026-12-05T13:00:01Z');
  assert.equal((await p.pollDue())[0].outcome, 'new');
  assert.equal(server.hitCount('/busy'), 2);
  assert.equal(store.states.get(src.id)?.failures, 0);
});

test('bad XML, a 404 and a timeout are failed outcomes with reasons; the other feeds go on', async () => {
  server.routes.set('/bad', sendXml('<rss><channel><item><title>broken'));
  server.routes.set('/good', sendXml(rssFeed('Good', [{ title: 'G', link: '/g/1', text: story('G', 6).join(' ') }])));
  server.routes.set('/hang', () => {});
  const store = createFakeFeedStore(clock);
  const slowFetcher = createSafeFetcher({ allowPrivateHosts: true, timeoutMs: 300, clock });
  const lines = await poller(store, [source('/bad'), source('/missing'), source('/hang'), source('/good')], { fetcher: slowFetcher }).pollAll();
  assert.deepEqual(lines.map((l) => l.outcome), ['failed', 'failed', 'failed', 'new']);
  assert.match(lines[0].reason ?? '', /^not-a-feed/);
  assert.match(lines[1].reason ?? '', /^http-status.*404/);
  assert.match(lines[2].reason ?? '', /^timeout/);
  const state = store.states.get(source('/bad').id);
  assert.equal(state?.failures, 1);
  assert.ok(state?.retryAt);
});

test('two pollers sharing one store fetch each feed once per interval', async () => {
  now = new Date('2026-12-05T12:00:00Z');
  server.routes.set('/shared', sendXml(rssFeed('Shared', [{ title: 'S', link: '/s/1', text: story('S', 6).join(' ') }])));
  const store = createFakeFeedStore(clock);
  const sources = [source('/shared', { everyMs: 10 * 60_000 })];
  const a = poller(store, sources, { owner: 'a' });
  const b = poller(store, sources, { owner: 'b' });
  for (let minute = 0; minute < 30; minute += 1) {
    now = new Date(Date.parse('2026-12-05T12:00:00Z') + minute * 60_000);
    await Promise.all([a.pollDue(), b.pollDue()]);
  }
  assert.equal(server.hitCount('/shared'), 3);
});

test('a restart (new poller, same store) fetches no article page twice', async () => {
  let version = 1;
  server.routes.set('/restart', (req, res) => sendXml(rssFeed(`Restart v${version}`, [1, 2, 3].map((i) => ({ title: `T${i}`, link: `/r/${i}`, text: `Teaser ${i}…` }))))(req, res));
  for (const i of [1, 2, 3]) server.routes.set(`/r/${i}`, sendHtml(articlePage(`T${i}`, story(`R${i}`, 4))));
  const store = createFakeFeedStore(clock);
  assert.equal((await poller(store, [source('/restart')]).pollAll())[0].newCount, 3);
  version = 2;
  const [line] = await poller(store, [source('/restart')], { owner: 'b' }).pollAll();
  assert.equal(line.outcome, 'unchanged');
  for (const i of [1, 2, 3]) assert.equal(server.hitCount(`/r/${i}`), 1);
});

test('a stored article is updated only when the feed text changed materially; fetchedAt is kept', async () => {
  now = new Date('2026-12-05T12:00:00Z');
  let text = story('Update', 6).join(' ');
  server.routes.set('/upd', (req, res) => sendXml(rssFeed('Upd', [{ title: 'U', link: '/u/1', text }]))(req, res));
  const store = createFakeFeedStore(clock);
  const p = poller(store, [source('/upd')]);
  await p.pollAll();
  text = text.replace('Tuesday', 'Tuesday,');
  now = new Date('2026-12-05T13:00:00Z');
  assert.equal((await p.pollAll())[0].outcome, 'unchanged');
  text = `${text} The mayor resigned on Wednesday after 14 years in office, and an election will be held in March.`;
  const [line] = await p.pollAll();
  assert.equal(line.updatedCount, 1);
  const stored = store.articles.get(articleId(canonicalUrl(`${server.base}/u/1`)));
  assert.equal(stored?.fetchedAt, '2026-12-05T12:00:00.000Z');
  assert.equal(stored?.updatedAt, '2026-12-05T13:00:00.000Z');
  assert.match(stored?.text ?? '', /mayor resigned/);
});

test('items older than the retention window are skipped and old articles are pruned', async () => {
  now = new Date('2026-12-05T12:00:00Z');
  server.routes.set('/old', sendXml(rssFeed('Old', [
    { title: 'Old', link: '/o/1', text: story('Old', 6).join(' '), date: 'Mon, 01 Sep 2026 10:00:00 GMT' },
    { title: 'New', link: '/o/2', text: story('New', 6).join(' '), date: 'Fri, 04 Dec 2026 10:00:00 GMT' },
  ])));
  const store = createFakeFeedStore(clock);
  const p = poller(store, [source('/old')]);
  assert.equal((await p.pollAll())[0].newCount, 1);
  now = new Date('2027-01-10T12:00:00Z');
  assert.equal(await p.prune(), 1);
  assert.equal(store.articles.size, 0);
});

test('start() polls on an unref-ed timer, survives a failing store, and stop() ends it', async () => {
  server.routes.set('/timer', sendXml(rssFeed('Timer', [{ title: 'T', link: '/t/1', text: story('T', 6).join(' ') }])));
  const store = createFakeFeedStore(clock);
  const broken = { ...store, getFeedState: async () => { throw new Error('database down'); } };
  const p1 = poller(broken as typeof store, [source('/timer')], { tickMs: 10 });
  p1.start();
  await new Promise((resolve) => setTimeout(resolve, 50));
  await p1.stop();
  const p2 = poller(store, [source('/timer')], { tickMs: 10 });
  p2.start();
  for (let i = 0; i < 100 && server.hitCount('/timer') === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  await p2.stop();
  assert.equal(server.hitCount('/timer'), 1);
});

test('the same story under another URL is refused as a duplicate, and its page is not fetched again on the next poll', async () => {
  now = new Date('2026-12-05T12:00:00Z');
  const paragraphs = story('Syndicated', 6);
  server.routes.set('/wire', sendXml(rssFeed('Wire', [{ title: 'W', link: '/wire/1', text: paragraphs.map((p) => `<p>${p}</p>`).join('') }])));
  server.routes.set('/copy', (req, res) => sendXml(rssFeed('Copy', [{ title: 'C', link: '/copy/1', text: 'Syndicated story…' }]), { 'cache-control': 'no-cache' })(req, res));
  server.routes.set('/copy/1', sendHtml(articlePage('C', paragraphs)));
  const store = createFakeFeedStore(clock);
  const sources = [source('/wire')];
  const p = poller(store, sources);
  assert.equal((await p.pollAll())[0].newCount, 1);
  sources.push(source('/copy'));
  const lines = await p.pollAll();
  assert.deepEqual(lines.map((l) => [l.outcome, l.newCount]), [['unchanged', 0], ['unchanged', 0]]);
  assert.equal(store.articles.size, 1);
  await p.pollAll();
  assert.equal(server.hitCount('/copy/1'), 1);
});
