// Slack's v0 request signature, checked the way Slack documents it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { verifySlackSignature } from '../../../src/platforms/slack/signature.ts';
import { sign } from '../../fakes/slack/signed-client.ts';

const SECRET = 'test-signing-secret-8f14e45fceea167a';
const NOW_S = 1_740_907_800;
const body = 'token=x&team_id=T1&command=%2Fbrief&text=us-russia';

function check(overrides: { timestamp?: string | string[] | undefined; signature?: string | string[] | undefined; rawBody?: Buffer; nowS?: number } = {}) {
  const timestamp = 'timestamp' in overrides ? overrides.timestamp : String(NOW_S);
  return verifySlackSignature({
    signingSecret: SECRET,
    timestamp,
    signature: 'signature' in overrides ? overrides.signature : sign(SECRET, NOW_S, body),
    rawBody: overrides.rawBody ?? Buffer.from(body),
    nowMs: (overrides.nowS ?? NOW_S) * 1000,
  });
}

describe('Slack request signature', () => {
  it('accepts a correctly signed request', () => {
    assert.deepEqual(check(), { ok: true });
  });

  it('covers the raw bytes, including non-ASCII text', () => {
    const text = 'text=Gespr%C3%A4che&x=ü';
    assert.deepEqual(check({ rawBody: Buffer.from(text), signature: sign(SECRET, NOW_S, text) }), { ok: true });
    assert.deepEqual(check({ rawBody: Buffer.from(text.replace('ü', 'u')), signature: sign(SECRET, NOW_S, text) }), { ok: false, reason: 'bad_signature' });
  });

  it('rejects another secret, a tampered body, a wrong version and malformed signatures', () => {
    assert.deepEqual(check({ signature: sign('not-the-secret', NOW_S, body) }), { ok: false, reason: 'bad_signature' });
    assert.deepEqual(check({ rawBody: Buffer.from(body.replace('us-russia', 'evil')) }), { ok: false, reason: 'bad_signature' });
    const good = sign(SECRET, NOW_S, body);
    for (const signature of [good.replace('v0=', 'v1='), good.slice(3), good.toUpperCase(), `${good}00`, good.slice(0, -2), 'v0=', 'v0=deadbeef', '']) {
      assert.deepEqual(check({ signature }), { ok: false, reason: 'bad_signature' }, signature);
    }
  });

  it('rejects a signature made for another timestamp', () => {
    assert.deepEqual(check({ timestamp: String(NOW_S - 1) }), { ok: false, reason: 'bad_signature' });
  });

  it('rejects timestamps more than five minutes from our clock, either way', () => {
    const at = (ts: number, nowS: number) => check({ timestamp: String(ts), signature: sign(SECRET, ts, body), nowS });
    assert.deepEqual(at(NOW_S - 300, NOW_S), { ok: true });
    assert.deepEqual(at(NOW_S + 300, NOW_S), { ok: true });
    assert.deepEqual(at(NOW_S - 301, NOW_S), { ok: false, reason: 'stale_timestamp' });
    assert.deepEqual(at(NOW_S + 301, NOW_S), { ok: false, reason: 'stale_timestamp' });
  });

  it('rejects missing, repeated and non-numeric headers', () => {
    assert.deepEqual(check({ timestamp: undefined }), { ok: false, reason: 'missing_headers' });
    assert.deepEqual(check({ signature: undefined }), { ok: false, reason: 'missing_headers' });
    assert.deepEqual(check({ signature: [sign(SECRET, NOW_S, body)] }), { ok: false, reason: 'missing_headers' });
    for (const timestamp of ['', 'abc', '1.5e9', '-1', ` ${NOW_S}`, `${NOW_S}x`]) {
      assert.deepEqual(check({ timestamp }), { ok: false, reason: 'bad_timestamp' }, timestamp);
    }
  });
});
