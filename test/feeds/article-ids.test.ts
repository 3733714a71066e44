import assert from 'node:assert/strict';
import { test } from 'node:test';
import { articleId, canonicalUrl, changedMaterially } from '../../src/feeds/article-ids.ts';
import { feedSourceId } from '../../src/feeds/feed-source-id.ts';

test('canonicalUrl lowercases the host, drops fragment, credentials and tracking parameters, keeps the rest in order', () => {
  assert.equal(canonicalUrl('HTTPS://News.Example.COM:443/A/B?z=1&utm_source=x&a=2&fbclid=q&gclid=r#top'), 'https://news.example.com/A/B?z=1&a=2');
  assert.equal(canonicalUrl('https://x.example/p?utm_medium=rss'), 'https://x.example/p');
  assert.equal(canonicalUrl('https://u:p@x.example/p?b=2&a=1'), 'https://x.example/p?b=2&a=1');
});

test('articleId is 12 hex of sha256 and equal for equal canonical URLs; feedSourceId normalises first', () => {
  const a = articleId(canonicalUrl('https://X.example/p#a'));
  assert.match(a, /^[0-9a-f]{12}$/);
  assert.equal(a, articleId(canonicalUrl('https://x.example/p?utm_campaign=c')));
  assert.notEqual(a, articleId(canonicalUrl('https://x.example/q')));
  assert.equal(feedSourceId(' https://FEEDS.example/rss#x '), feedSourceId('https://feeds.example/rss'));
});

test('changedMaterially: typo fixes and whitespace are not changes; new numbers and rewritten paragraphs are', () => {
  const base = 'The council approved a budget of 12 million on Tuesday after a long debate about schools, roads and the harbour. ' +
    'Members of the opposition walked out twice during the session, saying the figures had arrived too late to be read. ' +
    'The finance committee chair defended the timetable and said every line had been published a week before the vote. ' +
    'Local businesses near the harbour welcomed the repairs but asked for the works to avoid the summer season entirely. ' +
    'Critics said the plan ignored housing and the mayor promised a review next year.';
  assert.equal(changedMaterially(base, base), false);
  assert.equal(changedMaterially(base, base.replace(/ +/g, '  ')), false);
  assert.equal(changedMaterially(base, base.replace('Critics said', 'Critics claimed')), false);
  assert.equal(changedMaterially(base, base.replace(/12 million/g, '15 million')), true);
  assert.equal(changedMaterially(base, `${base} Three council members resigned in protest on Wednesday evening, and the mayor called an emergency session for Friday to consider the housing plan again.`), true);
  assert.equal(changedMaterially('Short.', 'Entirely different text now.'), true);
});
