// Feeds at newsroom scale: 50 feeds × 100 items (half of them teasers whose article pages must
// be fetched and extracted), served from a child process on ten loopback hosts so the figures
// are the poller's own. Prints the first fetch (time, peak RSS), the second poll (all 304: time,
// extra RSS), feed parsers side by side, and article extraction side by side (time per page,
// word F1 against the story each page was built around), and clustering 10k articles.
//   node --disable-warning=ExperimentalWarning bench/feeds.ts [feeds] [items]
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { extractFromXml } from '@extractus/feed-extractor';
import { Readability } from '@mozilla/readability';
import { parseFeed as feedsmithParse } from 'feedsmith';
import { parseHTML } from 'linkedom';
import { silentLogger } from '../src/core/logger.ts';
import { htmlToText } from '../src/corpus/html.ts';
import { extractArticle } from '../src/feeds/extract-article.ts';
import { createFeedPoller } from '../src/feeds/feed-poller.ts';
import type { FeedSource } from '../src/feeds/feed-types.ts';
import { parseFeed } from '../src/feeds/parse-feed.ts';
import { createSafeFetcher } from '../src/feeds/safe-fetcher.ts';
import { clusterStories } from '../src/stories/cluster-stories.ts';
import { createFakeFeedStore } from '../test/feeds/fake-feed-store.ts';
import { fmt, percentile } from './stats.ts';
import { syntheticNews } from './synthetic-news.ts';

const FEEDS = Number(process.argv[3] ?? process.argv[2] ?? 50);
const ITEMS = Number(process.argv[4] ?? process.argv[3] ?? 100);
const HOSTS = 10;
const MB = 1024 * 1024;

const WORDS = 'council budget harbour election minister court ruling strike union wages storm flood rescue hospital school teachers rail fares energy prices drought farmers export tariff vote mayor police inquiry report museum festival stadium transfer'.split(' ');

/** Deterministic prose: the same (feed, item, paragraph) always gives the same sentence. */
function sentence(seed: number): string {
  const pick = (k: number) => WORDS[(seed * 7919 + k * 104729) % WORDS.length];
  return `The ${pick(1)} ${pick(2)} said on ${['Monday', 'Tuesday', 'Friday'][seed % 3]} that ${seed} ${pick(3)} ${pick(4)} would be reviewed after the ${pick(5)} ${pick(6)} in ${pick(7)}.`;
}

function storyParagraphs(feed: number, item: number): string[] {
  return Array.from({ length: 8 }, (_, p) => Array.from({ length: 4 }, (_, s) => sentence(feed * 100_000 + item * 100 + p * 10 + s)).join(' '));
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Three page shapes seen in the wild, each wrapped in menus, share bars, related links, comments and scripts. */
function articlePage(title: string, paragraphs: string[], shape: number): string {
  const body = paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n');
  const story = shape === 0 ? `<article><h1>${esc(title)}</h1><p class="byline">By Jane Roe</p>${body}</article>`
    : shape === 1 ? `<div class="post"><h1 class="entry-title">${esc(title)}</h1><div class="entry-content">${body}</div></div>`
      : `<main><div id="story"><h2>${esc(title)}</h2><div class="text">${paragraphs.map((p) => `${esc(p)}<br><br>`).join('\n')}</div></div></main>`;
  const links = (label: string, n: number) => `<ul class="${label}">${Array.from({ length: n }, (_, i) => `<li><a href="/${label}/${i}">${label} link number ${i} with a headline of its own</a></li>`).join('')}</ul>`;
  return `<!doctype html><html><head><title>${esc(title)} | Bench Daily</title><meta property="og:site_name" content="Bench Daily">` +
    `<script>window.dataLayer=[${'1,'.repeat(200)}1];</script><style>.x{color:red}</style></head><body>` +
    `<header><nav>${links('section', 12)}</nav><div class="cookie">We use cookies to improve your experience. Accept all cookies?</div></header>` +
    `<div class="share">Share on Facebook Share on X Email this article</div>${story}` +
    `<aside><h3>Most read</h3>${links('most-read', 8)}</aside><section class="comments"><h3>Comments (2)</h3>` +
    `<div class="comment">Great article, thanks.</div><div class="comment">I disagree with the council on this one.</div></section>` +
    `<footer>${links('footer', 10)}<p>Copyright 2026 Bench Daily. All rights reserved.</p></footer></body></html>`;
}

function feedXml(feed: number, base: string): string {
  const items = Array.from({ length: ITEMS }, (_, i) => {
    const paragraphs = storyParagraphs(feed, i);
    const text = i % 2 === 0 ? `<p>${esc(paragraphs[0].slice(0, 160))}…</p>` : paragraphs.map((p) => `<p>${esc(p)}</p>`).join('');
    return `<item><title>Story ${feed}-${i}</title><link>${base}/f${feed}/a${i}?utm_source=rss</link><guid>${base}/f${feed}/a${i}</guid>` +
      `<pubDate>${new Date(Date.now() - i * 3600_000).toUTCString()}</pubDate><description><![CDATA[${text}]]></description></item>`;
  }).join('\n');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench Feed ${feed}</title><link>${base}/</link>\n${items}\n</channel></rss>`;
}

async function serve(): Promise<void> {
  const bases: string[] = [];
  for (let h = 1; h <= HOSTS; h++) {
    const host = `127.0.0.${h}`;
    const server = createServer((req, res) => {
      const m = /^\/f(\d+)\/(feed\.xml|a(\d+))/.exec(req.url ?? '');
      if (!m) return void res.writeHead(404).end();
      const feed = Number(m[1]);
      if (m[2] === 'feed.xml') {
        const etag = `"feed-${feed}"`;
        if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag });
        return void res.end(feedXml(feed, `http://${host}:${(server.address() as AddressInfo).port}`));
      }
      const item = Number(m[3]);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(articlePage(`Story ${feed}-${item}`, storyParagraphs(feed, item), item % 3));
    });
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    bases.push(`http://${host}:${(server.address() as AddressInfo).port}`);
  }
  process.send?.({ bases });
}

