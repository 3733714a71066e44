// One node-cron task per subscription this replica can post, in the subscription's timezone.
// node-cron asks the task's coordinator before each run, so the claim in the store decides which
// replica posts. The sweep and fireDue run a slot through the very same coordinator + callback
// pair (runSlot), in node-cron's order, so tests on an injected clock exercise what node-cron runs.
import type { RunCoordinator } from 'node-cron';
import type { Logger } from '../core/logger.ts';
import type { DeliveryStatus } from '../store/store.ts';
import type { Subscription } from './digest-types.ts';
import { fireKeyOf, floorMinute } from './fire-keys.ts';
import type { FiresInFlight } from './fires-in-flight.ts';
import type { CronScheduler, CronTask, FireOutcome, ObserveFire } from './scheduler-types.ts';

export interface Binding {
  sub: Subscription;
  /** node-cron task name; the coordinator key is `${name}:${slot ISO}`. */
  name: string;
  task: CronTask | null;
  coordinator: RunCoordinator;
  onTick(context: { date: Date }): Promise<FireOutcome>;
}

export interface BindingDeps {
  cron: CronScheduler;
  logger: Logger;
  /** A claim older than this belongs to a dead replica. */
  leaseMs: number;
  hasPlatform(platform: string): boolean;
  inFlight: FiresInFlight;
  /** Claims a fire for this replica; false when another replica has it. */
  claim(sub: Subscription, slot: Date): Promise<boolean>;
  /** Delivers a claimed fire. */
  deliver(subscriptionId: string, scheduledAt: Date, late: boolean): Promise<DeliveryStatus>;
  observe: ObserveFire;
  /** The store failed: sweep often until it answers. */
  storeFailing(): void;
  requestSweep(): void;
  /** node-cron tasks exist only while the scheduler runs. */
  canSchedule(): boolean;
}

export interface CronBindings {
  /** Schedules a subscription (or updates it in place when its schedule is unchanged). */
  bind(sub: Subscription): void;
  unbind(id: string): void;
  /** Binds every subscription given and unbinds the others. */
  sync(subs: readonly Subscription[]): void;
  /** Creates the node-cron task of every binding that has none yet. */
  scheduleAll(): void;
  /** Destroys every node-cron task (the bindings stay, for fireDue). */
  destroyAll(): Promise<void>;
  all(): Binding[];
  readonly size: number;
  /** Exactly what node-cron's runner does for a slot: ask the coordinator, then run the callback. */
  runSlot(binding: Binding, slot: Date): Promise<FireOutcome>;
}

function notClaimed(subscriptionId: string, scheduledAt: Date): FireOutcome {
  return { subscriptionId, scheduledAt: floorMinute(scheduledAt).toISOString(), late: false, status: 'not-claimed' };
}

/** The coordinator + callback pair node-cron gets for one subscription. */
export function makeBinding(deps: BindingDeps, sub: Subscription): Binding {
  const { logger, inFlight } = deps;
  const name = `digest:${sub.id}`;
  const binding: Binding = {
    sub,
    name,
    task: null,
    coordinator: {
      async shouldRun(key) {
        const slot = new Date(key.slice(name.length + 1));
        if (Number.isNaN(slot.getTime())) return false;
        try {
          return await deps.claim(binding.sub, slot);
        } catch (error) {
          // The fire cannot be recorded, so it is not posted now; the sweep records and
          // delivers it once the store answers again.
          deps.storeFailing();
          throw error;
        }
      },
    },
    async onTick(context) {
      const scheduledAt = floorMinute(context.date);
      const fireKey = fireKeyOf(binding.sub.id, scheduledAt);
      const claim = inFlight.get(fireKey);
      if (!claim) {
        // node-cron only calls back after shouldRun said yes; anything else is not ours to send.
        logger.warn({ fireKey }, 'digest callback without a claim by this replica; ignored');
        return notClaimed(binding.sub.id, scheduledAt);
      }
      try {
        const status = await inFlight.serialize(binding.sub.id, () => deps.deliver(binding.sub.id, scheduledAt, claim.late));
        deps.observe(binding.sub.id, status, claim.late);
        return { subscriptionId: binding.sub.id, scheduledAt: scheduledAt.toISOString(), late: claim.late, status };
      } catch (error) {
        // A store error mid-fire: the row stays `claimed` and resolves as `unknown` after the lease.
        logger.error({ err: error, fireKey }, 'digest fire crashed');
        deps.observe(binding.sub.id, 'error', claim.late);
        throw error;
      } finally {
        inFlight.end(fireKey);
      }
    },
  };
  return binding;
}

