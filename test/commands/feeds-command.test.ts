// `/feeds` through the router, as a platform would drive it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import feedsCommand from '../../commands/feeds.ts';
import { baseCommands } from '../../commands/index.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createRouter } from '../../src/core/router.ts';
import type { ChatUser, Reply, Services } from '../../commands/command-types.ts';
import { feedSourceId } from '../../src/feeds/feed-source-id.ts';
import type { FeedsService, ProbeResult } from '../../src/feeds/feeds-service.ts';
import { buildCommandPayload } from '../../src/platforms/discord/command-registration.ts';
import { admin, fakeTopics, makeFeeds, member } from '../feeds/feeds-service-fakes.ts';

const textOf = (reply: Reply) => (reply.kind === 'text' ? reply.text : assert.fail(`expected text, got ${reply.kind}`));

function bot(feeds: FeedsService | undefined) {
  const services = { topics: { ...fakeTopics, complete: () => [{ slug: 'us-russia', title: 'US–Russia relations' }] }, feeds } as unknown as Services;
  const router = createRouter({ commands: [feedsCommand], services, logger: silentLogger });
  return (text: string, user: ChatUser = admin) => router.command({ platform: 'console', command: 'feeds', text, user, conversationId: 'console:local' });
}

describe('/feeds command', () => {
  it('admins add and remove feeds; anyone lists them with status, interval, topics and origin', async () => {
    const { service, store, clock } = makeFeeds();
    const run = bot(service);
    const added = textOf(await run('add https://news.example/world.xml us-russia'));
    const id = feedSourceId('https://news.example/world.xml');
    assert.equal(added, `Feed \`${id}\` added: https://news.example/world.xml is polled every 30m. Its articles also join \`us-russia\`. Stop it with \`/feeds remove ${id}\`.`);
    assert.deepEqual((await store.listAudit(id)).map((a) => [a.action, a.actor]), [['feed-add', 'test:admin']]);

    clock.advance(60_000);
    await store.putFeedState({ sourceId: id, etag: null, lastModified: null, lastFetchedAt: '2025-03-01T08:05:00.000Z', lastStatus: 'failed', lastError: 'HTTP 503', failures: 1, retryAt: null });
    const listed = textOf(await run('list', member));
    assert.match(listed, new RegExp(`• \`${feedSourceId('https://config.example/rss')}\` config\\.example — https://config\\.example/rss\\n   last: not fetched yet · every 1h · from config`));
    assert.match(listed, /env\.example\/rss\n   last: not fetched yet · every 1h · from BRIEFBOT_FEEDS/);
    assert.match(listed, new RegExp(`• \`${id}\` news\\.example — https://news\\.example/world\\.xml\\n   last: failed \\(HTTP 503\\), Sat 1 Mar, 08:05 UTC · every 30m · topics: us-russia · added in chat`));

    assert.match(textOf(await run(`remove ${id}`)), /removed; it is no longer polled/);
    assert.deepEqual((await store.listAudit(id)).map((a) => a.action), ['feed-add', 'feed-remove']);
    assert.match(textOf(await run(`remove ${id}`)), /There is no feed `[0-9a-f]{12}`\. See the ids with `\/feeds list`/);
  });

  it('refuses non-admins with the digest admins rule', async () => {
    const run = bot(makeFeeds().service);
    assert.match(textOf(await run('add https://news.example/rss', member)), /^Only channel admins .* can add or remove feeds/);
    assert.match(textOf(await run('remove abc', member)), /^Only channel admins/);
  });

  it('explains wrong arguments, bad URLs, unknown topics, probe failures and config feeds', async () => {
    const run = bot(makeFeeds(async (): Promise<ProbeResult> => ({ ok: false, reason: 'not RSS, Atom or JSON Feed (got text/html)' })).service);
    assert.match(textOf(await run('add')), /Missing url.*\nUsage: `\/feeds add <url> \[topic\]`\nExample: `\/feeds add https:\/\/example\.org\/world\.xml us-russia`/s);
    assert.match(textOf(await run('frobnicate')), /Choose one of: list, add, remove/);
    assert.match(textOf(await run('add javascript:alert(1)')), /only http and https/);
    assert.match(textOf(await run('add https://news.example/rss us-rusia')), /Did you mean `us-russia`/);
    assert.match(textOf(await run('add https://news.example/rss')), /did not read as a feed: not RSS, Atom or JSON Feed \(got text\/html\)/);
    assert.match(textOf(await run(`remove ${feedSourceId('https://config.example/rss')}`)), /configuration .* an operator has to remove it there/);
  });

  it('says so when feeds are not enabled, and lists an empty set helpfully', async () => {
    assert.match(textOf(await bot(undefined)('list')), /not enabled/);
    const empty = makeFeeds();
    const run = bot({ ...empty.service, sources: async () => [], list: async () => [] });
    assert.match(textOf(await run('list')), /No news feeds yet\. A channel admin can add one: `\/feeds add https:/);
  });

  it('is one of the commands, and builds a valid Discord registration', () => {
    assert.ok(baseCommands.includes(feedsCommand));
    const payload = buildCommandPayload([feedsCommand]) as unknown as Array<{ name: string; options: Array<{ name: string; type: number; options?: Array<{ name: string; required?: boolean; autocomplete?: boolean }> }> }>;
    const [feeds] = payload;
    assert.equal(feeds?.name, 'feeds');
    assert.deepEqual(feeds?.options.map((o) => [o.name, o.type]), [['list', 1], ['add', 1], ['remove', 1]]);
    assert.deepEqual(feeds?.options[1]?.options?.map((o) => [o.name, o.required ?? false, o.autocomplete ?? false]), [['url', true, false], ['topic', false, true]]);
  });
});
