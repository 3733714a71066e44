// Scheduled digests: node-cron fires each subscription in its timezone; the Store decides which
// replica delivers a fire (node-cron's RunCoordinator hook → `store.claimDelivery`), so N
// replicas post once. A periodic sweep (reload subscriptions + fire what is due) catches what
// node-cron could not: fires missed while the bot was down (catch-up), subscriptions made on
// another replica, and fires whose claimer died mid-send (marked `unknown`, never re-sent).
//
// Tests drive `fireDue()`: it runs a fire through the very coordinator + callback pair that is
// handed to node-cron, in the same order node-cron's runner calls them, so the injected-clock
// path and the real-timer path share every line that matters.
import { setTimeout as delay } from 'node:timers/promises';
import cron, { type RunCoordinator, type TaskOptions } from 'node-cron';
import type { DigestConfig } from '../config/schema.ts';
import type { Reply, Services } from '../../commands/command-types.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { ChatPlatform } from '../platforms/platform-types.ts';
import type { DigestService, Subscription } from './digest-types.ts';
import type { Delivery, DeliveryStatus, Store } from '../store/store.ts';
import { syncConfigDigests } from './config-sync.ts';
import { buildDigest, seenMap } from './digest-content.ts';
import { createDigestService, type DigestSettings } from './digest-service.ts';
import { backoffMs, errorText, isTransientPostError } from './post-retry.ts';
import { digestTitle, formatWallTime } from './describe-schedule.ts';
import { firesBetween } from './fire-times.ts';

export type { DigestSettings } from './digest-service.ts';

/** The part of a node-cron task the scheduler uses (a fake in tests). */
export interface CronTask {
  stop(): void | Promise<void>;
  destroy(): void | Promise<void>;
  on(event: 'execution:missed', listener: (context: { date: Date }) => void): void;
}

/** `node-cron`'s `schedule`, or a fake that records tasks (tests). */
export interface CronScheduler {
  schedule(expression: string, fn: (context: { date: Date }) => Promise<unknown>, options: TaskOptions): CronTask;
}

export interface SchedulerTimers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  /** Resolves after `ms` (or early when `signal` aborts). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export type PostedHook = (conversationId: string, reply: Reply, info: { messageId: string; subscriptionId: string }) => Promise<void>;

export interface DigestSchedulerOptions {
  store: Store;
  services: Pick<Services, 'briefing' | 'topics'>;
  platforms: ReadonlyMap<string, Pick<ChatPlatform, 'post'>>;
  /** After a digest is posted (conversation memory, so the thread can ask follow-ups). */
  onPosted?: PostedHook;
  clock: Clock;
  logger: Logger;
  config: { digests: readonly DigestConfig[]; digest: DigestSettings };
  /** This replica's id; recorded as the owner of the fires it claims. */
  owner: string;
  timers?: SchedulerTimers;
  cron?: CronScheduler;
  /** A claimed fire not updated for this long belongs to a dead replica (default 15 min). */
  leaseMs?: number;
  /** Subscriptions are reloaded from the store and due fires swept this often (default 60 s). */
  reloadIntervalMs?: number;
  /** stop() waits at most this long for fires in flight (default 10 s). */
  stopTimeoutMs?: number;
  /** A fire delivered within this long of its time is on time, not late (default 2 min). */
  onTimeGraceMs?: number;
  /** First retry delay of a failed post; doubles each attempt (default 1 s). */
  retryBaseMs?: number;
  /** Fires older than this are not even recorded as missed (default 7 days). */
  lookbackMs?: number;
  /** While the store is failing, sweeps are retried this often, so catch-up posts soon after it returns (default 5 s). */
  storeRetryMs?: number;
  /** Observes each fire this replica claimed (metrics): its final status, or `error` when it crashed. */
  onFire?: (info: { subscriptionId: string; status: DeliveryStatus | 'error'; late: boolean }) => void;
}

export interface FireOutcome {
  subscriptionId: string;
  scheduledAt: string;
  late: boolean;
  /** What this replica did: the delivery's final status, or `not-claimed` when another replica had it. */
  status: DeliveryStatus | 'not-claimed';
}

