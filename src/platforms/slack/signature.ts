// Slack's request signing (HTTP mode): x-slack-signature = "v0=" + hex(HMAC-SHA256(signing secret,
// "v0:" + x-slack-request-timestamp + ":" + raw body)). A request is Slack's only when the
// signature matches, compared in constant time, and the timestamp is within five minutes of our
// clock (either way, as Slack's own verification samples do). That alone only bounds replays to
// those five minutes: within them, the HTTP receiver refuses a signature it has already seen
// (replay-guard.ts, per process) and the platform answers each command's trigger_id once
// (command-replay.ts, across replicas through the store).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const MAX_SKEW_SECONDS = 5 * 60;

export type SignatureVerdict = { ok: true } | { ok: false; reason: 'missing_headers' | 'bad_timestamp' | 'stale_timestamp' | 'bad_signature' };

export interface SignatureInput {
  signingSecret: string;
  /** x-slack-request-timestamp (seconds since the epoch). */
  timestamp: string | string[] | undefined;
  /** x-slack-signature. */
  signature: string | string[] | undefined;
  /** The body exactly as received: the signature covers bytes, not a re-encoding of them. */
  rawBody: Buffer;
  /** Milliseconds since the epoch. */
  nowMs: number;
}

const SIGNATURE = /^v0=[0-9a-f]{64}$/;
const TIMESTAMP = /^\d{1,12}$/;

export function verifySlackSignature(input: SignatureInput): SignatureVerdict {
  const { timestamp, signature } = input;
  if (typeof timestamp !== 'string' || typeof signature !== 'string') return { ok: false, reason: 'missing_headers' };
  if (!TIMESTAMP.test(timestamp)) return { ok: false, reason: 'bad_timestamp' };
  if (Math.abs(Math.floor(input.nowMs / 1000) - Number(timestamp)) > MAX_SKEW_SECONDS) return { ok: false, reason: 'stale_timestamp' };
  // The shape is public knowledge; only the digest comparison must not leak timing.
  if (!SIGNATURE.test(signature)) return { ok: false, reason: 'bad_signature' };
  const expected = createHmac('sha256', input.signingSecret).update(`v0:${timestamp}:`).update(input.rawBody).digest();
  const given = Buffer.from(signature.slice(3), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? { ok: true } : { ok: false, reason: 'bad_signature' };
}
