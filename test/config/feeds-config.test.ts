import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { formatDuration, parseDuration } from '../../src/config/duration.ts';
import { feedDefaultEveryMs, feedMinIntervalMs, feedSourcesFromConfig } from '../../src/config/feed-sources.ts';
import { loadConfig, type ConfigResult } from '../../src/config/load.ts';
import { feedSourceId } from '../../src/feeds/feed-source-id.ts';
import { PLATFORMS } from '../../src/platforms/registry.ts';

const dirs: string[] = [];
after(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function load(yaml: string, env: NodeJS.ProcessEnv = {}): Promise<ConfigResult> {
  const dir = await mkdtemp(join(tmpdir(), 'briefbot-feeds-config-'));
  dirs.push(dir);
  const file = join(dir, 'config.yaml');
  await writeFile(file, yaml);
  return loadConfig({ platforms: PLATFORMS, env: { BRIEFBOT_CONFIG: file, ...env } });
}

const NOW = '2025-03-01T08:00:00.000Z';

describe('durations', () => {
  it('parses s, m, h and d, and refuses anything else', () => {
    assert.equal(parseDuration('90s'), 90_000);
    assert.equal(parseDuration('5m'), 300_000);
    assert.equal(parseDuration('2h'), 7_200_000);
    assert.equal(parseDuration('1d'), 86_400_000);
    assert.equal(parseDuration(' 10M '), 600_000);
    for (const bad of ['', '5', 'm', '5 minutes', '-5m', '0m', '1.5h', '5w']) assert.equal(parseDuration(bad), null, bad);
  });
  it('formats with the largest whole unit', () => {
    assert.equal(formatDuration(1_800_000), '30m');
    assert.equal(formatDuration(90_000), '90s');
    assert.equal(formatDuration(7_200_000), '2h');
    assert.equal(formatDuration(86_400_000), '1d');
  });
});

describe('feedSourceId', () => {
  it('is 12 hex digits, the same for case of scheme/host and a fragment, different for a path', () => {
    const id = feedSourceId('https://example.org/world.xml');
    assert.match(id, /^[0-9a-f]{12}$/);
    assert.equal(feedSourceId('HTTPS://Example.ORG/world.xml#top'), id);
    assert.notEqual(feedSourceId('https://example.org/World.xml'), id);
  });
});

describe('feeds config', () => {
  it('has defaults and no feeds', async () => {
    const result = await load('{}\n');
    assert.ok(result.ok, JSON.stringify(result));
    const { feeds } = result.config;
    assert.deepEqual(feeds, { allowPrivateHosts: false, retentionDays: 30, minInterval: '5m', defaultEvery: '30m', sources: [] });
    assert.equal(feedMinIntervalMs(result.config), 300_000);
    assert.equal(feedDefaultEveryMs(result.config), 1_800_000);
    assert.deepEqual(feedSourcesFromConfig(result.config, NOW), []);
  });

  it('turns file and env feeds into sources with ids, intervals and origins', async () => {
    const result = await load([
      'feeds:',
      '  allowPrivateHosts: true',
      '  retentionDays: 7',
      '  sources:',
      '    - url: https://example.org/world.xml#frag',
      '      every: 2h',
      '      topics: [us-russia]',
      '      fetchArticles: false',
      '    - url: http://intranet.example/feed.json',
    ].join('\n'), { BRIEFBOT_FEEDS: ' https://a.example/rss , https://b.example/atom.xml?x=1:2' });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.config.feeds.allowPrivateHosts, true);
    assert.equal(result.config.feeds.retentionDays, 7);
    assert.ok(result.config.sources.includes('env BRIEFBOT_FEEDS'));
    const sources = feedSourcesFromConfig(result.config, NOW);
    assert.deepEqual(sources.map((s) => [s.url, s.everyMs, s.topics, s.fetchArticles, s.origin]), [
      ['https://example.org/world.xml', 7_200_000, ['us-russia'], false, 'config'],
      ['http://intranet.example/feed.json', 1_800_000, [], true, 'config'],
      ['https://a.example/rss', 1_800_000, [], true, 'env'],
      ['https://b.example/atom.xml?x=1:2', 1_800_000, [], true, 'env'],
    ]);
    assert.equal(sources[0]?.id, feedSourceId('https://example.org/world.xml'));
    assert.ok(sources.every((s) => s.addedAt === NOW && s.addedBy === null));
  });

  it('reports every problem by dotted path, never quoting a password', async () => {
    const result = await load([
      'feeds:',
      '  minInterval: 10m',
      '  sources:',
      '    - url: not a url',
      '    - url: ftp://example.org/feed.xml',
      '    - url: https://bob:hunter2secret@example.org/private.xml',
      '    - url: https://example.org/a.xml',
      '      every: 5m',
      '      topics: [us-rusia]',
      '    - url: https://EXAMPLE.org/a.xml#again',
      '    - url: https://example.org/b.xml',
      '      every: soon',
      '      colour: blue',
    ].join('\n'));
    assert.equal(result.ok, false);
    if (result.ok) return;
    const text = result.issues.join('\n');
    // Schema problems come first; cross-setting rules are checked once the schema passes.
    assert.match(text, /feeds\.sources\.0\.url: not a URL/);
    assert.match(text, /feeds\.sources\.1\.url: only http and https/);
    assert.match(text, /feeds\.sources\.2\.url: credentials in a feed URL are not allowed/);
    assert.match(text, /feeds\.sources\.5\.every: a duration/);
    assert.match(text, /feeds\.sources\.5: unknown setting\(s\) "colour"/);
    assert.ok(!text.includes('hunter2secret'), text);
    assert.ok(!text.includes('bob'), text);
  });

  it('checks intervals, topics and duplicates across the file and BRIEFBOT_FEEDS', async () => {
    const result = await load([
      'feeds:',
      '  minInterval: 10m',
      '  defaultEvery: 5m',
      '  sources:',
      '    - url: https://example.org/a.xml',
      '      every: 5m',
      '      topics: [us-rusia, us-russia]',
      '    - url: https://EXAMPLE.org/a.xml#again',
    ].join('\n'), { BRIEFBOT_FEEDS: 'https://example.org/a.xml' });
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual(result.issues, [
      'feeds.defaultEvery: 5m is below feeds.minInterval (10m)',
      'feeds.sources.0.every: 5m is below feeds.minInterval (10m)',
      'feeds.sources.0.topics.0: unknown topic "us-rusia" (known: us-russia)',
      'feeds.sources.1: the same feed as feeds.sources.0',
      'BRIEFBOT_FEEDS.0: the same feed as feeds.sources.0',
    ]);
  });

  it('refuses bad BRIEFBOT_FEEDS entries without quoting them', async () => {
    const result = await load('{}\n', { BRIEFBOT_FEEDS: 'https://ok.example/rss,https://u:pa55word-x@h.example/rss,file:///etc/passwd' });
    assert.equal(result.ok, false);
    if (result.ok) return;
    const text = result.issues.join('\n');
    assert.match(text, /BRIEFBOT_FEEDS\.1: credentials in a feed URL are not allowed/);
    assert.match(text, /BRIEFBOT_FEEDS\.2: only http and https/);
    assert.ok(!text.includes('pa55word-x'));
    assert.ok(!/BRIEFBOT_FEEDS\.0/.test(text));
  });
});
