// The HTTP receiver's own replay check for slash commands: a verified command whose signature
// was already seen within the signature window is the same bytes sent again. In memory, per
// process; the command dedupe (command-replay.ts) covers replicas.

export interface ReplayGuard {
  /** True the first time this signature is seen within the window. */
  fresh(signature: string): boolean;
}

export function createReplayGuard(options: { windowMs: number; max?: number; now?: () => number }): ReplayGuard {
  const max = options.max ?? 50_000;
  const now = options.now ?? Date.now;
  const seen = new Map<string, number>();
  return {
    fresh(signature) {
      const t = now();
      // Oldest first (insertion order): drop what left the window, and beyond `max`.
      for (const [key, at] of seen) {
        if (t - at <= options.windowMs && seen.size < max) break;
        seen.delete(key);
      }
      if (seen.has(signature)) return false;
      seen.set(signature, t);
      return true;
    },
  };
}
