// The composition root: the one place that knows every concrete part. Everything else takes its
// collaborators as options.
import { randomUUID } from 'node:crypto';
import type { Config } from './config/schema.ts';
import { createCompositeCorpus } from './corpus/composite-corpus.ts';
import { createCorpus } from './corpus/corpus.ts';
import { systemClock } from './core/clock.ts';
import { ttyLoadProgress } from './core/load-progress.ts';
import { createRateLimiter } from './core/rate-limit.ts';
import { createReplyPath, type ReplyPath } from './core/reply-path.ts';
import { createRouter, type Router } from './core/router.ts';
import type { CommandDefinition, Services } from '../commands/command-types.ts';
import type { Clock } from './core/clock.ts';
import type { Logger } from './core/logger.ts';
import type { Corpus } from './corpus/corpus-types.ts';
import type { Engine } from './engines/engine-types.ts';
import { createOfflineEngine } from './engines/offline-engine.ts';
import { createLazyOpenAIEngine } from './engines/openai-lazy.ts';
import { warmUpEngines } from './engines/warm-up.ts';
import { createArticleCorpus, type ArticleCorpus } from './feeds/article-corpus.ts';
import { createFeedsRuntime, type FeedsRuntime } from './feeds/feeds-runtime.ts';
import type { Metrics } from './ops/metrics.ts';
import type { PassageIndex } from './retrieval/passage-index.ts';
import { createServices } from './services.ts';
import { createStore } from './store/create-store.ts';
import { createDegradedStore, type DegradedStore } from './store/degraded-store.ts';
import type { Store } from './store/store.ts';

export interface Briefbot {
  config: Config;
  logger: Logger;
  clock: Clock;
  corpus: Corpus;
  index: PassageIndex;
  /** The database as it is: the digest scheduler (strict), readiness, close. */
  store: Store;
  /** What commands use: fails soft while the database is unreachable. */
  commandStore: DegradedStore;
  engines: ReadonlyMap<string, Engine>;
  defaultEngine: string;
  services: Services;
  commands: readonly CommandDefinition[];
  router: Router;
  /** What platforms call: the router's replies posted through each event's outbox. */
  replies: ReplyPath;
  /** News feeds: `/feeds`, the poller (`start`) and the `fetch` verb. */
  feeds: FeedsRuntime;
  /** Identifies this replica in claims and logs. */
  instanceId: string;
  close(): Promise<void>;
}

export interface CreateBriefbotOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** Defaults to SQLite under config.store.dataDir, or PostgreSQL when DATABASE_URL is set. */
  store?: Store;
  /** Override config.seeds.watch (one-shot CLI verbs don't watch). */
  watch?: boolean;
  onLoadProgress?: (p: { loaded: number; total: number; ratePerSec: number }) => void;
  /** Load the engines' lazy parts now (a model's SDK, the entity tagger), not during the first request (`start` does). */
  warmUp?: boolean;
  /**
   * Name each brief's people, organisations and places. Only `brief --json` shows them, and the
   * tagger costs ~50 MB and ~0.45 s to load, so it is off unless asked for.
   */
  entities?: boolean;
  /** Fed by the router (commands), the OpenAI engine (calls, tokens, fallbacks) and the corpus. */
  metrics?: Pick<Metrics, 'command' | 'llmCall' | 'llmFallback' | 'setDocumentCount'>;
  /** How often the feed poller looks for due feeds (tests). */
  feedTickMs?: number;
}

/** A replica sees articles another replica fetched within this long. */
const ARTICLE_REFRESH_MS = 5_000;

