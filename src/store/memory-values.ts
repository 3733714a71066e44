// Stored values of the in-memory store behave as a database's would: copied in and out, and
// ordered by code point like the databases' text columns.

/** Values go in and out as JSON copies, so callers mutating them cannot change what is stored (as with a database). */
export function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
