// What makes a feed URL acceptable, shared by the config loader and `/feeds add`. Messages never
// quote the URL: it may carry a password.

/** Null when `text` is an http(s) URL without credentials; else why not (safe to show). */
export function feedUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return 'not a URL: give a full address such as https://example.org/feed.xml';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `only http and https feeds can be fetched (this one is ${url.protocol.replace(/:$/, '')})`;
  }
  if (url.username || url.password) return 'credentials in a feed URL are not allowed: remove the user:password@ part';
  if (!url.hostname) return 'the URL has no host';
  return null;
}
