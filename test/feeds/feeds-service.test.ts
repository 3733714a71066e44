import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { feedSourceId } from '../../src/feeds/feed-source-id.ts';
import { unwrapLink } from '../../src/feeds/feeds-service.ts';
import { admin, makeFeeds, member } from './feeds-service-fakes.ts';

const refused = async (work: Promise<unknown>, code: string, message: RegExp) => {
  await assert.rejects(work, (error: Error & { code?: string }) => {
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  });
};

describe('feeds service', () => {
  it('adds a chat feed after probing it, stores and audits it, and lists it after the configured ones', async () => {
    const { service, store, probed, added } = makeFeeds();
    const source = await service.add({ url: ' <HTTPS://News.Example/world.xml#top|news> ', topic: 'US-Russia', user: admin });
    assert.deepEqual(source, {
      id: feedSourceId('https://news.example/world.xml'), url: 'https://news.example/world.xml', everyMs: 1_800_000, topics: ['us-russia'],
      fetchArticles: true, origin: 'chat', addedBy: 'test:admin', addedAt: '2025-03-01T08:00:00.000Z',
    });
    assert.deepEqual(probed, ['https://news.example/world.xml']);
    assert.deepEqual(added, [source.id]);
    assert.deepEqual(await store.getFeedSource(source.id), source);
    assert.deepEqual((await store.listAudit(source.id)).map((a) => [a.action, a.actor]), [['feed-add', 'test:admin']]);
    assert.deepEqual((await service.sources()).map((s) => s.origin), ['config', 'env', 'chat']);
    const listed = await service.list();
    assert.equal(listed.length, 3);
    assert.equal(listed[2]?.state, null);
    await store.putFeedState({ sourceId: source.id, etag: null, lastModified: null, lastFetchedAt: '2025-03-01T08:05:00.000Z', lastStatus: 'new', lastError: null, failures: 0, retryAt: null });
    assert.equal((await service.list())[2]?.state?.lastStatus, 'new');
  });

  it('refuses non-admins before probing anything', async () => {
    const { service, probed } = makeFeeds();
    await refused(service.add({ url: 'https://news.example/rss', user: member }), 'forbidden', /^Only channel admins \(Manage Channels\) can add or remove feeds\. Anyone can use `\/feeds list`\./);
    await refused(service.remove('abc', member), 'forbidden', /can add or remove feeds/);
    assert.deepEqual(probed, []);
  });

  it('refuses bad URLs with the reason and an example, never quoting a password', async () => {
    const { service, probed } = makeFeeds();
    await refused(service.add({ url: '', user: admin }), 'bad_arguments', /Example: `\/feeds add https:/);
    await refused(service.add({ url: 'not a url', user: admin }), 'bad_feed_url', /not a URL.*Example/);
    await refused(service.add({ url: 'ftp://news.example/rss', user: admin }), 'bad_feed_url', /only http and https/);
    await assert.rejects(service.add({ url: 'https://ann:s3cret-pw@news.example/rss', user: admin }), (error: Error) => {
      assert.match(error.message, /credentials in a feed URL are not allowed/);
      assert.ok(!error.message.includes('s3cret-pw') && !error.message.includes('ann:'));
      return true;
    });
    assert.deepEqual(probed, []);
  });

  it('suggests a close topic on a typo', async () => {
    const { service, probed } = makeFeeds();
    await refused(service.add({ url: 'https://news.example/rss', topic: 'us-rusia', user: admin }), 'unknown_topic', /There is no topic `us-rusia`\. Did you mean `us-russia`\?/);
    await refused(service.add({ url: 'https://news.example/rss', topic: 'cats', user: admin }), 'unknown_topic', /See `\/topics`/);
    assert.deepEqual(probed, []);
  });

  it('shows why a probe failed (a thrown error too) and stores nothing', async () => {
    const failing = makeFeeds(async () => ({ ok: false, reason: 'HTTP 404 from https://u:pw-secret-1@news.example/rss' }));
    await assert.rejects(failing.service.add({ url: 'https://news.example/rss', user: admin }), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'feed_unreadable');
      assert.match(error.message, /did not read as a feed: HTTP 404/);
      assert.ok(!error.message.includes('pw-secret-1'));
      return true;
    });
    assert.deepEqual(await failing.store.listFeedSources(), []);
    const throwing = makeFeeds(async () => { throw new Error('getaddrinfo ENOTFOUND news.example'); });
    await refused(throwing.service.add({ url: 'https://news.example/rss', user: admin }), 'feed_unreadable', /ENOTFOUND/);
  });

  it('refuses a feed that is already configured or added', async () => {
    const { service } = makeFeeds();
    await refused(service.add({ url: 'https://CONFIG.example/rss', user: admin }), 'feed_exists', /configuration/);
    const source = await service.add({ url: 'https://news.example/rss', user: admin });
    await refused(service.add({ url: 'https://news.example/rss#x', user: admin }), 'feed_exists', new RegExp(`already added \\(id \`${source.id}\`\\)`));
  });

  it('removes chat feeds (audited), refuses config and env feeds, reports unknown ids', async () => {
    const { service, store, removed } = makeFeeds();
    const source = await service.add({ url: 'https://news.example/rss', user: admin });
    assert.equal(await service.remove(` ${source.id} `, admin), true);
    assert.deepEqual(removed, [source.id]);
    assert.deepEqual((await store.listAudit(source.id)).map((a) => [a.action, a.actor]), [['feed-add', 'test:admin'], ['feed-remove', 'test:admin']]);
    assert.equal(await service.remove(source.id, admin), false);
    await refused(service.remove(feedSourceId('https://config.example/rss'), admin), 'feed_from_config', /an operator has to remove it there/);
    await refused(service.remove(feedSourceId('https://env.example/rss'), admin), 'feed_from_config', /BRIEFBOT_FEEDS/);
  });

  it('unwraps Slack links', () => {
    assert.equal(unwrapLink('<https://a.example/rss>'), 'https://a.example/rss');
    assert.equal(unwrapLink('<https://a.example/rss|a.example/rss>'), 'https://a.example/rss');
    assert.equal(unwrapLink(' https://a.example/rss '), 'https://a.example/rss');
  });
});
