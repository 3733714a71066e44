// The sweep catches what node-cron cannot: fires missed while no replica ran (catch-up delivers the
// newest, records older ones missed), fires that fell due while the store was down (they have no
// row), subscriptions made on another replica, and fires whose claimer died mid-send (resolved
// `unknown` and never re-sent, since the post may have gone out).
import type { Logger } from '../core/logger.ts';
import type { Delivery, Store } from '../store/store.ts';
import type { Binding } from './cron-bindings.ts';
import { describeDue, digestTitle } from './describe-schedule.ts';
import type { Subscription } from './digest-types.ts';
import { fireKeyOf, floorMinute } from './fire-keys.ts';
import { firesBetween } from './fire-times.ts';
import type { FiresInFlight } from './fires-in-flight.ts';
import type { FireOutcome, ObserveFire } from './scheduler-types.ts';

/** Deliveries read per sweep: unrecorded fires among (or after) these are examined. */
const RECENT_DELIVERIES = 50;
/** Subscriptions swept at once: one slow brief or retried post does not hold up the rest. */
const SWEEP_WORKERS = 4;

export interface SweepDeps {
  store: Store;
  /** This replica, recorded on what it claims. */
  owner: string;
  logger: Logger;
  inFlight: FiresInFlight;
  leaseMs: number;
  lookbackMs: number;
  catchUpWindowMinutes: number;
  onTimeGraceMs: number;
  observe: ObserveFire;
  notice(sub: Subscription, text: string): Promise<void>;
  runSlot(binding: Binding, slot: Date): Promise<FireOutcome>;
  isStopping(): boolean;
}

/** Sweeps every binding; `failed` when any subscription's sweep threw (the store, most likely). */
export async function sweepAll(deps: SweepDeps, bindings: readonly Binding[], now: Date): Promise<{ outcomes: FireOutcome[]; failed: boolean }> {
  const queue = [...bindings];
  const outcomes: FireOutcome[] = [];
  let failed = false;
  const workers = Array.from({ length: Math.min(SWEEP_WORKERS, queue.length) }, async () => {
    for (let binding = queue.shift(); binding && !deps.isStopping(); binding = queue.shift()) {
      try {
        outcomes.push(...(await sweepSubscription(deps, binding, now)));
      } catch (error) {
        failed = true;
        deps.logger.error({ err: error, subscriptionId: binding.sub.id }, 'digest sweep failed for a subscription');
      }
    }
  });
  await Promise.all(workers);
  return { outcomes, failed };
}

export async function sweepSubscription(deps: SweepDeps, binding: Binding, now: Date): Promise<FireOutcome[]> {
  const { sub } = binding;
  const out: FireOutcome[] = [];
  const nowMs = now.getTime();
  const recent = await deps.store.listDeliveries(sub.id, RECENT_DELIVERIES);
  for (const d of recent) {
    if (d.status === 'claimed' && !deps.inFlight.has(d.fireKey) && nowMs - Date.parse(d.updatedAt) > deps.leaseMs) {
      const outcome = await resolveAbandoned(deps, sub, d);
      if (outcome) out.push(outcome);
    }
  }
  // Every scheduled time without a record is examined, also one before the newest record: a
  // fire that fell due while the store was unreachable has no row, and a later fire may have
  // been recorded before this sweep ran. (Looking only after the newest record lost it.)
  const recorded = new Set(recent.map((d) => Date.parse(d.scheduledAt)));
  const full = recent.length >= RECENT_DELIVERIES;
  const floor = full ? Date.parse(recent[recent.length - 1].scheduledAt) : -Infinity;
  const since = Math.max(Date.parse(sub.createdAt), floor, nowMs - deps.lookbackMs);
  const fires = firesBetween(sub.cron, sub.timezone, new Date(since), now, RECENT_DELIVERIES)
    .filter((f) => !recorded.has(floorMinute(f).getTime()) && !deps.inFlight.has(fireKeyOf(sub.id, floorMinute(f))));
  if (!fires.length) return out;
  const newest = fires[fires.length - 1];
  // Only the newest unrecorded fire is delivered, and only when no later digest went out: it
  // covers everything new since the last delivery, so older ones would post empty or repeated
  // digests.
  const lastDone = recent.find((d) => d.status === 'sent' || d.status === 'skipped');
  const superseded = lastDone !== undefined && Date.parse(lastDone.scheduledAt) > newest.getTime();
  const catchUpMs = deps.catchUpWindowMinutes * 60_000;
  const deliverNewest = !superseded && nowMs - newest.getTime() <= Math.max(catchUpMs, deps.onTimeGraceMs);
  for (const slot of deliverNewest ? fires.slice(0, -1) : fires) {
    const reason = deliverNewest || (superseded && slot.getTime() < Date.parse(lastDone.scheduledAt))
      ? 'superseded: a later fire was delivered (catch-up delivers only the newest missed fire)'
      : `the bot was not running at the scheduled time and it is older than the catch-up window (${deps.catchUpWindowMinutes} min)`;
    const outcome = await markMissed(deps, sub, slot, reason);
    if (outcome) out.push(outcome);
  }
  if (deliverNewest && !deps.isStopping()) out.push(await deps.runSlot(binding, newest));
  return out;
}

