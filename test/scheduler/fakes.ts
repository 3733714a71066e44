// Fakes for the digest tests: a topic service over a mutable document list, a briefing service
// that records what it was asked to brief, a chat platform that records posts (and can fail or
// hang on demand), a node-cron stand-in that fires like node-cron's runner, and instant timers.
import { createHash } from 'node:crypto';
import type { TaskOptions } from 'node-cron';
import type { FileConfig } from '../../src/config/schema.ts';
import { createManualClock } from '../../src/core/clock.ts';
import { createMemoryLogger } from '../../src/core/logger.ts';
import type { ChatUser, Reply } from '../../commands/command-types.ts';
import type { BriefingService, TopicService } from '../../src/briefing/service-types.ts';
import type { Document, Topic, TopicRef } from '../../src/corpus/corpus-types.ts';
import type { Brief } from '../../src/engines/engine-types.ts';
import { createDigestScheduler, type CronScheduler, type CronTask, type DigestSchedulerOptions, type SchedulerTimers } from '../../src/scheduler/digest-scheduler.ts';
import type { Store } from '../../src/store/store.ts';

export const admin: ChatUser = { id: 'console:admin', name: 'Ada', isAdmin: true };
export const member: ChatUser = { id: 'console:member', name: 'Mo', isAdmin: false };

export function doc(name: string, text = `Text of ${name}.`): Document {
  const hash = createHash('sha256').update(`${name}\n${text}`).digest('hex');
  return {
    id: hash.slice(0, 12), hash, path: `seeds/${name}.txt`, title: name, date: '2026-03-01', source: null, url: null,
    topics: ['us-russia'], text, passages: [], quotes: [],
  };
}

export interface FakeTopics extends TopicService {
  docs: Map<string, Document[]>;
  add(slug: string, d: Document): void;
}

export function fakeTopics(): FakeTopics {
  const topics: Topic[] = [
    { slug: 'us-russia', title: 'US–Russia relations', description: '', keywords: [], query: null, files: [] },
    { slug: 'energy', title: 'Energy', description: '', keywords: [], query: null, files: [] },
  ];
  const docs = new Map<string, Document[]>([['us-russia', [doc('talks'), doc('sanctions')]], ['energy', []]]);
  return {
    docs,
    add(slug, d) { docs.set(slug, [d, ...(docs.get(slug) ?? [])]); },
    list: () => topics.map((t) => ({ slug: t.slug, title: t.title, description: t.description, documentCount: docs.get(t.slug)?.length ?? 0 })),
    get: (slug) => topics.find((t) => t.slug === slug) ?? null,
    documentsFor: (slug) => [...(docs.get(slug) ?? [])],
    suggest: (input) => topics.map((t) => t.slug).filter((s) => s.startsWith(input.slice(0, 3))),
    complete: (partial, limit = 25) => topics.filter((t) => t.slug.startsWith(partial)).slice(0, limit).map((t) => ({ slug: t.slug, title: t.title })),
  };
}

export interface FakeBriefing extends BriefingService {
  calls: Array<{ topic: TopicRef; docIds: string[]; length?: string }>;
}

export function fakeBriefing(): FakeBriefing {
  const calls: FakeBriefing['calls'] = [];
  const make = (topic: TopicRef | null, documents: readonly Document[]): Brief => ({
    query: topic?.slug ?? '', topic, headline: `${documents.length} documents on ${topic?.title ?? 'it'}`,
    bullets: documents.map((d) => ({ text: d.title, citations: [] })), quotes: [],
    entities: { people: [], organizations: [], places: [] },
    sources: documents.map((d) => ({ docId: d.id, title: d.title, path: d.path, date: d.date })),
    engine: 'fake', notes: ['engine note'],
  });
  return {
    calls,
    async brief(topicOrQuery) { return make({ slug: topicOrQuery, title: topicOrQuery }, []); },
    async briefDocuments(topic, documents, options) {
      calls.push({ topic, docIds: documents.map((d) => d.id), length: options?.length });
      return make(topic, documents);
    },
  };
}

export interface Post { conversationId: string; reply: Reply; messageId: string }

/** A chat the scheduler's `deliver` posts to (no platform contract: the scheduler knows none). */
export interface FakePlatform {
  post(conversationId: string, reply: Reply): Promise<{ messageId: string }>;
  posts: Post[];
  attempts: number;
  /** Errors thrown by the next posts, in order. */
  failures: unknown[];
  /** When set, posts never settle (a replica frozen mid-send). */
  hang: boolean;
}

