// A feed's id is derived from its URL, so the same feed named in the config, in BRIEFBOT_FEEDS
// and from chat is one feed with one id on every replica.
import { createHash } from 'node:crypto';

/** Lowercase scheme and host (URL parsing does both, and drops a default port); no fragment. */
export function normaliseFeedUrl(url: string): string {
  const parsed = new URL(url.trim());
  parsed.hash = '';
  return parsed.toString();
}

/** First 12 hex digits of sha256 of the normalised URL. Throws on a string that is not a URL. */
export function feedSourceId(url: string): string {
  return createHash('sha256').update(normaliseFeedUrl(url)).digest('hex').slice(0, 12);
}
