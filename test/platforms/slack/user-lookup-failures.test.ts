// A failed users.info lookup is cached briefly, so commands from an unknown
// user do not cost one API call each.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '../../../src/core/logger.ts';
import { createUserDirectory } from '../../../src/platforms/slack/users.ts';
import { createFakeSlack } from '../../fakes/slack/fake-slack.ts';
import { slashCommand } from '../../fakes/slack/payloads.ts';
import { createSignedClient } from '../../fakes/slack/signed-client.ts';
import { BOT_TOKEN, createFakeSink, SIGNING_SECRET, startPlatform } from './helpers.ts';

describe('Slack user lookups that fail', () => {
  it('60 commands from an unknown user make one users.info call (real Bolt app, fake Slack)', async () => {
    const fake = await createFakeSlack({ botToken: BOT_TOKEN, users: [{ id: 'U1', name: 'ada' }] });
    const sink = createFakeSink({ fake });
    const platform = await startPlatform(fake, sink, 'http');
    const client = createSignedClient({ url: `http://127.0.0.1:${platform.address()!.port}/slack/events`, signingSecret: SIGNING_SECRET });
    try {
      for (let i = 0; i < 60; i++) {
        const res = await client.command(slashCommand({ text: 'topics', user: 'UGHOST', responseUrl: fake.responseUrl() }));
        assert.equal(res.status, 200);
      }
      await fake.waitFor(() => sink.commands.length === 60 || null, 'all commands handled');
      assert.equal(fake.callsTo('users.info').length, 1);
      assert.ok(sink.commands.every((c) => c.user.isAdmin === false));
    } finally {
      client.close();
      await platform.stop();
      await fake.close();
    }
  });

  it('retries a failed lookup after failureTtlMs, and a good one is cached for ttlMs', async () => {
    let t = 0;
    let calls = 0;
    let known = false;
    const client = {
      users: {
        info: async () => {
          calls++;
          if (!known) throw Object.assign(new Error('An API error occurred: user_not_found'), { code: 'slack_webapi_platform_error', data: { ok: false, error: 'user_not_found' } });
          return { ok: true, user: { name: 'ghost', is_admin: true } };
        },
      },
    };
    const users = createUserDirectory({ client: client as never, logger: silentLogger, failureTtlMs: 60_000, ttlMs: 600_000, now: () => t });
    for (let i = 0; i < 300; i++) await users.get('UGHOST');
    assert.equal(calls, 1);
    t = 61_000;
    known = true;
    const user = await users.get('UGHOST');
    assert.equal(calls, 2);
    assert.equal(user.isAdmin, true);
    t = 500_000;
    await users.get('UGHOST');
    assert.equal(calls, 2);
  });
});