function startServer(): Promise<{ child: ChildProcess; bases: string[] }> {
  const child = fork(import.meta.filename, ['serve'], { execArgv: process.execArgv });
  return new Promise((resolve, reject) => {
    child.once('message', (msg: { bases: string[] }) => resolve({ child, bases: msg.bases }));
    child.once('error', reject);
  });
}

let peakRss = process.memoryUsage().rss;
const sampleRss = () => { peakRss = Math.max(peakRss, process.memoryUsage().rss); };

async function pollBench(): Promise<void> {
  const { child, bases } = await startServer();
  const sources: FeedSource[] = Array.from({ length: FEEDS }, (_, f) => ({
    id: `bench${f}`, url: `${bases[f % HOSTS]}/f${f}/feed.xml`, everyMs: 15 * 60_000, topics: ['bench'], fetchArticles: true,
    origin: 'config', addedBy: null, addedAt: new Date().toISOString(),
  }));
  const store = createFakeFeedStore();
  const fetcher = createSafeFetcher({ allowPrivateHosts: true });
  const poller = createFeedPoller({ store, fetcher, clock: { now: () => new Date() }, logger: silentLogger, owner: 'bench', sources: () => sources, retentionDays: 30 });
  const sampler = setInterval(sampleRss, 10);
  const rssStart = process.memoryUsage().rss;
  let t = performance.now();
  const first = await poller.pollAll();
  const firstMs = performance.now() - t;
  sampleRss();
  const articles = [...store.articles.values()];
  const teasers = articles.filter((a) => /\/a\d*[02468]$/.test(a.url));
  const fromPages = teasers.filter((a) => a.text.split('\n\n').length >= 8).length;
  console.log(`\n## Poll — ${FEEDS} feeds × ${ITEMS} items on ${HOSTS} loopback hosts, ${FEEDS * ITEMS / 2} teasers`);
  console.log(`first fetch (all feeds + pages):  ${(firstMs / 1000).toFixed(2)} s — ${first.filter((l) => l.outcome === 'new').length} feeds new, ${articles.length} articles; ${fromPages}/${teasers.length} teasers replaced by their page's full text`);
  for (const line of first.filter((l) => l.outcome === 'failed')) console.log(`  failed: ${line.url} — ${line.reason}`);
  console.log(`peak RSS during first fetch:      ${(peakRss / MB).toFixed(0)} MB (start ${(rssStart / MB).toFixed(0)} MB)`);
  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  peakRss = rssBefore;
  t = performance.now();
  const second = await poller.pollAll();
  const secondMs = performance.now() - t;
  sampleRss();
  clearInterval(sampler);
  const unchanged = second.filter((l) => l.outcome === 'unchanged').length;
  console.log(`second poll (${unchanged}/${FEEDS} answered 304):   ${fmt(secondMs)} (goal ≤ 1 s), extra RSS ${((peakRss - rssBefore) / MB).toFixed(1)} MB (goal ≤ 50 MB)`);
  child.kill();
}

