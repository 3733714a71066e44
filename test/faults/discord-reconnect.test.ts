// Discord closes the gateway connection (close code 4000, as it does on its side's errors) while
// a brief is being generated: the real discord.js client tries to resume, is told the session is
// gone (op 9) and identifies again. The reply in flight still lands (it goes over REST), new
// commands and mentions are answered once, and events replayed after the reconnect (as a resume
// replays them) are not answered twice. No unhandled rejection.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { startFakeDiscord, type RecordedRequest } from '../fakes/discord/fake-discord.ts';
import { extractiveModel, startFakeOpenAI } from '../fakes/openai-server.ts';
import { startGatewayProxy } from './gateway-proxy.ts';
import { OPENAI_KEY, settle, startRig, waitFor, watchUnhandled } from './rig.ts';

it('gateway closed mid-work: resumes or re-identifies, the reply in flight lands, nothing is answered twice', async () => {
  const unhandled = watchUnhandled();
  const llm = await startFakeOpenAI({ handler: (req) => ({ ...extractiveModel(req), delayMs: 800 }) });
  const fake = await startFakeDiscord();
  const proxy = await startGatewayProxy(fake.apiUrl);
  const rig = await startRig({
    store: createMemoryStore(),
    discord: { fake, apiUrl: proxy.apiUrl },
    env: { OPENAI_BASE_URL: llm.baseURL, OPENAI_API_KEY: OPENAI_KEY, BRIEFBOT_ENGINE: 'openai' },
    configure: (config) => { config.engine.openai.maxRetries = 0; },
  });
  const client = rig.discord!.client;
  const raw = new Map<string, { t: string; d: unknown }>();
  client.on('raw', (packet: { t?: string; d?: { id?: string } }) => {
    if ((packet.t === 'INTERACTION_CREATE' || packet.t === 'MESSAGE_CREATE') && packet.d?.id) raw.set(packet.d.id, { t: packet.t, d: packet.d });
  });
  const reconnects: string[] = [];
  client.on('shardReconnecting', () => reconnects.push('reconnecting'));
  client.on('shardResume', () => reconnects.push('resumed'));
  client.on('shardReady', () => reconnects.push('ready'));

  const app = fake.world.applicationId;
  const callbacks = (id: string) => (r: RecordedRequest) => r.method === 'POST' && r.path.startsWith(`/interactions/${id}/`) && r.path.endsWith('/callback');
  const finalEdit = (token: string) => (r: RecordedRequest) =>
    r.method === 'PATCH' && r.path === `/webhooks/${app}/${token}/messages/@original` && Array.isArray(r.body?.embeds) && r.body.embeds.length > 0;
  const count = (predicate: (r: RecordedRequest) => boolean) => fake.requests.filter(predicate).length;

  try {
    assert.equal(proxy.connections, 1, 'the gateway URL from /gateway/bot points through the proxy');
    const i1 = fake.sendCommand({ name: 'brief', options: { topic: 'us-russia' } });
    await fake.waitForRequest((r) => callbacks(i1.id)(r) && r.status === 204);
    await waitFor(() => llm.chatRequests().length >= 1, 'the brief reached the model');

    proxy.closeGateway(4000, 'Unknown error');
    await waitFor(() => fake.identifies.length >= 2 && proxy.open === 1 && client.isReady(), 'identified again after the close', 20_000);
    await waitFor(() => client.guilds.cache.get(fake.world.guildId)?.available, 'guild back');
    assert.ok(reconnects.includes('reconnecting'), `reconnect events: ${reconnects.join(', ')}`);

    // The brief in flight finished and was delivered once, over REST.
    await fake.waitForRequest(finalEdit(i1.token));
    // After the reconnect: a command and a mention, answered once each.
    const i2 = fake.sendCommand({ name: 'ask', options: { question: 'what did Kirill Dmitriev say?' } });
    await fake.waitForRequest(finalEdit(i2.token));
    const question = fake.sendMessage({ channelId: fake.world.channels.general, content: `<@${fake.world.bot.id}> what did Peskov say?` });
    const answered = (r: RecordedRequest) => r.method === 'POST' && r.path === `/channels/${fake.world.channels.general}/messages` && r.body?.message_reference?.message_id === question.id;
    await fake.waitForRequest(answered);

    // Replays, as a resumed session would deliver them again: ignored.
    for (const id of [i1.id, i2.id, question.id]) {
      const packet = raw.get(id);
      assert.ok(packet, `saw ${id} on the gateway`);
      fake.dispatch(packet.t, packet.d);
    }
    await settle(1500); // longer than a model call: a second answer would have landed
    assert.equal(count(callbacks(i1.id)), 1, 'i1 acknowledged once');
    assert.equal(count(callbacks(i2.id)), 1, 'i2 acknowledged once');
    assert.equal(count(finalEdit(i1.token)), 1, 'i1 answered once');
    assert.equal(count(finalEdit(i2.token)), 1, 'i2 answered once');
    assert.equal(count(answered), 1, 'the mention answered once');
    assert.equal(rig.logger.lines.filter((l) => l.level === 'error').length, 0, JSON.stringify(rig.logger.lines.filter((l) => l.level === 'error')));
  } finally {
    await rig.close();
    await proxy.close();
    await fake.close();
    await llm.close();
    unhandled.dispose();
  }
  assert.deepEqual(unhandled.reasons, [], 'no unhandled rejections');
});
