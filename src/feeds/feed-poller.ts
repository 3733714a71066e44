import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import { stripUrlCredentials } from '../core/url-credentials.ts';
import type { FeedStore } from './feed-store.ts';
import type { FeedSource, StoredArticle } from './feed-types.ts';
import { displayUrl } from './fetch-error.ts';
import { mapLimit, pollFeed, type PollResult } from './poll-feed.ts';
import type { SafeFetcher } from './safe-fetcher.ts';

// Polls every feed when it is due, once per interval across replicas (a store claim per feed
// and time slot, as digest fires are claimed), stores what a poll brings, and prunes articles
// past retention. One feed failing never stops the others; a timer never throws or keeps the
// process alive.

export interface FeedPollerOptions {
  store: FeedStore;
  fetcher: SafeFetcher;
  clock: Clock;
  logger: Logger;
  /** This replica's name in claims. */
  owner: string;
  /** Read before every pass, so a feed added on another replica is polled here too. */
  sources: () => FeedSource[] | Promise<FeedSource[]>;
  retentionDays: number;
  /** A feed is never polled more often than this, whatever its everyMs (default 60 s). */
  minIntervalMs?: number;
  /** How often start() looks for due feeds (default 30 s). */
  tickMs?: number;
  /** Feeds polled at once (the fetcher still allows only 2 requests per host). */
  concurrency?: number;
  onArticles?: (articles: StoredArticle[]) => void;
}

export interface PollLine {
  sourceId: string;
  /** The feed URL without credentials or query, fit to print. */
  url: string;
  outcome: 'new' | 'unchanged' | 'failed' | 'skipped';
  newCount: number;
  updatedCount: number;
  reason?: string;
}

export interface PollProgress {
  done: number;
  total: number;
  url: string;
}

