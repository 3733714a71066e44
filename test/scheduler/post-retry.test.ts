import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffMs, errorText, isTransientPostError } from '../../src/scheduler/post-retry.ts';

const failure = (flags: Record<string, unknown>) => Object.assign(new Error('post failed'), flags);

describe('post failures: the flags platforms put on their errors', () => {
  it('retryable decides when present', () => {
    assert.equal(isTransientPostError(failure({ retryable: false })), false);
    assert.equal(isTransientPostError(failure({ retryable: true })), true);
    assert.equal(isTransientPostError(failure({ retryable: true, status: 403 })), true, 'the flag wins over the status');
    assert.equal(isTransientPostError(failure({ retryable: false, status: 503 })), false);
  });

  it('without the flag: transient, except an HTTP 4xx other than 408, 425 and 429', () => {
    assert.equal(isTransientPostError(new Error('socket hang up')), true);
    assert.equal(isTransientPostError('a string'), true);
    assert.equal(isTransientPostError(null), true);
    assert.equal(isTransientPostError(failure({ status: 503 })), true);
    assert.equal(isTransientPostError(failure({ status: 404 })), false);
    assert.equal(isTransientPostError(failure({ status: 403 })), false);
    for (const status of [408, 425, 429]) assert.equal(isTransientPostError(failure({ status })), true, `${status}`);
  });

  it('knows no platform: a Slack- or Discord-shaped error without flags is transient', () => {
    assert.equal(isTransientPostError(failure({ code: 'slack_webapi_platform_error', data: { error: 'channel_not_found' } })), true);
    assert.equal(isTransientPostError(failure({ code: 10003 })), true);
  });

  it('backs off exponentially, at least retryAfter seconds, at most a minute', () => {
    assert.deepEqual([1, 2, 3].map((a) => backoffMs(a, 1000)), [1000, 2000, 4000]);
    assert.equal(backoffMs(1, 1000, failure({ retryAfter: 3 })), 3000);
    assert.equal(backoffMs(3, 1000, failure({ retryAfter: 3 })), 4000);
    assert.equal(backoffMs(1, 1000, failure({ retryAfter: 600 })), 60_000);
    assert.equal(backoffMs(1, 1000, failure({ retryAfter: Number.NaN })), 1000);
  });

  it('errorText is one bounded line', () => {
    assert.equal(errorText(new TypeError('a\n  b')), 'TypeError: a b');
    assert.equal(errorText('x'.repeat(400)).length, 300);
  });
});
