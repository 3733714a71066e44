import type { Soft } from './degraded-breaker.ts';
import type { Store } from './store.ts';

// Event dedupe in the degraded store. While the database is down, claims are kept in this
// process: a retry that reaches the same replica is still answered once; one that reaches another
// replica may be answered twice — better than never.

/** Local claims kept at the most; the oldest go first. */
const MAX_LOCAL_CLAIMS = 10_000;

export function createDegradedClaims(store: Store, soft: Soft, now: () => number): Pick<Store, 'claim' | 'release'> {
  /** Claims made while the database was down (event dedupe within this process), bounded. */
  const localClaims = new Map<string, { owner: string; expiresAt: number }>();

  return {
    async claim(key, owner, ttlMs) {
      const held = localClaims.get(key);
      if (held && held.expiresAt > now() && held.owner !== owner) return false;
      const claimed = await soft<boolean | null>('claim', () => store.claim(key, owner, ttlMs), () => null);
      if (claimed !== null) return claimed;
      if (held && held.expiresAt > now()) return held.owner === owner;
      localClaims.delete(key);
      localClaims.set(key, { owner, expiresAt: now() + ttlMs });
      // Map order is insertion order: the first entries are the oldest.
      while (localClaims.size > MAX_LOCAL_CLAIMS) localClaims.delete(localClaims.keys().next().value as string);
      return true;
    },
    async release(key, owner) {
      if (localClaims.get(key)?.owner === owner) localClaims.delete(key);
      await soft('release', () => store.release(key, owner), () => undefined);
    },
  };
}
