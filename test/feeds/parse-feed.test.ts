import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FeedParseError, parseFeed } from '../../src/feeds/parse-feed.ts';
import { ATOM, JSON_FEED, RDF, rssFeed } from './feed-fixtures.ts';

test('RSS 2.0: HTML description to paragraphs, relative link resolved, date to ISO, guid kept', () => {
  const body = rssFeed('Example &amp; News', [{ title: 'First', link: '/a/1', text: '<p>Hello <b>world</b>.</p><p>Second&hellip;</p>', guid: 'g-1', date: 'Tue, 03 Dec 2026 10:00:00 GMT' }]);
  const feed = parseFeed(body, 'https://example.com/feed.xml');
  assert.equal(feed.format, 'rss');
  assert.equal(feed.title, 'Example & News');
  assert.deepEqual(feed.items[0], {
    guid: 'g-1', title: 'First', link: 'https://example.com/a/1', author: null,
    publishedAt: '2026-12-03T10:00:00.000Z', text: 'Hello world.\n\nSecond…',
  });
});

test('Atom: html and text constructs, author names, alternate link against the feed URL, bad date null', () => {
  const feed = parseFeed(ATOM, 'https://atom.example/blog/feed');
  assert.equal(feed.format, 'atom');
  assert.equal(feed.title, 'Atom Times');
  assert.equal(feed.homepage, 'https://atom.example/');
  const [a, b] = feed.items;
  assert.equal(a.title, 'Rates & bonds');
  assert.equal(a.link, 'https://atom.example/blog/posts/2');
  assert.equal(a.author, 'Bob Smith');
  assert.equal(a.publishedAt, '2026-12-02T08:30:00.000Z');
  assert.equal(a.text, 'First paragraph.\n\nSecond paragraph.');
  assert.equal(b.publishedAt, null);
  assert.equal(b.text, 'a < b is plain text');
});

test('RDF: dc:creator and dc:date, tracking link kept as the feed gives it (canonicalisation is later)', () => {
  const feed = parseFeed(RDF, 'https://rdf.example/rss');
  assert.equal(feed.format, 'rdf');
  assert.equal(feed.items[0].author, 'Ann Lee');
  assert.equal(feed.items[0].publishedAt, '2026-12-01T09:00:00.000Z');
  assert.equal(feed.items[0].link, 'https://rdf.example/x?utm_source=rss');
  assert.equal(feed.items[0].text, 'Text here');
});

test('JSON Feed: text paragraphs, HTML stripped of scripts, non-http links dropped', () => {
  const feed = parseFeed(JSON_FEED, 'https://json.example/feed.json');
  assert.equal(feed.format, 'json');
  assert.equal(feed.homepage, 'https://json.example/');
  assert.equal(feed.items[0].link, 'https://json.example/p/1');
  assert.equal(feed.items[0].text, 'Line one\n\nLine two');
  assert.equal(feed.items[0].author, 'Zed');
  assert.equal(feed.items[1].guid, '2');
  assert.equal(feed.items[1].link, null);
  assert.equal(feed.items[1].text, 'Hi there');
});

test('bad XML, HTML pages, empty bodies and non-feed JSON throw FeedParseError with a reason', () => {
  for (const body of ['', '<rss><channel><item>', '<html><body>Not found</body></html>', '{"a":1}', '{bad json', 'plain words']) {
    assert.throws(() => parseFeed(body, 'https://x.example/'), (err: unknown) => {
      assert.ok(err instanceof FeedParseError, String(err));
      assert.ok(err.reason.length > 0);
      return true;
    });
  }
});

test('a hostile feed: a huge number of items is capped, entity bombs do not expand', () => {
  const many = rssFeed('Many', Array.from({ length: 3000 }, (_, i) => ({ title: `t${i}`, link: `/a/${i}`, text: 'x' })));
  assert.equal(parseFeed(many, 'https://x.example/').items.length, 1000);
  const bomb = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>` +
    `<rss version="2.0"><channel><title>B</title><item><title>&e;&e;&e;&e;</title><link>https://x.example/1</link><description>d</description></item></channel></rss>`;
  let title = '';
  try {
    title = parseFeed(bomb, 'https://x.example/').items[0]?.title ?? '';
  } catch (err) {
    assert.ok(err instanceof FeedParseError);
  }
  assert.ok(title.length < 100_000, `entity expansion produced ${title.length} chars`);
});
