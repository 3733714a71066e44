// The digest scheduler's contract and the seams a test (or another runtime) replaces: node-cron,
// timers, and the one way a digest reaches a chat.
import type { TaskOptions } from 'node-cron';
import type { DigestConfig } from '../config/schema.ts';
import type { Reply, Services } from '../../commands/command-types.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { DeliveryStatus, Store } from '../store/store.ts';
import type { DigestSettings } from './digest-service.ts';
import type { DigestService } from './digest-types.ts';

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

/**
 * Posts `reply` in a conversation of `platform` and records it (conversation memory, so a digest's
 * thread takes follow-up questions). The scheduler's only way to a chat, so how platforms post can
 * change behind it. It must reject only when nothing was posted: a rejection is retried unless the
 * error says otherwise (`PostFailure` in post-retry.ts).
 */
export type DeliverReply = (platform: string, conversationId: string, reply: Reply) => Promise<{ messageId: string }>;

export interface DigestSchedulerOptions {
  store: Store;
  services: Pick<Services, 'briefing' | 'topics'>;
  deliver: DeliverReply;
  /** Whether this replica runs `platform`; digests for other platforms are left to replicas that do. */
  hasPlatform(platform: string): boolean;
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

/** Reports a claimed fire's outcome to `onFire`. */
export type ObserveFire = (subscriptionId: string, status: DeliveryStatus | 'error', late: boolean) => void;
