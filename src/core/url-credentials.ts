// The user-info part of a URL (`http://user:password@proxy/`) is a secret in every configured
// URL (SLACK_API_URL, DISCORD_API_URL, OPENAI_BASE_URL, DATABASE_URL), and SDK errors quote
// the URL they failed on. Logs and printed errors go through here.

// Bounded quantifiers keep this linear on any text (a long run of letters with no "://").
const USERINFO = /([a-z][a-z0-9+.-]{0,30}:\/\/)[^\s/@?#]{1,1000}@/gi;

/** `scheme://user:pass@host` → `scheme://[redacted]@host`, for every URL in `text`. */
export function stripUrlCredentials(text: string): string {
  if (!text.includes('@') || !text.includes('://')) return text;
  return text.replace(USERINFO, '$1[redacted]@');
}

/** Literal strings to scrub for a URL with credentials: its password (raw and decoded) and user:password. */
export function urlCredentialSecrets(url: string | null | undefined): string[] {
  if (!url) return [];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const out = new Set<string>();
  if (parsed.password) {
    out.add(parsed.password);
    try {
      out.add(decodeURIComponent(parsed.password));
    } catch { /* malformed escape: the raw form is enough */ }
    out.add(`${parsed.username}:${parsed.password}`);
  }
  // A user name alone is often an ordinary word ("briefbot"): it is removed inside URLs by
  // stripUrlCredentials, not wherever it appears. Very short passwords likewise.
  return [...out].filter((s) => s.length >= 4);
}
