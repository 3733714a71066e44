// The FeedsService `/feeds` sees: list for anyone; add and remove for the admins who manage
// digests, each rule a person can break answered by a UserFacingError that says what to do.
// Feeds from the config file and BRIEFBOT_FEEDS are fixed here; chat feeds live in the store.
import { requireAdmin, type AdminRule } from '../core/admin.ts';
import { UserFacingError } from '../core/errors.ts';
import type { ChatUser } from '../../commands/command-types.ts';
import type { TopicService } from '../briefing/service-types.ts';
import type { Clock } from '../core/clock.ts';
import { stripUrlCredentials } from '../core/url-credentials.ts';
import { feedUrlProblem } from '../config/feed-url.ts';
import type { Store } from '../store/store.ts';
import { feedSourceId, normaliseFeedUrl } from './feed-source-id.ts';
import type { FeedSource, FeedState } from './feed-types.ts';

export const FEEDS_PERMISSION: AdminRule = { action: 'add or remove feeds', anyone: '`/feeds list`' };

export const FEEDS_ADD_EXAMPLE = '/feeds add https://example.org/world.xml us-russia';

export type ProbeResult = { ok: true; title: string | null; items: number } | { ok: false; reason: string };

/** One feed as `/feeds list` shows it. */
export interface FeedSummary {
  source: FeedSource;
  /** Null until the poller has fetched it once. */
  state: FeedState | null;
}

export interface FeedsService {
  list(): Promise<FeedSummary[]>;
  add(input: { url: string; topic?: string; user: ChatUser }): Promise<FeedSource>;
  /** False when no chat feed has this id. */
  remove(id: string, user: ChatUser): Promise<boolean>;
  /** Config + env + chat feeds, deduplicated by id (the first wins), for the poller. */
  sources(): Promise<FeedSource[]>;
}

export interface FeedsServiceOptions {
  store: Pick<Store, 'putFeedSource' | 'listFeedSources' | 'getFeedSource' | 'deleteFeedSource' | 'getFeedState'>;
  /** Feeds from the config file and BRIEFBOT_FEEDS (feedSourcesFromConfig). */
  configSources: readonly FeedSource[];
  /** Fetches and parses `url` once: a chat feed is stored only when it reads as a feed. */
  probe(url: string): Promise<ProbeResult>;
  clock: Clock;
  /** Interval of chat-added feeds (feeds.defaultEvery). */
  defaultEveryMs: number;
  topics: Pick<TopicService, 'get' | 'suggest'>;
  /** Called after a chat feed is stored / removed, so the poller starts / stops it at once. */
  onAdded?(source: FeedSource): void;
  onRemoved?(id: string): void;
}

/** Slack wraps links as `<https://…>` or `<https://…|label>`; take the address. */
export function unwrapLink(text: string): string {
  const trimmed = text.trim();
  const wrapped = /^<([^<>|\s]+)(?:\|[^<>]*)?>$/.exec(trimmed);
  return wrapped ? (wrapped[1] as string) : trimmed;
}

export function createFeedsService(options: FeedsServiceOptions): FeedsService {
  const { store, configSources, clock, topics } = options;
  const fixed = new Map(configSources.map((s) => [s.id, s]));

  function resolveTopic(input: string): string {
    const slug = input.trim().toLowerCase();
    if (topics.get(slug)) return slug;
    const close = topics.suggest(slug).slice(0, 3);
    const hint = close.length ? ` Did you mean ${close.map((s) => `\`${s}\``).join(', ')}?` : ' See `/topics`.';
    throw new UserFacingError('unknown_topic', `There is no topic \`${input.trim()}\`.${hint} Example: \`${FEEDS_ADD_EXAMPLE}\``);
  }

  async function probe(url: string): Promise<ProbeResult> {
    try {
      return await options.probe(url);
    } catch (error) {
      return { ok: false, reason: (error as Error)?.message || 'it could not be fetched' };
    }
  }

  async function sources(): Promise<FeedSource[]> {
    const out = new Map(fixed);
    for (const source of await store.listFeedSources()) if (!out.has(source.id)) out.set(source.id, source);
    return [...out.values()];
  }

  return {
    sources,

    async list() {
      const all = await sources();
      return Promise.all(all.map(async (source) => ({ source, state: (await store.getFeedState(source.id)) ?? null })));
    },

    async add(input) {
      requireAdmin(input.user, FEEDS_PERMISSION);
      const raw = unwrapLink(input.url);
      if (!raw) throw new UserFacingError('bad_arguments', `Give the feed's address. Example: \`${FEEDS_ADD_EXAMPLE}\``);
      const problem = feedUrlProblem(raw);
      if (problem) throw new UserFacingError('bad_feed_url', `That address cannot be used as a feed: ${problem}. Example: \`${FEEDS_ADD_EXAMPLE}\``);
      const url = normaliseFeedUrl(raw);
      const topic = input.topic?.trim() ? resolveTopic(input.topic) : null;
      const id = feedSourceId(url);
      if (fixed.has(id)) {
        throw new UserFacingError('feed_exists', `That feed is already polled: it comes from the bot's configuration (id \`${id}\`).`);
      }
      if (await store.getFeedSource(id)) {
        throw new UserFacingError('feed_exists', `That feed was already added (id \`${id}\`). See \`/feeds list\`.`);
      }
      const probed = await probe(url);
      if (!probed.ok) {
        throw new UserFacingError('feed_unreadable', `That address did not read as a feed: ${stripUrlCredentials(probed.reason)}. Check the URL (RSS, Atom or JSON Feed).`);
      }
      const source: FeedSource = {
        id, url, everyMs: options.defaultEveryMs, topics: topic ? [topic] : [], fetchArticles: true,
        origin: 'chat', addedBy: input.user.id, addedAt: clock.now().toISOString(),
      };
      await store.putFeedSource(source, input.user.id);
      options.onAdded?.(source);
      return source;
    },

    async remove(id, user) {
      requireAdmin(user, FEEDS_PERMISSION);
      const key = id.trim();
      const stored = await store.getFeedSource(key);
      if (fixed.has(key) || (stored && stored.origin !== 'chat')) {
        throw new UserFacingError(
          'feed_from_config',
          `Feed \`${key}\` comes from the bot's configuration (config file or BRIEFBOT_FEEDS); an operator has to remove it there.`,
        );
      }
      if (!stored) return false;
      const removed = await store.deleteFeedSource(key, user.id);
      if (removed) options.onRemoved?.(key);
      return removed;
    },
  };
}
