// Slack asks the bot to reconnect (Socket Mode `disconnect`) while a brief is being generated
// and an event is in flight: the real bot (router, openai engine against a slow fake LLM, real
// Bolt SocketModeReceiver) reconnects, finishes what it had, answers what comes on the new
// connection, and answers each redelivered event once. Nothing lost, nothing doubled, no
// unhandled rejection.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { extractiveModel, startFakeOpenAI } from '../fakes/openai-server.ts';
import { createFakeSlack } from '../fakes/slack/fake-slack.ts';
import { appMentionEvent, eventCallback, slashCommand } from '../fakes/slack/payloads.ts';
import { APP_TOKEN, BOT_TOKEN, OPENAI_KEY, settle, slackReplies, startRig, waitFor, watchUnhandled } from './rig.ts';

it('Socket Mode disconnect mid-work: reconnects, finishes the brief in flight, answers each event once', async () => {
  const unhandled = watchUnhandled();
  const llm = await startFakeOpenAI({ handler: (req) => ({ ...extractiveModel(req), delayMs: 700 }) });
  const fake = await createFakeSlack({ botToken: BOT_TOKEN, appToken: APP_TOKEN, users: [{ id: 'U1', name: 'ada' }] });
  const rig = await startRig({
    store: createMemoryStore(),
    slack: { fake, mode: 'socket' },
    env: { OPENAI_BASE_URL: llm.baseURL, OPENAI_API_KEY: OPENAI_KEY, BRIEFBOT_ENGINE: 'openai' },
    configure: (config) => { config.engine.openai.maxRetries = 0; },
  });
  try {
    assert.equal(fake.connections, 1);
    // On the first connection: a brief (slow: the model takes 700 ms) and a mention.
    const a = fake.sendEnvelope('slash_commands', slashCommand({ text: 'us-russia', channel: 'CA', responseUrl: fake.responseUrl() }));
    await fake.waitForAck(a);
    const mention = eventCallback(appMentionEvent({ text: '<@UBOT> what did Peskov say?', ts: '1800000001.000100', channel: 'CF' }), { eventId: 'EvF' });
    const f = fake.sendEnvelope('events_api', mention);
    await fake.waitFor(() => llm.chatRequests().length >= 1, 'the brief reached the model');

    // Slack rotates the connection while both are being worked on.
    fake.disconnect('refresh_requested');
    await fake.waitForConnections(2);
    await fake.waitFor(() => rig.slack!.isReady?.() === true && fake.openConnections === 1, 'ready on the new connection');
    assert.equal(fake.callsTo('apps.connections.open').length, 2, 'a fresh URL for the new connection');

    // Slack redelivers the mention on the new connection (it may not have seen the ack).
    const fRetry = fake.sendEnvelope('events_api', mention, { retry_attempt: 1, retry_reason: 'timeout' });
    // New work on the new connection, one event delivered twice.
    const b = fake.sendEnvelope('slash_commands', slashCommand({ text: 'ask what did Kirill Dmitriev say?', channel: 'CB', responseUrl: fake.responseUrl() }));
    const g = eventCallback(appMentionEvent({ text: '<@UBOT> where were the talks?', ts: '1800000002.000100', channel: 'CG' }), { eventId: 'EvG' });
    const g1 = fake.sendEnvelope('events_api', g);
    const g2 = fake.sendEnvelope('events_api', g, { retry_attempt: 1, retry_reason: 'timeout' });
    for (const id of [fRetry, b, g1, g2]) {
      const ack = await fake.waitForAck(id);
      assert.equal(ack.connection, 2, `${id} acked on the new connection`);
    }

    for (const channel of ['CA', 'CF', 'CB', 'CG']) await waitFor(() => slackReplies(fake, channel).length >= 1, `reply in ${channel}`);
    await settle(1000); // longer than a model call: a doubled answer would have landed by now
    for (const channel of ['CA', 'CF', 'CB', 'CG']) assert.equal(slackReplies(fake, channel).length, 1, `exactly one reply in ${channel}`);
    assert.match(slackReplies(fake, 'CA')[0].blocks, /Engine: openai/, 'the brief in flight finished normally');

    // Every envelope acked at most once; nothing the bot acked went unanswered.
    const ackCounts = new Map<string, number>();
    for (const ack of fake.acks) ackCounts.set(ack.envelopeId, (ackCounts.get(ack.envelopeId) ?? 0) + 1);
    assert.ok([...ackCounts.values()].every((n) => n === 1), 'no envelope acked twice');
    assert.ok(ackCounts.has(f) || ackCounts.has(fRetry));
    assert.equal(rig.logger.lines.filter((l) => l.level === 'error').length, 0, JSON.stringify(rig.logger.lines.filter((l) => l.level === 'error')));
  } finally {
    await rig.close();
    await fake.close();
    await llm.close();
    unhandled.dispose();
  }
  assert.deepEqual(unhandled.reasons, [], 'no unhandled rejections');
});
