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

/** Literal strings to scrub for a URL with credentials: its user-info, password and user name, raw and decoded. */
export function urlCredentialSecrets(url: string | null | undefined): string[] {
  if (!url) return [];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const out = new Set<string>();
  for (const part of [parsed.password, parsed.username]) {
    if (!part) continue;
    out.add(part);
    try {
      out.add(decodeURIComponent(part));
    } catch { /* malformed escape: the raw form is enough */ }
  }
  if (parsed.username && parsed.password) out.add(`${parsed.username}:${parsed.password}`);
  // Short parts ("u") would scrub ordinary letters everywhere; the URL strip covers them.
  return [...out].filter((s) => s.length >= 4);
}
