// The fires this replica claimed and has not finished. The sweep must not mistake them for fires
// of a dead replica, stop() waits for them rather than abandon a claim, and the fires of one
// subscription run one at a time, so two never compute "what is new" at once.

export interface FiresInFlight {
  begin(fireKey: string, late: boolean): void;
  /** The claim begin() made; undefined when this replica did not claim the fire. */
  get(fireKey: string): { late: boolean } | undefined;
  has(fireKey: string): boolean;
  end(fireKey: string): void;
  keys(): string[];
  /** One promise per fire in flight now, each settling when that fire ends. */
  ending(): Array<Promise<void>>;
  /** Runs `work` after every earlier work of the same subscription has settled. */
  serialize<T>(subscriptionId: string, work: () => Promise<T>): Promise<T>;
}

export function createFiresInFlight(): FiresInFlight {
  const active = new Map<string, { late: boolean; ended: Promise<void>; resolve(): void }>();
  const queues = new Map<string, Promise<unknown>>();

  return {
    begin(fireKey, late) {
      let resolve!: () => void;
      const ended = new Promise<void>((r) => { resolve = r; });
      active.set(fireKey, { late, ended, resolve });
    },
    get: (fireKey) => active.get(fireKey),
    has: (fireKey) => active.has(fireKey),
    end(fireKey) {
      const claim = active.get(fireKey);
      active.delete(fireKey);
      claim?.resolve();
    },
    keys: () => [...active.keys()],
    ending: () => [...active.values()].map((a) => a.ended),
    serialize(subscriptionId, work) {
      const previous = queues.get(subscriptionId) ?? Promise.resolve();
      const next = previous.then(work, work);
      const settled = next.catch(() => undefined);
      queues.set(subscriptionId, settled);
      void settled.then(() => { if (queues.get(subscriptionId) === settled) queues.delete(subscriptionId); });
      return next;
    },
  };
}
