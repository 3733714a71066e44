import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { createManualClock } from '../../src/core/clock.ts';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { createCompositeCorpus } from '../../src/corpus/composite-corpus.ts';
import { createStaticCorpus } from '../../src/corpus/corpus-snapshot.ts';
import { createArticleCorpus } from '../../src/feeds/article-corpus.ts';
import { articleDocument } from '../../src/feeds/article-document.ts';
import type { StoredArticle } from '../../src/feeds/feed-types.ts';
import { makeDocument } from '../helpers/documents.ts';

function article(id: string, text: string, at: string, extra: Partial<StoredArticle> = {}): StoredArticle {
  return {
    id, url: `https://news.example/${id}`, sourceId: 'feed1', outlet: 'Example News', title: `Story ${id}`, author: 'A. Writer',
    publishedAt: '2026-12-01T06:00:00.000Z', fetchedAt: at, updatedAt: at,
    contentHash: createHash('sha256').update(text).digest('hex'), text, topics: ['markets'], ...extra,
  };
}

/** The part of the store the article corpus reads, over a plain array another "replica" writes to. */
function fakeStore(rows: StoredArticle[]) {
  return {
    reads: 0,
    async listArticles(options?: { updatedAfter?: string }) {
      this.reads++;
      return rows.filter((a) => !options?.updatedAfter || a.updatedAt > options.updatedAfter).sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
    },
  };
}

describe('feed articles as documents', () => {
  it('keeps the feed metadata and a URL-based id, and parses passages and quotes like a file', () => {
    const text = 'The central bank raised rates by half a point on Tuesday.\n\n"We will do what it takes," said Governor Maria Lopez.';
    const doc = articleDocument(article('abc123def456', text, '2026-12-01T07:00:00.000Z'));
    assert.equal(doc.id, 'abc123def456');
    assert.equal(doc.title, 'Story abc123def456');
    assert.equal(doc.source, 'Example News');
    assert.equal(doc.url, 'https://news.example/abc123def456');
    assert.equal(doc.date, '2026-12-01T06:00:00.000Z');
    assert.deepEqual(doc.topics, ['markets']);
    assert.equal(doc.passages.length, 2);
    assert.ok(doc.passages.every((p) => p.id.startsWith('abc123def456.')));
    assert.equal(doc.quotes[0]?.speaker, 'Maria Lopez');
  });

  it('does not repeat the title as the first passage', () => {
    const doc = articleDocument(article('t1', 'Story t1\n\nThe body of the story says something new.', '2026-12-01T07:00:00.000Z'));
    assert.equal(doc.passages[0].text, 'The body of the story says something new.');
  });
});

describe('article corpus', () => {
  it('loads what the store holds, then only what changed, and drops articles past retention', async () => {
    const clock = createManualClock('2026-12-05T08:00:00.000Z');
    const rows = [article('a1', 'First article text about rates.', '2026-12-05T07:00:00.000Z')];
    const store = fakeStore(rows);
    const corpus = await createArticleCorpus({ store, clock, logger: createMemoryLogger(), retentionDays: 30, refreshMs: null });
    assert.deepEqual(corpus.current().documents.map((d) => d.id), ['a1']);
    const versions: number[] = [];
    corpus.onChange((s) => versions.push(s.version));

    assert.equal(await corpus.refresh(), 0, 'nothing new: no new snapshot');
    assert.deepEqual(versions, []);

    rows.push(article('a2', 'Second article text about jobs.', '2026-12-05T07:30:00.000Z'));
    rows[0] = article('a1', 'First article text about rates, corrected.', '2026-12-05T07:40:00.000Z', { fetchedAt: '2026-12-05T07:00:00.000Z' });
    assert.equal(await corpus.refresh(), 2);
    assert.deepEqual(corpus.current().documents.map((d) => d.id).sort(), ['a1', 'a2']);
    assert.match(corpus.current().getDocument('a1')!.text, /corrected/);
    assert.equal(versions.length, 1);

    clock.set('2027-01-04T07:10:00.000Z'); // a1 fetched 30 days and 10 minutes ago
    await corpus.refresh();
    assert.deepEqual(corpus.current().documents.map((d) => d.id), ['a2']);
    await corpus.close();
  });

  it('joins the seed folders in one snapshot and tells listeners when either side changes', async () => {
    const clock = createManualClock('2026-12-05T08:00:00.000Z');
    const rows: StoredArticle[] = [];
    const articles = await createArticleCorpus({ store: fakeStore(rows), clock, logger: createMemoryLogger(), retentionDays: 30, refreshMs: null });
    const seed = makeDocument({ title: 'Seed', paragraphs: ['A seed document.'] });
    const corpus = createCompositeCorpus([createStaticCorpus([seed]), articles]);
    let changes = 0;
    corpus.onChange(() => changes++);
    assert.deepEqual(corpus.current().documents.map((d) => d.id), [seed.id]);
    rows.push(article('b1', 'Fetched just now.', '2026-12-05T07:59:00.000Z'));
    await articles.refresh();
    assert.equal(changes, 1);
    assert.deepEqual(corpus.current().documents.map((d) => d.id), [seed.id, 'b1']);
    assert.ok(corpus.current().getPassage('b1.0'));
    await corpus.close();
  });

  it('re-reads the store on its own timer (another replica fetched) and a failing read is a warning', async () => {
    const clock = createManualClock('2026-12-05T08:00:00.000Z');
    const rows: StoredArticle[] = [];
    const store = fakeStore(rows);
    const logger = createMemoryLogger();
    const corpus = await createArticleCorpus({ store, clock, logger, retentionDays: 30, refreshMs: 20 });
    const changed = new Promise<void>((resolve) => corpus.onChange(() => resolve()));
    rows.push(article('c1', 'From the other replica.', '2026-12-05T07:59:00.000Z'));
    await changed;
    assert.deepEqual(corpus.current().documents.map((d) => d.id), ['c1']);
    store.listArticles = async () => { throw new Error('connection refused'); };
    await new Promise((r) => setTimeout(r, 80));
    assert.ok(logger.lines.some((l) => l.level === 'warn' && /feed articles/.test(String(l.msg))));
    await corpus.close();
  });
});
