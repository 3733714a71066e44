import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import digestCommand from '../../commands/digest.ts';
import { createManualClock } from '../../src/core/clock.ts';
import { UserFacingError } from '../../src/core/errors.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createRouter } from '../../src/core/router.ts';
import type { ChatUser, Reply, Services } from '../../commands/command-types.ts';
import type { CommandEvent } from '../../src/platforms/platform-types.ts';
import { permissionMessage } from '../../src/core/admin.ts';
import { PERMISSION } from '../../src/scheduler/digest-service.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { admin, doc, member, rig } from './fakes.ts';

function setup() {
  const clock = createManualClock('2026-05-04T05:00:00Z');
  const store = createMemoryStore({ clock });
  const r = rig(store, clock);
  return { clock, store, r, service: r.scheduler.service };
}

const base = { platform: 'console', conversationId: 'console:local', topic: 'us-russia', user: admin };

async function refused(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof UserFacingError, String(error));
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  });
}

describe('DigestService', () => {
  it('subscribes with the default schedule and UTC, and lists per conversation', async () => {
    const { service, store } = setup();
    const sub = await service.subscribe(base);
    assert.match(sub.id, /^dg-[0-9a-f]{8}$/);
    assert.deepEqual(
      { cron: sub.cron, timezone: sub.timezone, length: sub.length, source: sub.source, createdBy: sub.createdBy, postWhenEmpty: sub.postWhenEmpty },
      { cron: '0 8 * * *', timezone: 'UTC', length: 'short', source: 'chat', createdBy: 'console:admin', postWhenEmpty: false },
    );
    assert.deepEqual((await service.list('console:local')).map((s) => s.id), [sub.id]);
    assert.deepEqual(await service.list('console:elsewhere'), []);
    assert.deepEqual((await store.listAudit(sub.id)).map((a) => [a.action, a.actor]), [['subscribe', 'console:admin']]);
  });

  it('describes what it returns, reads a zone typed after the schedule, and completes zone names', async () => {
    const { service } = setup();
    const sub = await service.subscribe({ ...base, schedule: 'weekdays at 9:30 in Europe/Berlin' });
    assert.deepEqual(
      { cron: sub.cron, timezone: sub.timezone, topicTitle: sub.topicTitle, when: sub.when, next: sub.next },
      { cron: '30 9 * * 1-5', timezone: 'Europe/Berlin', topicTitle: 'US–Russia relations', when: 'weekdays at 09:30', next: 'Mon 4 May, 09:30' },
    );
    // With a zone given on its own, the schedule text is not searched for another.
    await refused(service.subscribe({ ...base, topic: 'energy', schedule: 'daily at 8 UTC', timezone: 'Asia/Tokyo' }), 'invalid_schedule', /"8 utc"/);
    await service.subscribe({ ...base, topic: 'energy', schedule: 'daily at 08:00', timezone: 'Asia/Tokyo' });
    assert.deepEqual((await service.list('console:local')).map((s) => s.when).sort(), ['daily at 08:00', 'weekdays at 09:30']);
    assert.deepEqual(service.completeTimezone('berl'), ['Europe/Berlin']);
  });

  it('refuses people without the permission, naming it', async () => {
    const { service } = setup();
    await refused(service.subscribe({ ...base, user: member }), 'forbidden', /^Only channel admins can change digests\. Anyone can use `\/digest list`/);
    const sub = await service.subscribe(base);
    await refused(service.unsubscribe(sub.id, 'console:local', member), 'forbidden', /Only channel admins/);
    assert.equal((await service.list('console:local')).length, 1);
  });

  it('answers each validation error with what to do instead', async () => {
    const { service } = setup();
    await refused(service.subscribe({ ...base, topic: 'us-rusia' }), 'unknown_topic', /There is no topic `us-rusia`\. Did you mean `us-russia`\?/);
    await refused(service.subscribe({ ...base, schedule: 'now and then' }), 'invalid_schedule', /couldn't read "now and then".*Try "daily at 08:00"/);
    await refused(service.subscribe({ ...base, schedule: '0 8 * * 9' }), 'invalid_schedule', /day-of-week field "9" is not valid.*for example "0 8 \* \* 1-5"/);
    await refused(service.subscribe({ ...base, timezone: 'Europe/Berln' }), 'invalid_timezone', /Did you mean "Europe\/Berlin"/);
    await refused(service.subscribe({ ...base, schedule: 'every 5 minutes' }), 'schedule_too_frequent', /at most every 15 minutes/);
    await refused(service.subscribe({ ...base, platform: 'irc', conversationId: 'irc:#x' }), 'digests_unavailable', /cannot be posted on irc/);
    await service.subscribe({ ...base, schedule: 'daily at 08:00', timezone: 'Europe/Berlin' });
    await refused(service.subscribe({ ...base, schedule: '0 8 * * *', timezone: 'europe/berlin' }), 'already_subscribed', /already gets the US–Russia relations digest daily at 08:00/);
  });

  it('refuses more subscriptions than a channel may have', async () => {
    const { service } = setup(); // maxPerChannel 3 in the fakes
    await service.subscribe({ ...base, schedule: 'daily at 08:00' });
    await service.subscribe({ ...base, schedule: 'daily at 12:00' });
    await service.subscribe({ ...base, topic: 'energy' });
    await refused(service.subscribe({ ...base, schedule: 'daily at 18:00' }), 'too_many_digests', /already has 3 digests, the most allowed is 3\. Remove one first/);
    await service.subscribe({ ...base, conversationId: 'console:other' });
  });

  it('unsubscribes only ids of this conversation', async () => {
    const { service, store } = setup();
    const sub = await service.subscribe(base);
    await refused(service.unsubscribe(sub.id, 'console:other', admin), 'digest_not_found', /This channel has no digest `dg-/);
    await refused(service.unsubscribe('dg-nope', 'console:local', admin), 'digest_not_found', /\/digest list/);
    await service.unsubscribe(sub.id, 'console:local', admin);
    assert.equal(await store.getSubscription(sub.id), undefined);
    assert.deepEqual((await store.listAudit(sub.id)).map((a) => a.action), ['subscribe', 'unsubscribe']);
  });

  it('preview shows what would be posted now, posts nothing and marks nothing seen', async () => {
    const { service, store, r, clock } = setup();
    const first = await service.preview('us-russia', 'console:local');
    assert.equal(first.kind, 'brief');
    assert.equal(first.ephemeral, true);
    assert.match((first as Extract<Reply, { kind: 'brief' }>).title ?? '', /first digest: 2 new or updated documents/);
    assert.match((first as Extract<Reply, { kind: 'brief' }>).brief.notes.join('\n'), /Preview: .*nothing was posted/);

    const sub = await service.subscribe(base);
    clock.set('2026-05-04T08:00:00Z');
    await r.scheduler.fireDue();
    const seenBefore = await store.getSeenDocuments(sub.id);
    const postsBefore = r.platform.posts.length;
    const empty = await service.preview('US-Russia', 'console:local');
    assert.equal(empty.kind, 'text');
    assert.match((empty as { text: string }).text, /^Nothing new on US–Russia relations since Mon 4 May, 08:00 \(UTC\)\.\nPreview: with nothing new, this digest would post nothing now/);

    r.topics.add('us-russia', doc('summit'));
    const next = await service.preview('us-russia', 'console:local');
    assert.deepEqual(r.briefing.calls.at(-1)?.docIds, [r.topics.documentsFor('us-russia')[0].id], 'only what the next digest would cover');
    assert.equal(next.kind, 'brief');
    assert.equal(r.platform.posts.length, postsBefore, 'preview posts nothing');
    assert.deepEqual(await store.getSeenDocuments(sub.id), seenBefore, 'and marks nothing seen');
    await refused(service.preview('nope', 'console:local'), 'unknown_topic', /There is no topic `nope`/);
  });
});

describe('/digest command', () => {
  function bot(withDigests = true) {
    const { service, r, clock, store } = setup();
    const services = { topics: r.topics, briefing: r.briefing, clock, digests: withDigests ? service : undefined } as unknown as Services;
    const router = createRouter({ commands: [digestCommand], services, logger: silentLogger });
    const run = (text: string, user: ChatUser = admin) =>
      router.command({ platform: 'console', command: 'digest', text, user, conversationId: 'console:local' });
    return { router, run, store, r, services };
  }
  const textOf = (reply: Reply) => (reply.kind === 'text' ? reply.text : assert.fail(`expected text, got ${reply.kind}`));

  it('subscribe, list, preview and unsubscribe from typed text', async () => {
    const { run, store } = bot();
    const subscribed = textOf(await run('subscribe us-russia weekdays at 9:30 Europe/Berlin --length standard'));
    assert.match(subscribed, /^This channel now gets a standard digest of US–Russia relations weekdays at 09:30 \(Europe\/Berlin\)\. Next: Mon 4 May, 09:30\. Id `(dg-[0-9a-f]{8})`/);
    const id = /`(dg-[0-9a-f]{8})`/.exec(subscribed)![1];
    const sub = await store.getSubscription(id);
    assert.deepEqual([sub?.cron, sub?.timezone, sub?.length], ['30 9 * * 1-5', 'Europe/Berlin', 'standard']);

    textOf(await run('subscribe energy "every 2 hours" --timezone America/New_York'));
    const list = textOf(await run('list'));
    assert.match(list, new RegExp(`• \`${id}\` US–Russia relations — weekdays at 09:30 \\(Europe/Berlin\\), standard · next Mon 4 May, 09:30`));
    assert.match(list, /Energy — every 2 hours \(America\/New_York\), short/);

    const preview = await run('preview us-russia');
    assert.equal(preview.kind, 'brief');

    assert.match(textOf(await run(`unsubscribe ${id}`)), new RegExp(`Digest \`${id}\` stopped`));
    assert.equal(await store.getSubscription(id), undefined);
  });

  it('typed options (Discord subcommands) reach the same service', async () => {
    const { router, store } = bot();
    const event: CommandEvent = {
      platform: 'console', command: 'digest', subcommand: 'subscribe', user: admin, conversationId: 'console:local',
      options: { topic: 'us-russia', when: 'daily at 07:15', timezone: 'Asia/Tokyo', length: 'detailed' },
    };
    const reply = await router.command(event);
    assert.match(textOf(reply), /daily at 07:15 \(Asia\/Tokyo\)/);
    const [sub] = await store.listSubscriptions({ conversationId: 'console:local' });
    assert.deepEqual([sub.cron, sub.timezone, sub.length], ['15 7 * * *', 'Asia/Tokyo', 'detailed']);
  });

  it('shows refusals and validation errors to the person, ephemerally', async () => {
    const { run } = bot();
    const denied = await run('subscribe us-russia daily at 08:00', member);
    assert.equal(denied.ephemeral, true);
    assert.equal(textOf(denied), permissionMessage(PERMISSION, member));
    assert.match(textOf(await run('subscribe us-russia every 5 minutes')), /at most every 15 minutes/);
    assert.match(textOf(await run('subscribe us-russia daily at 08:00 Europe/Berln')), /Did you mean "Europe\/Berlin"/);
    assert.match(textOf(await run('subscribe nope')), /There is no topic `nope`/);
    assert.match(textOf(await run('unsubscribe')), /Missing id/);
    assert.match(textOf(await run('')), /needs a subcommand/);
  });

  it('says so when digests are not enabled', async () => {
    const { run } = bot(false);
    assert.equal(textOf(await run('list')), 'Digests are not enabled on this bot.');
  });

  it('maps cleanly onto Discord: subcommands with typed options, short descriptions, required first', () => {
    assert.deepEqual(digestCommand.subcommands?.map((s) => s.name), ['subscribe', 'list', 'unsubscribe', 'preview']);
    for (const sub of digestCommand.subcommands ?? []) {
      assert.ok(sub.description.length <= 100, sub.name);
      let optional = false;
      for (const o of sub.options) {
        assert.match(o.name, /^[a-z0-9_-]{1,32}$/);
        assert.ok(o.description.length <= 100, `${sub.name}.${o.name}`);
        if (!o.required) optional = true;
        else assert.equal(optional, false, `required ${o.name} after an optional option`);
      }
    }
    const subscribe = digestCommand.subcommands?.find((s) => s.name === 'subscribe');
    assert.deepEqual(subscribe?.options.map((o) => [o.name, o.type]), [['topic', 'string'], ['when', 'string'], ['timezone', 'string'], ['length', 'choice']]);
  });

  it('autocompletes topics and timezones', async () => {
    const { router } = bot();
    assert.deepEqual(await router.autocomplete('digest', 'topic', 'us'), ['us-russia']);
    const zones = await router.autocomplete('digest', 'timezone', 'berl');
    assert.deepEqual(zones, ['Europe/Berlin']);
    assert.ok((await router.autocomplete('digest', 'timezone', '')).length <= 25);
  });
});