export function fakePlatform(): FakePlatform {
  let n = 0;
  const platform: FakePlatform = {
    posts: [], attempts: 0, failures: [], hang: false,
    async post(conversationId, reply) {
      platform.attempts++;
      if (platform.hang) return new Promise<never>(() => {});
      const failure = platform.failures.shift();
      if (failure !== undefined) throw failure;
      const messageId = `m${++n}`;
      platform.posts.push({ conversationId, reply, messageId });
      return { messageId };
    },
  };
  return platform;
}

/** The digest posts (briefs or "nothing new" lines) among a platform's posts, without notices. */
export function digestPosts(platform: FakePlatform): Post[] {
  return platform.posts.filter((p) => p.reply.kind === 'brief' || (p.reply.kind === 'text' && p.reply.title !== undefined));
}
export function notices(platform: FakePlatform): Post[] {
  return platform.posts.filter((p) => p.reply.kind === 'text' && p.reply.title === undefined);
}

export interface FakeCronTask extends CronTask {
  expression: string;
  options: TaskOptions;
  fn: (context: { date: Date }) => Promise<unknown>;
  destroyed: boolean;
  missedListeners: Array<(context: { date: Date }) => void>;
}

/** Records tasks; `trigger` runs a slot the way node-cron 4's runner does (coordinator, callback, onComplete). */
export function fakeCron(): CronScheduler & { tasks: FakeCronTask[]; trigger(name: string, slot: Date): Promise<unknown> } {
  const tasks: FakeCronTask[] = [];
  return {
    tasks,
    schedule(expression, fn, options) {
      const task: FakeCronTask = {
        expression, options, fn, destroyed: false, missedListeners: [],
        stop() {},
        destroy() { task.destroyed = true; },
        on(_event, listener) { task.missedListeners.push(listener); },
      };
      tasks.push(task);
      return task;
    },
    async trigger(name, slot) {
      const task = tasks.find((t) => t.options.name === name && !t.destroyed);
      if (!task) throw new Error(`no live cron task ${name}`);
      const key = `${task.options.name}:${slot.toISOString()}`;
      const coordinator = task.options.runCoordinator;
      if (coordinator && !(await coordinator.shouldRun(key, task.options.distributedLease ?? 30_000))) return 'not-elected';
      try {
        return await task.fn({ date: slot });
      } finally {
        await coordinator?.onComplete?.(key);
      }
    },
  };
}

export function instantTimers(): SchedulerTimers & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    setInterval: () => ({}),
    clearInterval: () => {},
    async sleep(ms) { sleeps.push(ms); },
  };
}

export const digestSettings: FileConfig['digest'] = {
  minIntervalMinutes: 15, maxPerChannel: 3, catchUpWindowMinutes: 120, defaultSchedule: 'daily at 08:00', maxAttempts: 4,
};

export interface Rig {
  scheduler: ReturnType<typeof createDigestScheduler>;
  platform: FakePlatform;
  topics: FakeTopics;
  briefing: FakeBriefing;
  cron: ReturnType<typeof fakeCron>;
  timers: ReturnType<typeof instantTimers>;
  logger: ReturnType<typeof createMemoryLogger>;
  posted: Array<{ conversationId: string; messageId: string }>;
}

/** One scheduler replica over `store` with fakes everywhere else. */
export function rig(store: Store, clock: ReturnType<typeof createManualClock>, overrides: Partial<DigestSchedulerOptions> & {
  platform?: FakePlatform; topics?: FakeTopics; briefing?: FakeBriefing;
} = {}): Rig {
  const { platform: givenPlatform, topics: givenTopics, briefing: givenBriefing, ...rest } = overrides;
  const platform = givenPlatform ?? fakePlatform();
  const topics = givenTopics ?? fakeTopics();
  const briefing = givenBriefing ?? fakeBriefing();
  const cron = fakeCron();
  const timers = instantTimers();
  const logger = createMemoryLogger();
  const posted: Rig['posted'] = [];
  const scheduler = createDigestScheduler({
    store,
    services: { topics, briefing },
    hasPlatform: (name) => name === 'console',
    deliver: async (platformName, conversationId, reply) => {
      if (platformName !== 'console') throw new Error(`no platform ${platformName}`);
      const { messageId } = await platform.post(conversationId, reply);
      if (reply.kind === 'brief') posted.push({ conversationId, messageId });
      return { messageId };
    },
    clock,
    logger,
    config: { digests: [], digest: digestSettings },
    owner: 'replica-a',
    timers,
    cron,
    ...rest,
  });
  return { scheduler, platform, topics, briefing, cron, timers, logger, posted };
}
