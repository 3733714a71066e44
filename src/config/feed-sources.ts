// The feeds the configuration names (the file's feeds.sources and BRIEFBOT_FEEDS) as FeedSource
// records, and the cross-setting rules they must meet.
import type { FeedSource } from '../feeds/feed-types.ts';
import { feedSourceId, normaliseFeedUrl } from '../feeds/feed-source-id.ts';
import { formatDuration, parseDuration } from './duration.ts';
import type { Config } from './schema.ts';

type FeedsPart = Pick<Config, 'feeds' | 'topics' | 'feedsFromEnv'>;

const FALLBACK_MIN_MS = 5 * 60_000;
const FALLBACK_EVERY_MS = 30 * 60_000;

/** The floor on every feed's interval, in ms. */
export function feedMinIntervalMs(config: Pick<Config, 'feeds'>): number {
  return parseDuration(config.feeds.minInterval) ?? FALLBACK_MIN_MS;
}

/** The interval of feeds that give none (env and chat feeds), in ms, never below the floor. */
export function feedDefaultEveryMs(config: Pick<Config, 'feeds'>): number {
  return Math.max(parseDuration(config.feeds.defaultEvery) ?? FALLBACK_EVERY_MS, feedMinIntervalMs(config));
}

/** File feeds (origin 'config') then BRIEFBOT_FEEDS (origin 'env'), in the order given; the first of two equal URLs wins. */
export function feedSourcesFromConfig(config: FeedsPart, addedAt: string): FeedSource[] {
  const defaultEveryMs = feedDefaultEveryMs(config);
  const out = new Map<string, FeedSource>();
  for (const source of config.feeds.sources) {
    const id = feedSourceId(source.url);
    if (out.has(id)) continue;
    const everyMs = source.every === undefined ? defaultEveryMs : parseDuration(source.every) ?? defaultEveryMs;
    out.set(id, {
      id, url: normaliseFeedUrl(source.url), everyMs, topics: [...source.topics], fetchArticles: source.fetchArticles,
      origin: 'config', addedBy: null, addedAt,
    });
  }
  for (const url of config.feedsFromEnv ?? []) {
    const id = feedSourceId(url);
    if (out.has(id)) continue;
    out.set(id, { id, url: normaliseFeedUrl(url), everyMs: defaultEveryMs, topics: [], fetchArticles: true, origin: 'env', addedBy: null, addedAt });
  }
  return [...out.values()];
}

/** Rules spanning feed settings: intervals against the floor, known topics, each URL once. */
export function feedsConfigIssues(config: FeedsPart): string[] {
  const issues: string[] = [];
  const minMs = feedMinIntervalMs(config);
  const floor = `feeds.minInterval (${formatDuration(minMs)})`;
  const defaultMs = parseDuration(config.feeds.defaultEvery);
  if (defaultMs !== null && defaultMs < minMs) issues.push(`feeds.defaultEvery: ${config.feeds.defaultEvery} is below ${floor}`);
  const slugs = new Set(config.topics.map((t) => t.slug));
  const known = [...slugs].join(', ') || 'none';
  const seen = new Map<string, string>();
  const once = (url: string, where: string) => {
    let id: string;
    try {
      id = feedSourceId(url);
    } catch {
      return; // an unparseable URL is already reported by the schema
    }
    const first = seen.get(id);
    // The URL is not quoted: it may carry a password (also reported on its own).
    if (first) issues.push(`${where}: the same feed as ${first}`);
    else seen.set(id, where);
  };
  config.feeds.sources.forEach((source, i) => {
    const where = `feeds.sources.${i}`;
    const everyMs = source.every === undefined ? null : parseDuration(source.every);
    if (everyMs !== null && everyMs < minMs) issues.push(`${where}.every: ${source.every} is below ${floor}`);
    source.topics.forEach((slug, j) => {
      if (!slugs.has(slug)) issues.push(`${where}.topics.${j}: unknown topic "${slug}" (known: ${known})`);
    });
    once(source.url, where);
  });
  (config.feedsFromEnv ?? []).forEach((url, i) => once(url, `BRIEFBOT_FEEDS.${i}`));
  return issues;
}