export async function createBriefbot(options: CreateBriefbotOptions): Promise<Briefbot> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const instanceId = `${process.pid}-${randomUUID().slice(0, 8)}`;

  const { store, articles, corpus } = await openDocuments(config, options, clock, logger);
  const { metrics } = options;
  metrics?.setDocumentCount(() => corpus.current().documents.length);
  corpus.onChange((snapshot) => logger.info({ documents: snapshot.documents.length, version: snapshot.version }, 'corpus changed'));

  // Commands keep working (offline, without memory) while the database is unreachable; the
  // scheduler keeps the strict store so a digest is never posted without its record.
  // A store handed in already wrapped (tests tune its timeouts) is used as it is.
  const commandStore = 'pendingUsage' in store ? (store as DegradedStore) : createDegradedStore(store, logger.child({ part: 'store' }));

  const entities = options.entities ?? false;
  const { engines, defaultEngine } = createEngines(config, { entities, store: commandStore, clock, logger, metrics });

  const { services, index, commands } = createServices({ config, corpus, store: commandStore, engines, defaultEngine, clock });
  const feeds = createFeedsRuntime({
    config, store, topics: services.topics, clock, logger, owner: instanceId, tickMs: options.feedTickMs,
    onStored: () => {
      articles.refresh().catch((error: unknown) => logger.warn({ err: (error as Error)?.message ?? String(error) }, 'reading new articles failed; the next refresh retries'));
    },
  });
  services.feeds = feeds.service;
  if (options.warmUp) logger.info({ ms: Math.round(await warmUpEngines(engines.values(), { entities })) }, 'engines warmed up');

  const known = new Set(commands.map((c) => c.name));
  const router = createRouter({
    commands,
    services,
    logger: logger.child({ part: 'router' }),
    rateLimiter: createRateLimiter({ limit: config.limits.commandsPerUserPerMinute, windowMs: 60_000, clock }),
    // The limit protects a shared chat bot from one busy user; the console is local and scriptable.
    unlimitedPlatforms: ['console'],
    // Unknown names typed by users must not become metric labels (unbounded series).
    onCommand: metrics ? (info) => metrics.command({ ...info, command: known.has(info.command) ? info.command : 'unknown' }) : undefined,
  });

  const replies = createReplyPath({ router, memory: services.memory, logger: logger.child({ part: 'replies' }) });

  return {
    config, logger, clock, corpus, index, store, commandStore, engines, defaultEngine, services, commands, router, replies, instanceId, feeds,
    async close() {
      await feeds.stop();
      await corpus.close();
      await store.close();
    },
  };
}

/** The seed folders and the store's feed articles as one corpus, and the store they share. */
async function openDocuments(config: Config, options: CreateBriefbotOptions, clock: Clock, logger: Logger): Promise<{ store: Store; articles: ArticleCorpus; corpus: Corpus }> {
  const files = await createCorpus({
    dirs: config.seeds.dirs,
    maxFileBytes: config.seeds.maxFileBytes,
    watch: options.watch ?? config.seeds.watch,
    followLinksOutside: config.seeds.followLinksOutside,
    logger: logger.child({ part: 'corpus' }),
    onProgress: options.onLoadProgress ?? ttyLoadProgress(),
  });

  let store: Store;
  try {
    store = options.store ?? (await createStore({ databaseUrl: config.secrets.databaseUrl, dataDir: config.store.dataDir, clock, logger: logger.child({ part: 'store' }) }));
  } catch (error) {
    await files.close();
    throw error;
  }

  // Articles fetched from feeds live in the store (shared by replicas): every verb sees them,
  // whichever seed folders it names. A long-running process re-reads what other replicas fetched.
  let articles: ArticleCorpus;
  try {
    articles = await createArticleCorpus({
      store, clock, logger: logger.child({ part: 'articles' }), retentionDays: config.feeds.retentionDays,
      refreshMs: (options.watch ?? config.seeds.watch) ? ARTICLE_REFRESH_MS : null,
    });
  } catch (error) {
    await files.close();
    await store.close();
    throw error;
  }
  return { store, articles, corpus: createCompositeCorpus([files, articles]) };
}

/** The offline engine, and the OpenAI one (loaded on its first use) when a model is configured. */
function createEngines(
  config: Config,
  deps: { entities: boolean; store: DegradedStore; clock: Clock; logger: Logger; metrics: CreateBriefbotOptions['metrics'] },
): { engines: Map<string, Engine>; defaultEngine: string } {
  const { entities, clock, logger, metrics } = deps;
  const offline = createOfflineEngine({ entities });
  const engines = new Map<string, Engine>([[offline.name, offline]]);
  const { openaiApiKey, openaiBaseUrl } = config.secrets;
  if (openaiApiKey || openaiBaseUrl) {
    const o = config.engine.openai;
    engines.set('openai', createLazyOpenAIEngine({
      apiKey: openaiApiKey ?? 'not-needed',
      baseURL: openaiBaseUrl ?? undefined,
      model: o.model,
      temperature: o.temperature,
      maxOutputTokens: o.maxOutputTokens,
      timeoutMs: o.timeoutMs,
      maxRetries: o.maxRetries,
      deadlineMs: o.deadlineMs,
      concurrency: o.concurrency,
      budgetPerBrief: o.budgetPerBrief,
      budgetPerDay: o.budgetPerDay,
      briefPromptTokens: o.briefPromptTokens,
      store: deps.store,
      clock,
      logger: logger.child({ part: 'openai' }),
      fallback: offline,
      entities,
      onCall: metrics ? (info) => metrics.llmCall(info) : undefined,
      onFallback: metrics ? (info) => metrics.llmFallback(info) : undefined,
    }));
  }
  const defaultEngine = config.engine.default === 'auto' ? (engines.has('openai') ? 'openai' : 'offline') : config.engine.default;
  return { engines, defaultEngine };
}
