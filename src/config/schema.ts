import { z } from 'zod';
import { parseDuration } from './duration.ts';
import { feedUrlProblem } from './feed-url.ts';
import type { PlatformValues } from './platform-section.ts';

// Every core setting with its default. Files may only set what is here or in a platform's own
// section (strict objects catch typos); secrets are not part of the file schema at all: they come
// from the environment only.

const length = z.enum(['short', 'standard', 'detailed']);

const topic = z.strictObject({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a lowercase slug such as "us-russia"'),
  title: z.string().min(1),
  description: z.string().default(''),
  keywords: z.array(z.string().min(1)).default([]),
  /** How many distinct keywords a document needs to belong to the topic. */
  minKeywordMatches: z.number().int().min(1).default(2),
  query: z.string().min(1).nullable().default(null),
  files: z.array(z.string().min(1)).default([]),
});

const digest = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]+$/).optional(),
  platform: z.string().min(1),
  channel: z.string().min(1),
  topic: z.string().min(1),
  /** A 5/6-field cron expression or "daily at 08:00", "weekdays at 9:30", "every 2 hours". */
  schedule: z.string().min(1),
  timezone: z.string().default('UTC'),
  length: length.default('short'),
  postWhenEmpty: z.boolean().default(false),
});

const duration = z.string().refine((text) => parseDuration(text) !== null, 'a duration such as "90s", "5m", "2h" or "1d"');

/** Refuses a bad URL without quoting it (it may hold a password). */
export const feedUrl = z.string().superRefine((text, ctx) => {
  const problem = feedUrlProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const feedSource = z.strictObject({
  url: feedUrl,
  /** Polling interval; feeds.defaultEvery when absent, never below feeds.minInterval. */
  every: duration.optional(),
  /** This feed's documents also join these topics. */
  topics: z.array(z.string().min(1)).default([]),
  /** Follow each item's link and extract the article's text when the item carries only a teaser. */
  fetchArticles: z.boolean().default(true),
});

export const configSchema = z.strictObject({
  seeds: z.strictObject({
    dirs: z.array(z.string().min(1)).min(1).default(['seeds']),
    maxFileBytes: z.number().int().positive().default(5 * 1024 * 1024),
    watch: z.boolean().default(true),
    /** Load files that symlinks in the seeds folders point to outside them (off: they are skipped with a warning). */
    followLinksOutside: z.boolean().default(false),
  }).prefault({}),
  engine: z.strictObject({
    /** `auto` = openai when OPENAI_API_KEY is set, else offline. */
    default: z.enum(['auto', 'offline', 'openai']).default('auto'),
    openai: z.strictObject({
      model: z.string().min(1).default('gpt-4.1-mini'),
      temperature: z.number().min(0).max(2).default(0.2),
      maxOutputTokens: z.number().int().positive().default(1200),
      timeoutMs: z.number().int().positive().default(30_000),
      maxRetries: z.number().int().min(0).max(10).default(2),
      /** One overall limit on a brief or an answer (all calls and retries); then the offline result, with a note. */
      deadlineMs: z.number().int().positive().default(20_000),
      concurrency: z.number().int().min(1).default(4),
      /** Token budget for one brief (all its calls), and for all calls in one UTC day. */
      budgetPerBrief: z.number().int().positive().default(48_000),
      budgetPerDay: z.number().int().positive().default(2_000_000),
      /** Passages fitting this many prompt tokens go in one `brief` call; beyond it, map-reduce. */
      briefPromptTokens: z.number().int().positive().default(6_000),
    }).prefault({}),
  }).prefault({}),
  limits: z.strictObject({
    /** Minimum BM25 score for a passage to count as relevant to a question. */
    answerMinScore: z.number().min(0).default(0),
    /** Minimum score for a free-text brief to find a document. */
    briefMinScore: z.number().min(0).default(0),
    maxDocumentsPerBrief: z.number().int().positive().default(20),
    conversationTurns: z.number().int().min(0).default(10),
    /** Commands per user per minute (0 = unlimited). */
    commandsPerUserPerMinute: z.number().int().min(0).default(20),
  }).prefault({}),
  topics: z.array(topic).default([]),
  digests: z.array(digest).default([]),
  digest: z.strictObject({
    minIntervalMinutes: z.number().int().min(1).default(15),
    maxPerChannel: z.number().int().min(1).default(10),
    catchUpWindowMinutes: z.number().int().min(0).default(120),
    defaultSchedule: z.string().default('daily at 08:00'),
    maxAttempts: z.number().int().min(1).default(4),
  }).prefault({}),
  feeds: z.strictObject({
    /** Fetch from private, loopback and link-local addresses (tests, intranet feeds). */
    allowPrivateHosts: z.boolean().default(false),
    /** Articles are kept this many days after they were fetched. */
    retentionDays: z.number().int().min(1).default(30),
    /** No feed is polled more often than this (config, env and chat feeds alike). */
    minInterval: duration.default('5m'),
    /** Interval of feeds that do not give `every` (BRIEFBOT_FEEDS and chat feeds too). */
    defaultEvery: duration.default('30m'),
    sources: z.array(feedSource).default([]),
  }).prefault({}),
  store: z.strictObject({
    dataDir: z.string().min(1).default('./data'),
  }).prefault({}),
  http: z.strictObject({
    /** Port for /healthz, /readyz, /metrics and Slack HTTP mode; 0 = off unless Slack HTTP mode needs it. */
    port: z.number().int().min(0).max(65535).default(0),
    /** Listen address; empty = all interfaces. */
    host: z.string().default(''),
    /** Longest wait on SIGTERM/SIGINT for in-flight replies and claimed digest posts. */
    shutdownTimeoutMs: z.number().int().min(0).default(10_000),
  }).prefault({}),
  log: z.strictObject({
    level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  }).prefault({}),
});

export type FileConfig = z.infer<typeof configSchema>;
export type TopicConfig = z.infer<typeof topic>;
export type DigestConfig = z.infer<typeof digest>;
export type FeedsConfig = z.infer<typeof configSchema>['feeds'];
export type FeedSourceConfig = z.infer<typeof feedSource>;

/** Core secrets and endpoints: environment only, never from files, never logged. */
export interface Secrets {
  openaiApiKey: string | null;
  openaiBaseUrl: string | null;
  databaseUrl: string | null;
}

export interface Config extends FileConfig {
  secrets: Secrets;
  /** Each platform's own section (settings, secrets, endpoints) by name, as its entry declares it. */
  platforms: Readonly<Record<string, PlatformValues>>;
  /** Where the config came from, for `briefbot check`. */
  sources: string[];
  /** Feed URLs from BRIEFBOT_FEEDS (validated like feeds.sources; polled with the defaults). */
  feedsFromEnv?: string[];
}