async function markMissed(deps: SweepDeps, sub: Subscription, slot: Date, reason: string): Promise<FireOutcome | null> {
  const scheduledAt = floorMinute(slot);
  const fireKey = fireKeyOf(sub.id, scheduledAt);
  if (!(await deps.store.claimDelivery({ fireKey, subscriptionId: sub.id, scheduledAt: scheduledAt.toISOString(), late: true, owner: deps.owner }))) return null;
  await deps.store.updateDelivery(fireKey, { status: 'missed', error: reason });
  deps.logger.warn({ subscriptionId: sub.id, fireKey, reason }, 'digest fire missed');
  deps.observe(sub.id, 'missed', true);
  return { subscriptionId: sub.id, scheduledAt: scheduledAt.toISOString(), late: true, status: 'missed' };
}

/**
 * A fire still `claimed` long after its claimer last touched it: that replica died between
 * claim and send. The post may or may not have gone out, so it is not re-sent (that could
 * double it); it is marked `unknown`, logged as an error, and the channel gets one short
 * notice (it cannot duplicate the digest, and the channel is not left silently without one).
 * Its documents were not marked seen, so the next digest covers them.
 */
async function resolveAbandoned(deps: SweepDeps, sub: Subscription, d: Delivery): Promise<FireOutcome | null> {
  const { store } = deps;
  if (!(await store.claim(`digest-unknown:${d.fireKey}`, deps.owner, 7 * 24 * 60 * 60_000))) return null;
  const fresh = await store.getDelivery(d.fireKey);
  if (!fresh || fresh.status !== 'claimed' || fresh.updatedAt !== d.updatedAt) return null;
  await store.updateDelivery(d.fireKey, {
    status: 'unknown',
    error: `claimed by ${d.owner ?? 'unknown'} (last update ${d.updatedAt}) which stopped before recording the outcome; not re-sent`,
  });
  deps.logger.error({ subscriptionId: sub.id, fireKey: d.fireKey, claimedBy: d.owner, attempts: d.attempts }, 'digest outcome unknown: its replica stopped mid-fire; not re-sending');
  deps.observe(sub.id, 'unknown', d.late);
  const due = describeDue(new Date(d.scheduledAt), sub.timezone);
  await deps.notice(sub, `The ${digestTitle(sub.cron)} for ${sub.topic} due ${due} may not have been posted: the bot stopped while sending it. It is not re-sent automatically, to avoid a duplicate; anything it missed will be in the next digest.`);
  return { subscriptionId: sub.id, scheduledAt: d.scheduledAt, late: d.late, status: 'unknown' };
}