/** Exactly what node-cron's runner does for a slot: ask the coordinator, then run the callback. */
export async function runSlot(deps: Pick<BindingDeps, 'leaseMs' | 'logger' | 'storeFailing'>, binding: Binding, slot: Date): Promise<FireOutcome> {
  const key = `${binding.name}:${slot.toISOString()}`;
  let allowed: boolean;
  try {
    allowed = await binding.coordinator.shouldRun(key, deps.leaseMs);
  } catch (error) {
    deps.storeFailing();
    deps.logger.error({ err: error, key }, 'claiming a digest fire failed');
    return notClaimed(binding.sub.id, slot);
  }
  if (!allowed) return notClaimed(binding.sub.id, slot);
  try {
    return await binding.onTick({ date: slot });
  } finally {
    await binding.coordinator.onComplete?.(key);
  }
}

/** node-cron's own log lines, into ours. */
function cronLogger(logger: Logger) {
  const text = (message: string | Error) => String(message instanceof Error ? message.message : message);
  return {
    info: (message: string) => logger.debug({ source: 'node-cron' }, message),
    warn: (message: string) => logger.warn({ source: 'node-cron' }, message),
    error: (message: string | Error, err?: Error) => logger.error({ source: 'node-cron', err: err ?? message }, text(message)),
    debug: (message: string | Error) => logger.debug({ source: 'node-cron' }, text(message)),
  };
}

export function createCronBindings(deps: BindingDeps): CronBindings {
  const { logger } = deps;
  const bindings = new Map<string, Binding>();
  const warnedPlatforms = new Set<string>();
  const log = cronLogger(logger);

  function schedule(binding: Binding): void {
    if (!deps.canSchedule() || binding.task) return;
    const { sub } = binding;
    binding.task = deps.cron.schedule(sub.cron, (context) => binding.onTick(context), {
      timezone: sub.timezone,
      name: binding.name,
      noOverlap: true,
      distributed: true,
      runCoordinator: binding.coordinator,
      distributedLease: deps.leaseMs,
      logger: log,
    });
    // node-cron skips slots it could not hit on time (busy event loop, a suspended machine) and
    // reports each one. A sweep applies the catch-up rule to them all at once: the newest is
    // delivered (late if it is), older ones recorded missed — not one late digest per slot.
    binding.task.on('execution:missed', () => deps.requestSweep());
  }

  function bind(sub: Subscription): void {
    if (!deps.hasPlatform(sub.platform)) {
      if (!warnedPlatforms.has(sub.platform)) {
        warnedPlatforms.add(sub.platform);
        logger.warn({ platform: sub.platform }, 'digests for a platform this replica does not run are left to other replicas');
      }
      return;
    }
    const existing = bindings.get(sub.id);
    if (existing && existing.sub.cron === sub.cron && existing.sub.timezone === sub.timezone) {
      existing.sub = sub;
      return;
    }
    if (existing) unbind(sub.id);
    const binding = makeBinding(deps, sub);
    bindings.set(sub.id, binding);
    schedule(binding);
  }

  function unbind(id: string): void {
    const binding = bindings.get(id);
    if (!binding) return;
    bindings.delete(id);
    if (binding.task) void Promise.resolve(binding.task.destroy()).catch((error) => logger.warn({ err: error }, 'destroying a cron task failed'));
  }

  return {
    bind,
    unbind,
    sync(subs) {
      const ids = new Set(subs.map((s) => s.id));
      for (const sub of subs) bind(sub);
      for (const id of [...bindings.keys()]) if (!ids.has(id)) unbind(id);
    },
    scheduleAll() {
      for (const binding of bindings.values()) schedule(binding);
    },
    async destroyAll() {
      for (const binding of bindings.values()) {
        if (binding.task) await Promise.resolve(binding.task.destroy()).catch(() => undefined);
        binding.task = null;
      }
    },
    all: () => [...bindings.values()],
    get size() { return bindings.size; },

    runSlot: (binding, slot) => runSlot(deps, binding, slot),
  };
}
