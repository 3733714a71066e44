import { createHash } from 'node:crypto';

// The same story reached by a tracking link, a fragment or an upper-case host is one article:
// ids hash the canonical URL, so feeds, replicas and restarts agree on them.

/** Query parameters that only say where a click came from. */
const TRACKING = /^(utm_[a-z0-9_]*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|yclid|igshid|_hsenc|_hsmi|mkt_tok|oly_anon_id|oly_enc_id|vero_id|ref_src)$/i;

/** Lowercase scheme and host, no fragment, no default port, no tracking parameters; order kept. */
export function canonicalUrl(url: string): string {
  const u = new URL(url);
  u.hash = '';
  u.username = '';
  u.password = '';
  u.hostname = u.hostname.toLowerCase();
  const kept = [...u.searchParams].filter(([key]) => !TRACKING.test(key));
  if (kept.length !== [...u.searchParams].length) {
    u.search = kept.length ? new URLSearchParams(kept).toString() : '';
  }
  return u.href;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** First 12 hex of sha256 of the canonical URL. */
export function articleId(canonical: string): string {
  return sha256Hex(canonical).slice(0, 12);
}

const SHINGLE = 3;
/** Below this word-shingle overlap an edit is a new version, not a typo fix or a tweak. */
const SAME_TEXT = 0.9;

/**
 * True when `newText` differs from `oldText` by more than touch-ups: word 3-shingle Jaccard
 * below 0.9, or a number that appeared or vanished (casualty counts, scores, prices matter even
 * when everything else stands).
 */
export function changedMaterially(oldText: string, newText: string): boolean {
  const a = words(oldText);
  const b = words(newText);
  if (a.join(' ') === b.join(' ')) return false;
  if (!sameSet(numbers(a), numbers(b))) return true;
  return jaccard(shingles(a), shingles(b)) < SAME_TEXT;
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:[.,][\p{N}]+)*/gu) ?? [];
}

function numbers(ws: string[]): Set<string> {
  return new Set(ws.filter((w) => /\p{N}/u.test(w)));
}

function shingles(ws: string[]): Set<string> {
  const out = new Set<string>();
  if (ws.length < SHINGLE) {
    if (ws.length) out.add(ws.join(' '));
    return out;
  }
  for (let i = 0; i + SHINGLE <= ws.length; i++) out.add(ws.slice(i, i + SHINGLE).join(' '));
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let both = 0;
  for (const s of a) if (b.has(s)) both++;
  return both / (a.size + b.size - both);
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
