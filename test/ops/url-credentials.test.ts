// The user-info of every configured URL (SLACK_API_URL, DISCORD_API_URL, …)
// is a secret: never on stderr, never in the JSON log. Real processes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../../src/core/logger.ts';
import { stripUrlCredentials } from '../../src/core/url-credentials.ts';
import { cleanEnv, runCli, seedsCopy } from '../helpers/process.ts';

describe('passwords in configured URLs', () => {
  it('SLACK_API_URL=http://u:PASS@… : start fails without printing PASS (stderr and JSON log)', async () => {
    const env = cleanEnv({
      LOG_LEVEL: 'debug', SLACK_BOT_TOKEN: 'xoxb-test-123456', SLACK_SIGNING_SECRET: 'signing-secret-1',
      SLACK_API_URL: 'http://u:SlackPass0rd@127.0.0.1:1/api/', BRIEFBOT_SEEDS: seedsCopy(),
    });
    const r = await runCli(['start'], { env, timeoutMs: 40_000 });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /\[redacted\]@127\.0\.0\.1:1/);
    assert.ok(!(r.stdout + r.stderr).includes('SlackPass0rd'), r.stderr);
  });

  it('DISCORD_API_URL=http://u:PASS@… : start --shards auto fails without printing PASS', async () => {
    const env = cleanEnv({ LOG_LEVEL: 'debug', DISCORD_TOKEN: 'discord-token-123', DISCORD_API_URL: 'http://u:DiscordPass0rd@127.0.0.1:1/api', BRIEFBOT_SEEDS: seedsCopy() });
    const r = await runCli(['start', '--shards', 'auto'], { env, timeoutMs: 40_000 });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Could not ask Discord/);
    assert.ok(!(r.stdout + r.stderr).includes('DiscordPass0rd'), r.stderr);
  });

  it('the logger strips URL credentials from any message, even with no secret configured', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', pretty: false, destination: { write: (s: string) => { lines.push(s); } } });
    logger.warn({ err: new Error('fetch failed for https://bob:hunter22@proxy.example/api') }, 'failed at http://x:y@h/');
    assert.ok(!lines.join('').includes('hunter22'), lines.join(''));
    assert.ok(!lines.join('').includes('x:y@'), lines.join(''));
    assert.equal(stripUrlCredentials('a postgres://u:p@db:5432/x b'), 'a postgres://[redacted]@db:5432/x b');
    assert.equal(stripUrlCredentials('mail me at a@b.c'), 'mail me at a@b.c');
  });
});
