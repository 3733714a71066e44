// Feeds in a running process: the `/feeds` service, the poller and the CLI's one-shot fetch.
// The fetcher, the feed parsers and the article extractor (feedsmith, Readability, linkedom) are
// loaded only when a feed is polled or probed, so a process without feeds never pays for them.
import { feedDefaultEveryMs, feedMinIntervalMs, feedSourcesFromConfig } from '../config/feed-sources.ts';
import type { Config } from '../config/schema.ts';
import type { TopicService } from '../briefing/service-types.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { FeedPoller, PollLine, PollProgress } from './feed-poller.ts';
import type { FeedStore } from './feed-store.ts';
import { probeFeed } from './feed-probe.ts';
import { createFeedsService, type FeedsService, type FeedsServiceOptions } from './feeds-service.ts';
import type { SafeFetcher } from './safe-fetcher.ts';

export interface FeedsRuntimeOptions {
  config: Pick<Config, 'feeds' | 'topics' | 'feedsFromEnv'>;
  store: FeedStore & FeedsServiceOptions['store'];
  /** Called when this replica stored new or updated articles (the article corpus re-reads at once). */
  onStored?: () => void;
  /** Topic lookups for `/feeds add` (default: the configured topics, without suggestions). */
  topics?: Pick<TopicService, 'get' | 'suggest'>;
  clock: Clock;
  logger: Logger;
  /** This replica's name in poll claims. */
  owner: string;
  /** How often the poller looks for due feeds (default 30 s; tests use less). */
  tickMs?: number;
}

export interface FeedsRuntime {
  service: FeedsService;
  /** Polls due feeds from now on (when there is a feed, or once one is added from chat). */
  start(): Promise<void>;
  /** Every feed once, now (the `fetch` verb), then old articles pruned. */
  fetchAll(onProgress?: (progress: PollProgress) => void): Promise<PollLine[]>;
  stop(): Promise<void>;
}

export function createFeedsRuntime(options: FeedsRuntimeOptions): FeedsRuntime {
  const { config, store, clock, logger } = options;
  const log = logger.child({ part: 'feeds' });
  let fetcher: Promise<SafeFetcher> | null = null;
  let poller: Promise<FeedPoller> | null = null;
  let started = false;
  let stopped = false;

  const loadFetcher = (): Promise<SafeFetcher> => {
    fetcher ??= import('./safe-fetcher.ts').then(({ createSafeFetcher }) => createSafeFetcher({ allowPrivateHosts: config.feeds.allowPrivateHosts, clock }));
    return fetcher;
  };

  const service = createFeedsService({
    store,
    configSources: feedSourcesFromConfig(config, clock.now().toISOString()),
    probe: (url) => probeFeed(url, loadFetcher, log),
    clock,
    defaultEveryMs: feedDefaultEveryMs(config),
    topics: options.topics ?? configTopics(config),
    onAdded: () => { if (started) void ensurePoller().catch(() => {}); },
  });

  const ensurePoller = (): Promise<FeedPoller> => {
    poller ??= Promise.all([import('./feed-poller.ts'), loadFetcher()]).then(([{ createFeedPoller }, safeFetcher]) => {
      const created = createFeedPoller({
        store,
        fetcher: safeFetcher,
        clock,
        logger: log,
        owner: options.owner,
        sources: () => service.sources(),
        retentionDays: config.feeds.retentionDays,
        minIntervalMs: feedMinIntervalMs(config),
        // Look for due feeds at least twice per shortest interval, and never busier than once a second.
        tickMs: options.tickMs ?? Math.min(30_000, Math.max(1000, feedMinIntervalMs(config) / 2)),
        onArticles: () => options.onStored?.(),
      });
      if (started && !stopped) created.start();
      return created;
    });
    return poller;
  };

  return {
    service,
    async start() {
      started = true;
      // No feed anywhere (config, env, chat): nothing to load until one is added.
      const count = (await service.sources()).length;
      if (count) await ensurePoller();
      log.info({ feeds: count }, 'feeds ready');
    },
    async fetchAll(onProgress) {
      const p = await ensurePoller();
      const lines = await p.pollAll({ onProgress });
      await p.prune().catch((error: unknown) => log.warn({ err: (error as Error)?.message ?? String(error) }, 'pruning old articles failed'));
      return lines;
    },
    async stop() {
      stopped = true;
      if (poller) await (await poller).stop();
    },
  };
}

function configTopics(config: Pick<Config, 'topics'>): Pick<TopicService, 'get' | 'suggest'> {
  return { get: (slug) => config.topics.find((t) => t.slug === slug) ?? null, suggest: () => [] };
}
