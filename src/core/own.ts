// Lookups in object-literal dictionaries keyed by untrusted text (document words, HTML entity
// names, what users type). `dict[key]` also finds Object.prototype's members, so "constructor",
// "toString" or "__proto__" would return a function or an object instead of undefined.

/** The value stored under `key` itself, never an inherited member. */
export function own<T>(dict: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(dict, key) ? dict[key] : undefined;
}
