// Database URLs carry passwords. Anything that names a database in a message or a log line goes
// through here first, so a connection error can say where it tried to connect but never with what.

/** `host:port/database` of a connection string, without user or password. */
export function describeDatabaseTarget(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    const host = url.hostname || url.searchParams.get('host') || 'localhost';
    const port = url.port || '5432';
    const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || '(default database)';
    return `${host}:${port}/${database}`;
  } catch {
    return '(unparseable database URL)';
  }
}

/**
 * Removes the user-info part of every URL in `text` and any `password=` parameter, and scrubs
 * the literal password of `connectionString` (if given) wherever else it appears.
 */
export function stripCredentials(text: string, connectionString?: string): string {
  let out = text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1')
    .replace(/(password=)[^\s&]*/gi, '$1[redacted]');
  const password = passwordOf(connectionString);
  if (password) out = out.split(password).join('[redacted]');
  return out;
}

function passwordOf(connectionString: string | undefined): string | null {
  if (!connectionString) return null;
  try {
    const url = new URL(connectionString);
    const fromUrl = url.password ? decodeURIComponent(url.password) : '';
    const fromQuery = url.searchParams.get('password') ?? '';
    const password = fromUrl || fromQuery;
    // Very short "passwords" would scrub ordinary words out of messages; the URL strip covers them.
    return password.length >= 4 ? password : null;
  } catch {
    return null;
  }
}
