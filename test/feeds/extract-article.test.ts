import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractArticle, isTeaser } from '../../src/feeds/extract-article.ts';
import { articlePage, story } from './feed-fixtures.ts';

test('extractArticle keeps the story paragraphs and drops menus, related links and footer', () => {
  const paragraphs = story('Harbour', 5);
  const got = extractArticle(articlePage('Harbour vote', paragraphs), 'https://example.com/a');
  assert.ok(got);
  assert.equal(got.text, paragraphs.join('\n\n'));
  assert.equal(got.author, 'Jane Roe');
  assert.equal(got.siteName, 'Example News');
  assert.doesNotMatch(got.text, /Related|Copyright|Sport/);
});

test('extractArticle returns null for pages without an article and for garbage', () => {
  assert.equal(extractArticle('<html><body><p>Subscribe to read.</p></body></html>', 'https://example.com/'), null);
  assert.equal(extractArticle('<<<>>>\u0000', 'https://example.com/'), null);
  assert.equal(extractArticle('', 'https://example.com/'), null);
});

test('isTeaser: short text, or text ending like a teaser', () => {
  assert.equal(isTeaser({ text: 'The council met…' }), true);
  assert.equal(isTeaser({ text: story('Long', 6).join('\n\n') }), false);
  assert.equal(isTeaser({ text: `${story('Long', 6).join('\n\n')} Read more »` }), true);
  assert.equal(isTeaser({ text: `${story('Long', 6).join('\n\n')} […]` }), true);
});
