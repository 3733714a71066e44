// A captured signed slash command cannot be replayed within the five minutes its signature
// stays valid. The real Bolt app in HTTP mode against the fake Slack.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { slashCommand } from '../../fakes/slack/payloads.ts';
import { createFakeSink, sleep, startHttpRig } from './helpers.ts';

const rig = () => startHttpRig((fake) => createFakeSink({ fake }));

describe('Slack slash command replay', () => {
  it('the same signed form body sent 3 times gives one brief; the copies get 401', async () => {
    const r = await rig();
    try {
      const fields = slashCommand({ text: 'us-russia', responseUrl: r.fake.responseUrl() });
      const timestamp = Math.floor(Date.now() / 1000);
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await r.client.command(fields, { timestamp })).status);
      assert.deepEqual(statuses, [200, 401, 401]);
      await r.fake.waitFor(() => r.fake.callsTo('chat.postMessage')[0], 'brief posted');
      await sleep(200);
      assert.equal(r.sink.commands.length, 1);
      assert.equal(r.fake.callsTo('chat.postMessage').length, 1);
    } finally {
      await r.close();
    }
  });

  it('a command whose trigger_id was already answered is not answered again (a replay that reached another replica)', async () => {
    const r = await rig();
    try {
      const fields = slashCommand({ text: 'us-russia', responseUrl: r.fake.responseUrl() });
      // Signed afresh each time, so only the trigger_id says it is the same invocation.
      const first = await r.client.command(fields, { timestamp: Math.floor(Date.now() / 1000) });
      const second = await r.client.command(fields, { timestamp: Math.floor(Date.now() / 1000) - 1 });
      assert.deepEqual([first.status, second.status], [200, 200]);
      await r.fake.waitFor(() => r.fake.callsTo('chat.postMessage')[0], 'brief posted');
      await sleep(200);
      assert.equal(r.sink.commands.length, 1);
      const other = await r.client.command(slashCommand({ text: 'us-russia', responseUrl: r.fake.responseUrl() }));
      assert.equal(other.status, 200);
      await r.fake.waitFor(() => r.sink.commands.length === 2 || null, 'a new command is answered');
    } finally {
      await r.close();
    }
  });
});