function parserBench(): void {
  const xml = feedXml(1, 'http://127.0.0.1:1');
  const runs = 40;
  const time = (fn: () => unknown) => {
    for (let i = 0; i < 3; i++) fn();
    const t = performance.now();
    for (let i = 0; i < runs; i++) fn();
    return (performance.now() - t) / runs;
  };
  console.log(`\n## Feed parsing — one RSS feed of ${ITEMS} items (${(xml.length / 1024).toFixed(0)} KB), mean of ${runs}`);
  console.log(`feedsmith, raw tree:                    ${fmt(time(() => feedsmithParse(xml)))}`);
  console.log(`feedsmith + briefbot mapping (HTML→text): ${fmt(time(() => parseFeed(xml, 'http://127.0.0.1:1/feed.xml')))}`);
  console.log(`@extractus/feed-extractor:              ${fmt(time(() => extractFromXml(xml)))}`);
}

function words(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

/** Bag-of-words F1 of `got` against `truth`: recall finds the story, precision leaves the chrome. */
function wordF1(got: string, truth: string): number {
  const g = words(got);
  const t = words(truth);
  let both = 0;
  let gn = 0;
  let tn = 0;
  for (const [w, n] of g) { gn += n; both += Math.min(n, t.get(w) ?? 0); }
  for (const n of t.values()) tn += n;
  if (!both) return 0;
  const p = both / gn;
  const r = both / tn;
  return (2 * p * r) / (p + r);
}

function extractionBench(): void {
  const require = createRequire(import.meta.url);
  const JSDOMParser = require('@mozilla/readability/JSDOMParser.js');
  const pages = Array.from({ length: 150 }, (_, i) => ({ html: articlePage(`Story ${i}`, storyParagraphs(7, i), i % 3), truth: storyParagraphs(7, i).join('\n') }));
  const methods: Array<[string, (html: string) => string]> = [
    ['Readability + linkedom (used)', (html) => extractArticle(html, 'https://bench.example/a')?.text ?? ''],
    ['Readability + JSDOMParser', (html) => {
      const parser = new JSDOMParser();
      parser.error = () => {}; // it prints every markup complaint (void tags, <br>) to the console
      const doc = parser.parse(html, 'https://bench.example/a');
      return new Readability(doc).parse()?.textContent ?? '';
    }],
    ['htmlToText, whole page (no extraction)', (html) => htmlToText(html).text],
  ];
  console.log(`\n## Article extraction — ${pages.length} pages in 3 shapes (~${(pages[0].html.length / 1024).toFixed(0)} KB each)`);
  for (const [name, fn] of methods) {
    const times: number[] = [];
    let f1 = 0;
    let found = 0;
    for (const page of pages) {
      const t = performance.now();
      let text = '';
      try { text = fn(page.html); } catch { text = ''; }
      times.push(performance.now() - t);
      const score = wordF1(text, page.truth);
      f1 += score;
      if (score > 0.9) found++;
    }
    console.log(`${name.padEnd(40)} p50 ${fmt(percentile(times, 50))}, p95 ${fmt(percentile(times, 95))}; word F1 ${(f1 / pages.length).toFixed(3)}, ${found}/${pages.length} pages ≥ 0.9`);
  }
}

/** Clustering 10k articles into stories (bench:stories measures its precision and recall). */
function clusteringBench(): void {
  const { documents, stories } = syntheticNews(10_000);
  clusterStories(documents.slice(0, 200));
  const times: number[] = [];
  let found = 0;
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    found = clusterStories(documents).length;
    times.push(performance.now() - start);
  }
  console.log(`clustering 10,000 articles (${stories} events): ${times.map((t) => `${(t / 1000).toFixed(2)} s`).join(', ')} (goal ≤ 2 s); ${found} stories`);
}

if (process.argv[2] === 'serve') {
  await serve();
} else {
  await pollBench();
  parserBench();
  extractionBench();
  clusteringBench();
}
