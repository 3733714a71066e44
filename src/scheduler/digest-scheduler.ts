// Scheduled digests: node-cron fires each subscription in its timezone; the Store decides which
// replica delivers a fire (node-cron's RunCoordinator hook → `store.claimDelivery`), so N
// replicas post once. A periodic sweep (reload subscriptions + fire what is due) catches what
// node-cron could not: fires missed while the bot was down (catch-up), subscriptions made on
// another replica, and fires whose claimer died mid-send (marked `unknown`, never re-sent).
//
// Tests drive `fireDue()`: it runs a fire through the very coordinator + callback pair that is
// handed to node-cron, in the same order node-cron's runner calls them, so the injected-clock
// path and the real-timer path share every line that matters.
//
// This file only wires the parts: cron-bindings (node-cron tasks), deliver-fire (one fire),
// fire-sweep (catch-up), sweep-loop (when sweeps run) and the DigestService `/digest` talks to.
import { setTimeout as delay } from 'node:timers/promises';
import cron from 'node-cron';
import type { Logger } from '../core/logger.ts';
import { syncConfigDigests } from './config-sync.ts';
import { createCronBindings } from './cron-bindings.ts';
import { claimFire, deliverFire, postNotice, type FireDeps } from './deliver-fire.ts';
import { createDigestService } from './digest-service.ts';
import { sweepAll } from './fire-sweep.ts';
import { createFiresInFlight } from './fires-in-flight.ts';
import type { DigestScheduler, DigestSchedulerOptions, ObserveFire, SchedulerTimers } from './scheduler-types.ts';
import { createSweepLoop } from './sweep-loop.ts';

export { fireKeyOf } from './fire-keys.ts';
export type {
  CronScheduler, CronTask, DeliverReply, DigestScheduler, DigestSchedulerOptions, FireOutcome, SchedulerTimers,
} from './scheduler-types.ts';

const defaultTimers: SchedulerTimers = {
  setInterval(fn, ms) {
    const handle = setInterval(fn, ms);
    // The loop alone must not keep a process alive; node-cron's tasks and the platforms do.
    handle.unref();
    return handle;
  },
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
  sleep: (ms, signal) => delay(ms, undefined, { signal }).catch(() => undefined),
};

/** Whether node-cron tasks may exist (started) and whether new work is refused (stopping). */
interface RunState { started: boolean; stopping: boolean }

/** The parts, each given its collaborators; they reach each other only through these closures. */
function wireParts(options: DigestSchedulerOptions, logger: Logger, timers: SchedulerTimers, state: RunState) {
  const { store, services, clock, owner, deliver, hasPlatform } = options;
  const settings = options.config.digest;
  const leaseMs = options.leaseMs ?? 15 * 60_000;
  const onTimeGraceMs = options.onTimeGraceMs ?? 2 * 60_000;
  const isStopping = () => state.stopping;
  const inFlight = createFiresInFlight();
  const observe: ObserveFire = (subscriptionId, status, late) => {
    try {
      options.onFire?.({ subscriptionId, status, late });
    } catch {
      // An observer must never change a delivery.
    }
  };
  const fireDeps: FireDeps = {
    store, services, deliver, hasPlatform, logger, sleep: timers.sleep,
    maxAttempts: settings.maxAttempts, retryBaseMs: options.retryBaseMs ?? 1_000, isStopping,
  };
  const bindings = createCronBindings({
    cron: options.cron ?? cron, logger, leaseMs, hasPlatform, inFlight, observe,
    claim: (sub, slot) => claimFire({ store, clock, owner, onTimeGraceMs, inFlight, isStopping }, sub, slot),
    deliver: (subscriptionId, scheduledAt, late) => deliverFire(fireDeps, subscriptionId, scheduledAt, late),
    storeFailing: () => loop.storeFailing(),
    requestSweep: () => loop.request(),
    canSchedule: () => state.started && !state.stopping,
  });
  const loop = createSweepLoop({
    timers, clock, logger, storeRetryMs: options.storeRetryMs ?? 5_000,
    reload: async () => bindings.sync(await store.listSubscriptions()),
    sweep: (now) => sweepAll({
      store, owner, logger, inFlight, leaseMs, onTimeGraceMs, observe, isStopping,
      lookbackMs: options.lookbackMs ?? 7 * 24 * 60 * 60_000,
      catchUpWindowMinutes: settings.catchUpWindowMinutes,
      notice: (sub, text) => postNotice(fireDeps, sub, text),
      runSlot: (binding, slot) => bindings.runSlot(binding, slot),
    }, bindings.all(), now),
    isStarted: () => state.started,
    isStopping,
  });
  return { inFlight, bindings, loop };
}

export function createDigestScheduler(options: DigestSchedulerOptions): DigestScheduler {
  const { store, services, clock } = options;
  const logger = options.logger.child({ component: 'digests', owner: options.owner });
  const settings = options.config.digest;
  const timers = options.timers ?? defaultTimers;
  const state: RunState = { started: false, stopping: false };
  const { inFlight, bindings, loop } = wireParts(options, logger, timers, state);
  let interval: unknown = null;

  const service = createDigestService({
    store,
    services,
    clock,
    settings,
    canPost: options.hasPlatform,
    onSubscribed: (sub) => bindings.bind(sub),
    onUnsubscribed: (id) => bindings.unbind(id),
  });

  return {
    service,
    fireDue: (now) => loop.run(now),

    async start() {
      if (state.started) return;
      state.stopping = false;
      await syncConfigDigests(options.config.digests, {
        store, topics: services.topics, minIntervalMinutes: settings.minIntervalMinutes, clock, logger,
      });
      state.started = true;
      bindings.sync(await store.listSubscriptions());
      bindings.scheduleAll();
      logger.info({ subscriptions: bindings.size }, 'digest scheduler started');
      const caught = await loop.run();
      if (caught.length) logger.info({ fires: caught.map((f) => `${f.subscriptionId}@${f.scheduledAt}:${f.status}`) }, 'digest catch-up done');
      // Coalesced: a sweep still busy (a slow post) does not pile up more behind it.
      interval = timers.setInterval(() => loop.request(), options.reloadIntervalMs ?? 60_000);
    },

    async stop() {
      state.stopping = true;
      if (interval !== null) timers.clearInterval(interval);
      interval = null;
      loop.stopRetrying();
      await bindings.destroyAll();
      state.started = false;
      // Fires already claimed are finished, not abandoned (bounded: a hung post must not hang shutdown).
      const pending: Array<Promise<unknown>> = [...inFlight.ending(), loop.idle()];
      const timeout = new AbortController();
      await Promise.race([Promise.allSettled(pending), timers.sleep(options.stopTimeoutMs ?? 10_000, timeout.signal)]);
      timeout.abort();
      const left = inFlight.keys();
      if (left.length) {
        logger.warn({ fires: left }, 'stopped with digest fires in flight; other replicas resolve them as unknown after the lease');
      }
    },
  };
}
