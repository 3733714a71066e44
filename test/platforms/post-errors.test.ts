// Each platform marks its own post failures; the scheduler reads only these flags.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { isPermanentDiscordError } from '../../src/platforms/discord/discord-errors.ts';
import { PostError } from '../../src/platforms/post-error.ts';
import { toPostError } from '../../src/platforms/slack/web.ts';
import { backoffMs, isTransientPostError } from '../../src/scheduler/post-retry.ts';

const slackPlatformError = (error: string) => Object.assign(new Error(`An API error occurred: ${error}`), { code: 'slack_webapi_platform_error', data: { ok: false, error } });

it('Slack: a channel that is gone is permanent; a rate limit waits as asked; a glitch is retried', () => {
  const gone = toPostError('chat.postMessage', slackPlatformError('channel_not_found'));
  assert.ok(gone instanceof PostError);
  assert.equal(gone.retryable, false);
  assert.equal(isTransientPostError(gone), false);
  assert.match(gone.message, /channel_not_found/);

  const limited = toPostError('chat.postMessage', Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error', retryAfter: 30 }));
  assert.equal(isTransientPostError(limited), true);
  assert.equal(backoffMs(1, 1000, limited), 30_000);

  const glitch = toPostError('chat.postMessage', slackPlatformError('internal_error'));
  assert.equal(glitch.retryable, undefined);
  assert.equal(isTransientPostError(glitch), true);
});

it('Discord: unknown channel and missing permissions are permanent; a 5xx or a 429 is not', () => {
  assert.equal(isPermanentDiscordError({ code: 10003, status: 404 }), true);
  assert.equal(isPermanentDiscordError({ code: 50013, status: 403 }), true);
  assert.equal(isPermanentDiscordError({ status: 500 }), false);
  assert.equal(isPermanentDiscordError({ status: 429 }), false);
  assert.equal(isPermanentDiscordError(new Error('socket hang up')), false);
});
