// `slack.command: /news` is the one setting behind the Slack command: `briefbot start` (a real
// process, the real Bolt app in Socket Mode against the fake Slack) registers /news, and the
// router runs its verbs, so `/news help` is help, not a brief on "help".
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createFakeSlack } from '../../fakes/slack/fake-slack.ts';
import { slashCommand } from '../../fakes/slack/payloads.ts';
import { seedsCopy, tempDir } from '../../helpers/process.ts';
import { startBotProcess } from '../../ops/helpers.ts';
import { APP_TOKEN, BOT_TOKEN } from './helpers.ts';

describe('Slack with a custom command name', () => {
  it('/news help shows help and /news topics lists topics when slack.command is /news', async () => {
    const fake = await createFakeSlack({ botToken: BOT_TOKEN, appToken: APP_TOKEN, users: [{ id: 'U1', name: 'ada' }] });
    const config = path.join(tempDir(), 'news.yaml');
    writeFileSync(config, 'slack:\n  command: /news\n');
    const bot = await startBotProcess({
      env: { BRIEFBOT_SEEDS: seedsCopy(), BRIEFBOT_CONFIG: config, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: fake.apiUrl },
    });
    try {
      await fake.waitForConnections(1, 20_000);
      await bot.waitForLog((l) => l.msg === 'briefbot running', 'running');
      /** The reply's text: private (response_url) or posted in the channel. */
      const ask = async (text: string): Promise<string> => {
        const responses = fake.responses.length;
        const posts = fake.callsTo('chat.postMessage').length;
        const envelope = fake.sendEnvelope('slash_commands', slashCommand({ command: '/news', text, responseUrl: fake.responseUrl() }));
        const ack = await fake.waitForAck(envelope, 10_000);
        assert.deepEqual(ack.payload, { response_type: 'ephemeral', text: 'Working on it…' }, `/news ${text} was not acknowledged as the registered command`);
        return fake.waitFor(
          () => fake.responses.slice(responses).find((r) => r.body.response_type === 'ephemeral')?.text ?? fake.callsTo('chat.postMessage').slice(posts)[0]?.text,
          `reply to /news ${text}`,
          20_000,
        );
      };
      const help = await ask('help');
      assert.match(help, /I brief you from the documents I was given/);
      assert.doesNotMatch(help, /Unknown topic|No documents match/);
      const topics = await ask('topics');
      assert.match(topics, /US–Russia relations/);
      assert.doesNotMatch(topics, /Unknown topic|No documents match/);
    } finally {
      bot.child.kill('SIGTERM');
      await bot.exited;
      await fake.close();
    }
  });
});