export interface FeedPoller {
  /** One pass of the timer: polls the feeds that are due and that this replica claims. */
  pollDue(): Promise<PollLine[]>;
  /**
   * The CLI `fetch`: every feed once, now, regardless of its interval and of claims; a feed whose
   * server asked us to wait (Retry-After, or backoff after failures) is skipped until then.
   */
  pollAll(options?: { onProgress?: (progress: PollProgress) => void }): Promise<PollLine[]>;
  /** Deletes articles fetched more than retentionDays ago; returns how many. */
  prune(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

const PRUNE_EVERY_MS = 3600_000;

interface PollerContext {
  options: FeedPollerOptions;
  /**
   * Ids the store refused as copies of another article: without this every poll would fetch
   * their pages again. Kept in memory only, so a restart may fetch each of them once more.
   */
  duplicates: Set<string>;
}

export function createFeedPoller(options: FeedPollerOptions): FeedPoller {
  const { store, clock, logger } = options;
  const concurrency = options.concurrency ?? 8;
  const duplicates = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let lastPrune = 0;

  const ctx: PollerContext = { options, duplicates };

  async function pollDue(): Promise<PollLine[]> {
    const sources = await options.sources();
    const lines = await mapLimit(sources, concurrency, async (source) => {
      try {
        return (await isDue(ctx, source)) ? await pollOne(ctx, source) : null;
      } catch (err) {
        logger.error({ feed: displayUrl(source.url), err: err instanceof Error ? err.message : String(err) }, 'feed due check failed');
        return null;
      }
    });
    return lines.filter((line): line is PollLine => line !== null);
  }

  async function pollAll(opts: { onProgress?: (progress: PollProgress) => void } = {}): Promise<PollLine[]> {
    const sources = await options.sources();
    let done = 0;
    return mapLimit(sources, concurrency, async (source) => {
      let line: PollLine;
      const state = await store.getFeedState(source.id).catch(() => undefined);
      const until = waitingUntil(state?.retryAt, clock.now());
      if (until) line = { sourceId: source.id, url: displayUrl(source.url), outcome: 'skipped', newCount: 0, updatedCount: 0, reason: `waiting until ${until}` };
      else line = await pollOne(ctx, source);
      opts.onProgress?.({ done: ++done, total: sources.length, url: line.url });
      return line;
    });
  }

  async function prune(): Promise<number> {
    const before = new Date(clock.now().getTime() - options.retentionDays * 86_400_000).toISOString();
    return store.pruneArticles(before);
  }

  async function tick(): Promise<void> {
    const lines = await pollDue();
    const changed = lines.filter((l) => l.outcome !== 'unchanged');
    if (changed.length) logger.info({ feeds: changed.length, new: changed.reduce((n, l) => n + l.newCount, 0) }, 'feeds polled');
    if (Date.now() - lastPrune >= PRUNE_EVERY_MS) {
      lastPrune = Date.now();
      const pruned = await prune();
      if (pruned > 0) logger.info({ pruned }, 'old articles pruned');
    }
  }

  function runTick(): void {
    if (running) return;
    running = tick()
      .catch((err) => logger.error({ err: err instanceof Error ? err.message : String(err) }, 'feed poller tick failed'))
      .finally(() => { running = null; });
  }

  return {
    pollDue,
    pollAll,
    prune,
    start() {
      if (timer) return;
      timer = setInterval(runTick, options.tickMs ?? 30_000);
      timer.unref();
      runTick();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}


async function pollOne(ctx: PollerContext, source: FeedSource): Promise<PollLine> {
  const url = displayUrl(source.url);
  const { options, duplicates } = ctx;
  const { store, clock, logger } = options;
  try {
    const now = clock.now();
    const state = await store.getFeedState(source.id);
    const result = await pollFeed({ source, state, fetcher: options.fetcher, store, now, retentionDays: options.retentionDays, alsoKnown: duplicates, logger });
    const stored = await storeArticles(ctx, result);
    await store.putFeedState(result.state);
    for (const note of result.notes) logger.debug({ feed: url, note }, 'feed article page');
    if (result.outcome === 'failed') logger.warn({ feed: url, reason: result.reason }, 'feed poll failed');
    if (stored.length > 0) notify(ctx, stored);
    const newCount = stored.filter((a) => a.fetchedAt === a.updatedAt).length;
    const outcome = result.outcome === 'failed' ? 'failed' : stored.length > 0 ? 'new' : 'unchanged';
    return { sourceId: source.id, url, outcome, newCount, updatedCount: stored.length - newCount, reason: result.reason };
  } catch (err) {
    // The store failing is the one thing pollFeed does not absorb; it is this feed's failure only.
    const message = stripUrlCredentials(err instanceof Error ? err.message : String(err));
    logger.error({ feed: url, err: message }, 'feed poll error');
    return { sourceId: source.id, url, outcome: 'failed', newCount: 0, updatedCount: 0, reason: `store: ${message}` };
  }
}

/** A listener's failure is its own: the articles are stored and the poll stands. */
function notify(ctx: PollerContext, articles: StoredArticle[]): void {
  try {
    ctx.options.onArticles?.(articles);
  } catch (err) {
    ctx.options.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'feed articles listener failed');
  }
}

async function storeArticles(ctx: PollerContext, result: PollResult): Promise<StoredArticle[]> {
  const stored: StoredArticle[] = [];
  const { store } = ctx.options;
  for (const article of result.articles) {
    const outcome = await store.putArticle(article);
    if (outcome === 'duplicate') ctx.duplicates.add(article.id);
    else stored.push(article);
  }
  return stored;
}

function waitingUntil(retryAt: string | null | undefined, now: Date): string | null {
  return retryAt && Date.parse(retryAt) > now.getTime() ? retryAt : null;
}

async function isDue(ctx: PollerContext, source: FeedSource): Promise<boolean> {
  const { store, clock, owner } = ctx.options;
  const now = clock.now();
  const every = Math.max(source.everyMs, ctx.options.minIntervalMs ?? 60_000);
  const state = await store.getFeedState(source.id);
  if (waitingUntil(state?.retryAt, now)) return false;
  if (state?.lastFetchedAt && now.getTime() - Date.parse(state.lastFetchedAt) < every && state.lastStatus !== 'failed') return false;
  const slot = Math.floor(now.getTime() / every);
  return store.claim(`feed:${source.id}@${slot}`, owner, every);
}
