// Feeds end to end, as real processes: a feed server, `briefbot start` (the console) with a digest
// every minute, and the `fetch` verb. A new item appears in the feed; the next digest carries it
// and only it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startFeedServer, type FeedServer } from '../feeds/feed-server.ts';
import { CLI, cleanEnv, runCli, tempDir } from '../helpers/process.ts';

interface Item { slug: string; title: string; teaser: string; body: string[]; date: string }

const HARBOUR: Item = {
  slug: 'harbour', title: 'Port of Valdoria reopens after storm damage', date: 'Fri, 04 Dec 2026 06:00:00 GMT',
  teaser: 'The port of Valdoria reopened on Friday…',
  body: [
    'The port of Valdoria reopened on Friday after a storm damaged two of its container cranes last week, the harbour authority said.',
    'Harbour master Ilse Brandt said ships queued off the coast would be unloaded within four days.',
    '"We have never cleared a backlog this size so fast," Brandt said.',
  ],
};
const BRIDGE: Item = {
  slug: 'bridge', title: 'Valdoria opens its new river bridge to traffic', date: 'Sat, 05 Dec 2026 06:00:00 GMT',
  teaser: 'A new bridge over the Aske river opened…',
  body: [
    'A new bridge over the Aske river opened to traffic in Valdoria on Saturday, cutting the drive between the two halves of the city by twenty minutes.',
    'Mayor Tomas Reyes said the bridge cost 84 million euros and was finished three months early.',
  ],
};

function rss(base: string, items: readonly Item[]): string {
  const entries = items.map((i) => `<item><title>${i.title}</title><link>${base}/${i.slug}.html</link><guid>${base}/${i.slug}.html</guid><pubDate>${i.date}</pubDate><description>${i.teaser}</description></item>`);
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Valdoria Courier</title><link>${base}/</link>${entries.join('')}</channel></rss>`;
}

function page(item: Item): string {
  return `<!doctype html><html><head><title>${item.title}</title></head><body><nav>Home · World · Sport</nav><article><h1>${item.title}</h1>${item.body.map((p) => `<p>${p}</p>`).join('')}</article><footer>© Valdoria Courier</footer></body></html>`;
}

describe('feeds end to end', () => {
  let server: FeedServer;
  let items: Item[];
  let configFile: string;

  before(async () => {
    server = await startFeedServer();
    items = [HARBOUR];
    server.routes.set('/world.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(rss(server.base, items));
    });
    for (const item of [HARBOUR, BRIDGE]) {
      server.routes.set(`/${item.slug}.html`, (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(page(item));
      });
    }
    configFile = path.join(tempDir('briefbot-feeds-'), 'config.yaml');
    writeFileSync(configFile, [
      'topics:',
      '  - slug: valdoria',
      '    title: Valdoria',
      '    keywords: [valdoria]',
      '    minKeywordMatches: 1',
      'feeds:',
      '  allowPrivateHosts: true',
      '  minInterval: 1s',
      '  sources:',
      `    - url: ${server.base}/world.xml`,
      '      every: 1s',
      '      topics: [valdoria]',
      'digest:',
      '  minIntervalMinutes: 1',
      'digests:',
      '  - platform: console',
      '    channel: local',
      '    topic: valdoria',
      '    schedule: "* * * * *"',
      '',
    ].join('\n'));
  });
  after(async () => server.close());

  it('fetch: a line per feed, exit 0 with a failing feed, JSON on request, nothing fetched twice', async () => {
    const env = cleanEnv({ BRIEFBOT_CONFIG: configFile, BRIEFBOT_FEEDS: `${server.base}/missing.xml` });
    const first = await runCli(['fetch'], { env });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^new +http:\/\/127\.0\.0\.1:\d+\/world\.xml +1 new$/m);
    assert.match(first.stdout, /^failed +http:\/\/127\.0\.0\.1:\d+\/missing\.xml +.*404/m);
    assert.equal(server.hitCount('/harbour.html'), 1, 'the teaser item\'s page was read once');

    const second = await runCli(['fetch', '--json'], { env });
    assert.equal(second.code, 0, second.stderr);
    const report = JSON.parse(second.stdout);
    assert.deepEqual(report.feeds.map((f: { outcome: string }) => f.outcome).sort(), ['skipped', 'unchanged'], 'the failing feed waits for its backoff');
    assert.equal(report.new, 0);
    assert.equal(server.hitCount('/harbour.html'), 1, 'a stored article is never fetched again');

    // Every verb sees the stored articles, whatever --seeds names.
    const ask = await runCli(['ask', 'who is the harbour master?', '--json', '--seeds', tempDir('briefbot-empty-seeds-')], { env });
    assert.equal(ask.code, 0, ask.stderr);
    const answer = JSON.parse(ask.stdout);
    assert.equal(answer.found, true);
    assert.match(answer.answer, /Ilse Brandt/);
  });

  it('start: the digest after a new item carries it and only it', { timeout: 200_000 }, async () => {
    items = [HARBOUR];
    const env = cleanEnv({ BRIEFBOT_CONFIG: configFile });
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CLI, 'start'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    /** Waits for the next digest printed after `from` and returns its text. */
    const nextDigest = async (from: number): Promise<{ text: string; end: number }> => {
      const deadline = Date.now() + 150_000;
      while (Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        const rest = out.slice(from);
        const start = rest.search(/digest: Valdoria/i);
        // The digest is complete once the next prompt or digest begins, or output has settled.
        if (start >= 0) {
          await new Promise((r) => setTimeout(r, 1500));
          const text = out.slice(from + start);
          return { text, end: out.length };
        }
      }
      assert.fail(`no digest in:\n${out}\nstderr:\n${err}`);
    };
    try {
      const first = await nextDigest(0);
      assert.match(first.text, /Port of Valdoria|container cranes|Ilse Brandt/i);
      items = [BRIDGE, HARBOUR];
      const second = await nextDigest(first.end);
      assert.match(second.text, /bridge/i);
      assert.doesNotMatch(second.text, /container cranes|Ilse Brandt|Port of Valdoria reopen/i);
      assert.equal(server.hitCount('/bridge.html'), 1);
    } finally {
      child.stdin.end();
    }
    assert.equal(await exited, 0, err);
  });
});