export interface DigestScheduler {
  readonly service: DigestService;
  /** Syncs config digests, schedules every subscription, catches up missed fires, starts the reload loop. */
  start(): Promise<void>;
  /** Stops scheduling and waits (bounded) for fires in flight, so a claimed delivery is finished, not abandoned. */
  stop(): Promise<void>;
  /** Reloads subscriptions and delivers every fire due at `now` (default: the clock), catch-up included. */
  fireDue(now?: Date): Promise<FireOutcome[]>;
}

interface Binding {
  sub: Subscription;
  /** node-cron task name; the coordinator key is `${name}:${slot ISO}`. */
  name: string;
  task: CronTask | null;
  coordinator: RunCoordinator;
  onTick(context: { date: Date }): Promise<FireOutcome>;
}

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

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

/** Fires are keyed by minute: node-cron hands over the slot it computed; seconds carry no meaning here. */
function floorMinute(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 60_000) * 60_000);
}

/** Deliveries read per sweep: unrecorded fires among (or after) these are examined. */
const RECENT_DELIVERIES = 50;

export function fireKeyOf(subscriptionId: string, scheduledAt: Date): string {
  return `${subscriptionId}@${scheduledAt.toISOString()}`;
}

export function createDigestScheduler(options: DigestSchedulerOptions): DigestScheduler {
  const { store, services, platforms, clock, owner } = options;
  const logger = options.logger.child({ component: 'digests', owner });
  const settings = options.config.digest;
  const timers = options.timers ?? defaultTimers;
  const cronImpl: CronScheduler = options.cron ?? cron;
  const leaseMs = options.leaseMs ?? 15 * 60_000;
  const reloadIntervalMs = options.reloadIntervalMs ?? 60_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  const onTimeGraceMs = options.onTimeGraceMs ?? 2 * 60_000;
  const retryBaseMs = options.retryBaseMs ?? 1_000;
  const lookbackMs = options.lookbackMs ?? 7 * 24 * 60 * 60_000;
  const catchUpMs = settings.catchUpWindowMinutes * 60_000;
  const storeRetryMs = options.storeRetryMs ?? 5_000;

  const bindings = new Map<string, Binding>();
  /** Fires this replica claimed and has not finished: fireKey → lateness + completion. */
  const active = new Map<string, { late: boolean; done: Deferred }>();
  /** Per-subscription queue, so two fires of one subscription never compute "what is new" at once. */
  const queues = new Map<string, Promise<unknown>>();
  const warnedPlatforms = new Set<string>();
  let started = false;
  let stopping = false;
  let interval: unknown = null;
  /** A fast sweep loop that runs only while the store is failing (claims or sweeps threw). */
  let retryLoop: unknown = null;
  let sweepChain: Promise<unknown> = Promise.resolve();

  function observe(subscriptionId: string, status: DeliveryStatus | 'error', late: boolean): void {
    try {
      options.onFire?.({ subscriptionId, status, late });
    } catch {
      // An observer must never change a delivery.
    }
  }

  const cronLogger = {
    info: (message: string) => logger.debug({ source: 'node-cron' }, message),
    warn: (message: string) => logger.warn({ source: 'node-cron' }, message),
    error: (message: string | Error, err?: Error) => logger.error({ source: 'node-cron', err: err ?? message }, String(message instanceof Error ? message.message : message)),
    debug: (message: string | Error) => logger.debug({ source: 'node-cron' }, String(message instanceof Error ? message.message : message)),
  };

  // ── claiming and delivering one fire ─────────────────────────────────────────────────────

  async function claimFire(sub: Subscription, slot: Date): Promise<boolean> {
    if (stopping) return false;
    const scheduledAt = floorMinute(slot);
    const fireKey = fireKeyOf(sub.id, scheduledAt);
    const late = clock.now().getTime() - scheduledAt.getTime() > onTimeGraceMs;
    const claimed = await store.claimDelivery({ fireKey, subscriptionId: sub.id, scheduledAt: scheduledAt.toISOString(), late, owner });
    if (claimed) active.set(fireKey, { late, done: deferred() });
    return claimed;
  }

  function serialize<T>(subscriptionId: string, work: () => Promise<T>): Promise<T> {
    const previous = queues.get(subscriptionId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    queues.set(subscriptionId, settled);
    void settled.then(() => { if (queues.get(subscriptionId) === settled) queues.delete(subscriptionId); });
    return next;
  }

  async function post(platform: Pick<ChatPlatform, 'post'>, conversationId: string, reply: Reply): Promise<string> {
    return (await platform.post(conversationId, reply)).messageId;
  }

  async function notice(sub: Subscription, text: string): Promise<void> {
    const platform = platforms.get(sub.platform);
    if (!platform) return;
    try {
      await post(platform, sub.conversationId, { kind: 'text', text });
    } catch (error) {
      logger.error({ err: error, subscriptionId: sub.id }, 'could not post a digest notice either');
    }
  }

  async function deliver(subscriptionId: string, scheduledAt: Date, late: boolean): Promise<DeliveryStatus> {
    const fireKey = fireKeyOf(subscriptionId, scheduledAt);
    const log = logger.child({ subscriptionId, fireKey, late });
    // Re-read: the subscription may have been removed or changed on another replica since it was scheduled here.
    const sub = await store.getSubscription(subscriptionId);
    if (!sub) {
      await store.updateDelivery(fireKey, { status: 'skipped', error: 'unsubscribed before the fire' });
      return 'skipped';
    }
    const platform = platforms.get(sub.platform);
    const title = digestTitle(sub.cron);
    const due = `${formatWallTime(scheduledAt, sub.timezone)} (${sub.timezone})`;
    if (!platform) {
      await store.updateDelivery(fireKey, { status: 'failed', error: `platform ${sub.platform} is not connected on this replica` });
      log.error('digest platform not available');
      return 'failed';
    }

    let reply: Reply;
    let documents: Awaited<ReturnType<typeof buildDigest>>['documents'];
    try {
      const content = await buildDigest({ store, services }, sub, { scheduledAt, late });
      if (content.empty && !sub.postWhenEmpty) {
        await store.updateDelivery(fireKey, { status: 'skipped', error: null });
        log.info('nothing new; digest skipped');
        return 'skipped';
      }
      reply = content.reply;
      documents = content.documents;
    } catch (error) {
      await fail(sub, fireKey, 0, error, `${title} for ${sub.topic} due ${due} could not be prepared`);
      return 'failed';
    }

    let lastError: unknown = null;
    let messageId: string | null = null;
    let attempts = 0;
    while (attempts < settings.maxAttempts) {
      attempts++;
      // Each attempt also refreshes the claim (updatedAt), so a slow send is not taken for a dead one.
      await store.updateDelivery(fireKey, { attempts });
      try {
        messageId = await post(platform, sub.conversationId, reply);
        break;
      } catch (error) {
        lastError = error;
        const transient = isTransientPostError(error);
        log.warn({ err: error, attempt: attempts, transient }, 'digest post failed');
        if (!transient || attempts === settings.maxAttempts || stopping) break;
        await timers.sleep(backoffMs(attempts, retryBaseMs, error));
      }
    }
    if (messageId === null) {
      await fail(sub, fireKey, attempts, lastError, `${title} for ${sub.topic} due ${due} could not be posted`);
      return 'failed';
    }

    // Outside the retry loop: once the post is out, a store error must not cause a second post.
    // Seen before `sent`: a crash in between leaves the fire `claimed` (→ unknown), never `sent`
    // with its documents still unseen (which would repeat them silently).
    if (documents.length) await store.markSeenDocuments(sub.id, seenMap(documents));
    await store.updateDelivery(fireKey, { status: 'sent', messageId, error: null });
    log.info({ messageId, documents: documents.length, attempts }, 'digest posted');
    if (options.onPosted) {
      try {
        await options.onPosted(sub.conversationId, reply, { messageId, subscriptionId: sub.id });
      } catch (error) {
        log.warn({ err: error }, 'onPosted hook failed');
      }
    }
    return 'sent';
  }

  /** Records a failed fire; the first failure in a row also tells the channel (later ones only log). */
  async function fail(sub: Subscription, fireKey: string, attempts: number, error: unknown, what: string): Promise<void> {
    await store.updateDelivery(fireKey, { status: 'failed', error: errorText(error) });
    logger.error({ err: error, subscriptionId: sub.id, fireKey, attempts }, 'digest failed');
    const previous = (await store.listDeliveries(sub.id, 5)).find((d) => d.fireKey !== fireKey && d.status !== 'missed');
    if (previous?.status === 'failed') return;
    await notice(sub, `The ${what}${attempts > 1 ? ` after ${attempts} attempts` : ''}. I'll try again at the next scheduled time; anything new will be in that digest.`);
  }

  // ── the pair handed to node-cron (and used by fireDue) ───────────────────────────────────

  function makeBinding(sub: Subscription): Binding {
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
            return await claimFire(binding.sub, slot);
          } catch (error) {
            // The fire cannot be recorded, so it is not posted now; the sweep records and
            // delivers it once the store answers again.
            storeFailing();
            throw error;
          }
        },
      },
      async onTick(context) {
        const scheduledAt = floorMinute(context.date);
        const fireKey = fireKeyOf(binding.sub.id, scheduledAt);
        const claim = active.get(fireKey);
        if (!claim) {
          // node-cron only calls back after shouldRun said yes; anything else is not ours to send.
          logger.warn({ fireKey }, 'digest callback without a claim by this replica; ignored');
          return { subscriptionId: binding.sub.id, scheduledAt: scheduledAt.toISOString(), late: false, status: 'not-claimed' };
        }
        try {
          const status = await serialize(binding.sub.id, () => deliver(binding.sub.id, scheduledAt, claim.late));
          observe(binding.sub.id, status, claim.late);
          return { subscriptionId: binding.sub.id, scheduledAt: scheduledAt.toISOString(), late: claim.late, status };
        } catch (error) {
          // A store error mid-fire: the row stays `claimed` and resolves as `unknown` after the lease.
          logger.error({ err: error, fireKey }, 'digest fire crashed');
          observe(binding.sub.id, 'error', claim.late);
          throw error;
        } finally {
          active.delete(fireKey);
          claim.done.resolve();
        }
      },
    };
    return binding;
  }

  /** Exactly what node-cron's runner does for a slot: ask the coordinator, then run the callback. */
  async function runSlot(binding: Binding, slot: Date): Promise<FireOutcome> {
    const key = `${binding.name}:${slot.toISOString()}`;
    const scheduledAt = floorMinute(slot).toISOString();
    let allowed: boolean;
    try {
      allowed = await binding.coordinator.shouldRun(key, leaseMs);
    } catch (error) {
      storeFailing();
      logger.error({ err: error, key }, 'claiming a digest fire failed');
      return { subscriptionId: binding.sub.id, scheduledAt, late: false, status: 'not-claimed' };
    }
    if (!allowed) return { subscriptionId: binding.sub.id, scheduledAt, late: false, status: 'not-claimed' };
    try {
      return await binding.onTick({ date: slot });
    } finally {
      await binding.coordinator.onComplete?.(key);
    }
  }

  function schedule(binding: Binding): void {
    if (!started || stopping || binding.task) return;
    const { sub } = binding;
    binding.task = cronImpl.schedule(sub.cron, (context) => binding.onTick(context), {
      timezone: sub.timezone,
      name: binding.name,
      noOverlap: true,
      distributed: true,
      runCoordinator: binding.coordinator,
      distributedLease: leaseMs,
      logger: cronLogger,
    });
    // node-cron skips slots it could not hit on time (busy event loop, a suspended machine) and
    // reports each one. A sweep applies the catch-up rule to them all at once: the newest is
    // delivered (late if it is), older ones recorded missed — not one late digest per slot.
    binding.task.on('execution:missed', () => requestSweep());
  }

  function bind(sub: Subscription): void {
    if (!platforms.has(sub.platform)) {
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
    const binding = makeBinding(sub);
    bindings.set(sub.id, binding);
    schedule(binding);
  }

  function unbind(id: string): void {
    const binding = bindings.get(id);
    if (!binding) return;
    bindings.delete(id);
    if (binding.task) void Promise.resolve(binding.task.destroy()).catch((error) => logger.warn({ err: error }, 'destroying a cron task failed'));
  }

  async function reload(): Promise<void> {
    const subs = await store.listSubscriptions();
    const ids = new Set(subs.map((s) => s.id));
    for (const sub of subs) bind(sub);
    for (const id of [...bindings.keys()]) if (!ids.has(id)) unbind(id);
  }

  // ── the sweep: catch-up, missed fires, dead claimers ─────────────────────────────────────

  async function markMissed(sub: Subscription, slot: Date, reason: string): Promise<FireOutcome | null> {
    const scheduledAt = floorMinute(slot);
    const fireKey = fireKeyOf(sub.id, scheduledAt);
    if (!(await store.claimDelivery({ fireKey, subscriptionId: sub.id, scheduledAt: scheduledAt.toISOString(), late: true, owner }))) return null;
    await store.updateDelivery(fireKey, { status: 'missed', error: reason });
    logger.warn({ subscriptionId: sub.id, fireKey, reason }, 'digest fire missed');
    observe(sub.id, 'missed', true);
    return { subscriptionId: sub.id, scheduledAt: scheduledAt.toISOString(), late: true, status: 'missed' };
  }

  /**
   * A fire still `claimed` long after its claimer last touched it: that replica died between
   * claim and send. The post may or may not have gone out, so it is not re-sent (that could
   * double it); it is marked `unknown`, logged as an error, and the channel gets one short
   * notice (it cannot duplicate the digest, and the channel is not left silently without one).
   * Its documents were not marked seen, so the next digest covers them.
   */
  async function resolveAbandoned(sub: Subscription, d: Delivery): Promise<FireOutcome | null> {
    if (!(await store.claim(`digest-unknown:${d.fireKey}`, owner, 7 * 24 * 60 * 60_000))) return null;
    const fresh = await store.getDelivery(d.fireKey);
    if (!fresh || fresh.status !== 'claimed' || fresh.updatedAt !== d.updatedAt) return null;
    await store.updateDelivery(d.fireKey, {
      status: 'unknown',
      error: `claimed by ${d.owner ?? 'unknown'} (last update ${d.updatedAt}) which stopped before recording the outcome; not re-sent`,
    });
    logger.error({ subscriptionId: sub.id, fireKey: d.fireKey, claimedBy: d.owner, attempts: d.attempts }, 'digest outcome unknown: its replica stopped mid-fire; not re-sending');
    observe(sub.id, 'unknown', d.late);
    const due = `${formatWallTime(new Date(d.scheduledAt), sub.timezone)} (${sub.timezone})`;
    await notice(sub, `The ${digestTitle(sub.cron)} for ${sub.topic} due ${due} may not have been posted: the bot stopped while sending it. It is not re-sent automatically, to avoid a duplicate; anything it missed will be in the next digest.`);
    return { subscriptionId: sub.id, scheduledAt: d.scheduledAt, late: d.late, status: 'unknown' };
  }

  async function sweepOne(binding: Binding, now: Date): Promise<FireOutcome[]> {
    const { sub } = binding;
    const out: FireOutcome[] = [];
    const nowMs = now.getTime();
    const recent = await store.listDeliveries(sub.id, RECENT_DELIVERIES);
    for (const d of recent) {
      if (d.status === 'claimed' && !active.has(d.fireKey) && nowMs - Date.parse(d.updatedAt) > leaseMs) {
        const outcome = await resolveAbandoned(sub, d);
        if (outcome) out.push(outcome);
      }
    }
    // Every scheduled time without a record is examined, also one before the newest record: a
    // fire that fell due while the store was unreachable has no row, and a later fire may have
    // been recorded before this sweep ran. (Looking only after the newest record lost it.)
    const recorded = new Set(recent.map((d) => Date.parse(d.scheduledAt)));
    const full = recent.length >= RECENT_DELIVERIES;
    const floor = full ? Date.parse(recent[recent.length - 1].scheduledAt) : -Infinity;
    const since = Math.max(Date.parse(sub.createdAt), floor, nowMs - lookbackMs);
    const fires = firesBetween(sub.cron, sub.timezone, new Date(since), now, RECENT_DELIVERIES)
      .filter((f) => !recorded.has(floorMinute(f).getTime()) && !active.has(fireKeyOf(sub.id, floorMinute(f))));
    if (!fires.length) return out;
    const newest = fires[fires.length - 1];
    // Only the newest unrecorded fire is delivered, and only when no later digest went out: it
    // covers everything new since the last delivery, so older ones would post empty or repeated
    // digests.
    const lastDone = recent.find((d) => d.status === 'sent' || d.status === 'skipped');
    const superseded = lastDone !== undefined && Date.parse(lastDone.scheduledAt) > newest.getTime();
    const deliverNewest = !superseded && nowMs - newest.getTime() <= Math.max(catchUpMs, onTimeGraceMs);
    for (const slot of deliverNewest ? fires.slice(0, -1) : fires) {
      const reason = deliverNewest || (superseded && slot.getTime() < Date.parse(lastDone.scheduledAt))
        ? 'superseded: a later fire was delivered (catch-up delivers only the newest missed fire)'
        : `the bot was not running at the scheduled time and it is older than the catch-up window (${settings.catchUpWindowMinutes} min)`;
      const outcome = await markMissed(sub, slot, reason);
      if (outcome) out.push(outcome);
    }
    if (deliverNewest && !stopping) out.push(await runSlot(binding, newest));
    return out;
  }

  async function sweep(now: Date): Promise<FireOutcome[]> {
    const queue = [...bindings.values()];
    const out: FireOutcome[] = [];
    let failed = false;
    // A few subscriptions at a time: one slow brief or retried post does not hold up the rest.
    const workers = Array.from({ length: Math.min(4, queue.length) }, async () => {
      for (let binding = queue.shift(); binding && !stopping; binding = queue.shift()) {
        try {
          out.push(...(await sweepOne(binding, now)));
        } catch (error) {
          failed = true;
          logger.error({ err: error, subscriptionId: binding.sub.id }, 'digest sweep failed for a subscription');
        }
      }
    });
    await Promise.all(workers);
    if (failed) storeFailing();
    else storeAnswering();
    return out;
  }

  /** Sweeps every few seconds until one succeeds: catch-up should not wait for the minute loop. */
  function storeFailing(): void {
    if (retryLoop !== null || stopping || !started) return;
    logger.warn({ retryMs: storeRetryMs }, 'digest store unreachable; sweeping often until it answers, to record and deliver what fell due meanwhile');
    retryLoop = timers.setInterval(() => requestSweep(), storeRetryMs);
  }

  function storeAnswering(): void {
    if (retryLoop === null) return;
    timers.clearInterval(retryLoop);
    retryLoop = null;
    logger.info('digest store answering again; catch-up done');
  }

  let sweepRequested = false;
  /** One queued sweep covers any number of requests made before it starts. */
  function requestSweep(): void {
    if (sweepRequested || stopping) return;
    sweepRequested = true;
    void runSweep(undefined, () => { sweepRequested = false; }).catch((error) => logger.error({ err: error }, 'digest sweep failed'));
  }

  function fireDue(now?: Date): Promise<FireOutcome[]> {
    return runSweep(now);
  }

  function runSweep(now: Date | undefined, onStart?: () => void): Promise<FireOutcome[]> {
    const run = sweepChain.then(async () => {
      onStart?.();
      if (stopping) return [];
      try {
        await reload();
      } catch (error) {
        storeFailing();
        throw error;
      }
      return sweep(now ?? clock.now());
    });
    sweepChain = run.catch(() => undefined);
    return run;
  }

  const service = createDigestService({
    store,
    services,
    clock,
    settings,
    canPost: (platform) => platforms.has(platform),
    onSubscribed: (sub) => bind(sub),
    onUnsubscribed: (id) => unbind(id),
  });

  return {
    service,
    fireDue,

    async start() {
      if (started) return;
      stopping = false;
      await syncConfigDigests(options.config.digests, {
        store, topics: services.topics, minIntervalMinutes: settings.minIntervalMinutes, clock, logger,
      });
      started = true;
      await reload();
      for (const binding of bindings.values()) schedule(binding);
      logger.info({ subscriptions: bindings.size }, 'digest scheduler started');
      const caught = await fireDue();
      if (caught.length) logger.info({ fires: caught.map((f) => `${f.subscriptionId}@${f.scheduledAt}:${f.status}`) }, 'digest catch-up done');
      // Coalesced: a sweep still busy (a slow post) does not pile up more behind it.
      interval = timers.setInterval(() => requestSweep(), reloadIntervalMs);
    },

    async stop() {
      stopping = true;
      if (interval !== null) timers.clearInterval(interval);
      interval = null;
      if (retryLoop !== null) timers.clearInterval(retryLoop);
      retryLoop = null;
      for (const binding of bindings.values()) {
        if (binding.task) await Promise.resolve(binding.task.destroy()).catch(() => undefined);
        binding.task = null;
      }
      started = false;
      // Fires already claimed are finished, not abandoned (bounded: a hung post must not hang shutdown).
      const pending: Array<Promise<unknown>> = [...active.values()].map((a) => a.done.promise);
      pending.push(sweepChain);
      const timeout = new AbortController();
      await Promise.race([Promise.allSettled(pending), timers.sleep(stopTimeoutMs, timeout.signal)]);
      timeout.abort();
      if (active.size) {
        logger.warn({ fires: [...active.keys()] }, 'stopped with digest fires in flight; other replicas resolve them as unknown after the lease');
      }
    },
  };
}
