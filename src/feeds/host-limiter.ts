// Politeness: at most `perHost` requests in flight to one host, whatever the number of feeds on
// it; the rest wait in order.

export interface HostLimiter {
  /** Resolves when a slot for `host` is free; call the returned function once to free it. */
  acquire(host: string): Promise<() => void>;
}

export function createHostLimiter(perHost: number): HostLimiter {
  const hosts = new Map<string, { active: number; waiting: Array<() => void> }>();
  return {
    async acquire(host) {
      const key = host.toLowerCase();
      let slot = hosts.get(key);
      if (!slot) {
        slot = { active: 0, waiting: [] };
        hosts.set(key, slot);
      }
      const entry = slot;
      if (entry.active >= perHost) await new Promise<void>((resolve) => entry.waiting.push(resolve));
      else entry.active++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const next = entry.waiting.shift();
        // The slot passes straight to the next waiter, so `active` stays counted.
        if (next) next();
        else if (--entry.active === 0) hosts.delete(key);
      };
    },
  };
}
