// One fire, start to end: claim it, build the digest, post it (retrying what may pass), record the
// outcome. Nothing after the post can cause a second post, and seen documents are recorded before
// `sent`, so a crash anywhere leaves a delivered, recorded digest or a fire the sweep resolves as
// `unknown` — never a duplicate, never documents silently skipped.
import type { Reply, Services } from '../../commands/command-types.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { DeliveryStatus, Store } from '../store/store.ts';
import { describeDue, digestTitle } from './describe-schedule.ts';
import { buildDigest, seenMap } from './digest-content.ts';
import type { Subscription } from './digest-types.ts';
import { fireKeyOf, floorMinute } from './fire-keys.ts';
import type { FiresInFlight } from './fires-in-flight.ts';
import { backoffMs, errorText, isTransientPostError } from './post-retry.ts';
import type { DeliverReply, SchedulerTimers } from './scheduler-types.ts';

export interface ClaimDeps {
  store: Pick<Store, 'claimDelivery'>;
  clock: Clock;
  /** This replica, recorded on the claim. */
  owner: string;
  onTimeGraceMs: number;
  inFlight: FiresInFlight;
  isStopping(): boolean;
}

/** Claims the fire of `sub` at `slot` for this replica; false when another replica has it (or we are stopping). */
export async function claimFire(deps: ClaimDeps, sub: Subscription, slot: Date): Promise<boolean> {
  if (deps.isStopping()) return false;
  const scheduledAt = floorMinute(slot);
  const fireKey = fireKeyOf(sub.id, scheduledAt);
  const late = deps.clock.now().getTime() - scheduledAt.getTime() > deps.onTimeGraceMs;
  const claimed = await deps.store.claimDelivery({ fireKey, subscriptionId: sub.id, scheduledAt: scheduledAt.toISOString(), late, owner: deps.owner });
  if (claimed) deps.inFlight.begin(fireKey, late);
  return claimed;
}

export interface NoticeDeps {
  deliver: DeliverReply;
  hasPlatform(platform: string): boolean;
  logger: Logger;
}

/** A short text to the subscription's channel; a failure is only logged (it is already about one). */
export async function postNotice(deps: NoticeDeps, sub: Subscription, text: string): Promise<void> {
  if (!deps.hasPlatform(sub.platform)) return;
  try {
    await deps.deliver(sub.platform, sub.conversationId, { kind: 'text', text });
  } catch (error) {
    deps.logger.error({ err: error, subscriptionId: sub.id }, 'could not post a digest notice either');
  }
}

export interface FireDeps extends NoticeDeps {
  store: Store;
  services: Pick<Services, 'briefing' | 'topics'>;
  sleep: SchedulerTimers['sleep'];
  maxAttempts: number;
  /** First retry delay; doubles each attempt. */
  retryBaseMs: number;
  isStopping(): boolean;
}

/** Delivers a fire this replica claimed and records its final status. */
export async function deliverFire(deps: FireDeps, subscriptionId: string, scheduledAt: Date, late: boolean): Promise<DeliveryStatus> {
  const { store } = deps;
  const fireKey = fireKeyOf(subscriptionId, scheduledAt);
  const log = deps.logger.child({ subscriptionId, fireKey, late });
  // Re-read: the subscription may have been removed or changed on another replica since it was scheduled here.
  const sub = await store.getSubscription(subscriptionId);
  if (!sub) {
    await store.updateDelivery(fireKey, { status: 'skipped', error: 'unsubscribed before the fire' });
    return 'skipped';
  }
  const what = `${digestTitle(sub.cron)} for ${sub.topic} due ${describeDue(scheduledAt, sub.timezone)}`;
  if (!deps.hasPlatform(sub.platform)) {
    await store.updateDelivery(fireKey, { status: 'failed', error: `platform ${sub.platform} is not connected on this replica` });
    log.error('digest platform not available');
    return 'failed';
  }

  let content: Awaited<ReturnType<typeof buildDigest>>;
  try {
    content = await buildDigest({ store, services: deps.services }, sub, { scheduledAt, late });
    if (content.empty && !sub.postWhenEmpty) {
      await store.updateDelivery(fireKey, { status: 'skipped', error: null });
      log.info('nothing new; digest skipped');
      return 'skipped';
    }
  } catch (error) {
    await recordFailure(deps, sub, fireKey, 0, error, `${what} could not be prepared`);
    return 'failed';
  }

  const posted = await postWithRetries(deps, sub, fireKey, content.reply, log);
  if (posted.messageId === null) {
    await recordFailure(deps, sub, fireKey, posted.attempts, posted.lastError, `${what} could not be posted`);
    return 'failed';
  }
  // Outside the retry loop: once the post is out, a store error must not cause a second post.
  // Seen before `sent`: a crash in between leaves the fire `claimed` (→ unknown), never `sent`
  // with its documents still unseen (which would repeat them silently).
  const { documents } = content;
  if (documents.length) await store.markSeenDocuments(sub.id, seenMap(documents));
  await store.updateDelivery(fireKey, { status: 'sent', messageId: posted.messageId, error: null });
  log.info({ messageId: posted.messageId, documents: documents.length, attempts: posted.attempts }, 'digest posted');
  return 'sent';
}

interface PostResult { messageId: string | null; attempts: number; lastError: unknown }

async function postWithRetries(deps: FireDeps, sub: Subscription, fireKey: string, reply: Reply, log: Logger): Promise<PostResult> {
  let lastError: unknown = null;
  let attempts = 0;
  while (attempts < deps.maxAttempts) {
    attempts++;
    // Each attempt also refreshes the claim (updatedAt), so a slow send is not taken for a dead one.
    await deps.store.updateDelivery(fireKey, { attempts });
    try {
      const { messageId } = await deps.deliver(sub.platform, sub.conversationId, reply);
      return { messageId, attempts, lastError: null };
    } catch (error) {
      lastError = error;
      const transient = isTransientPostError(error);
      log.warn({ err: error, attempt: attempts, transient }, 'digest post failed');
      if (!transient || attempts === deps.maxAttempts || deps.isStopping()) break;
      await deps.sleep(backoffMs(attempts, deps.retryBaseMs, error));
    }
  }
  return { messageId: null, attempts, lastError };
}

/** Records a failed fire; the first failure in a row also tells the channel (later ones only log). */
async function recordFailure(deps: FireDeps, sub: Subscription, fireKey: string, attempts: number, error: unknown, what: string): Promise<void> {
  await deps.store.updateDelivery(fireKey, { status: 'failed', error: errorText(error) });
  deps.logger.error({ err: error, subscriptionId: sub.id, fireKey, attempts }, 'digest failed');
  const previous = (await deps.store.listDeliveries(sub.id, 5)).find((d) => d.fireKey !== fireKey && d.status !== 'missed');
  if (previous?.status === 'failed') return;
  await postNotice(deps, sub, `The ${what}${attempts > 1 ? ` after ${attempts} attempts` : ''}. I'll try again at the next scheduled time; anything new will be in that digest.`);
}
