// The DigestService commands see: subscribe / list / unsubscribe / preview with every rule a
// person can break answered by a UserFacingError that says what to do instead. Schedules and
// timezones are read and described here, so the command only formats what it gets back.
import { randomBytes } from 'node:crypto';
import type { FileConfig } from '../config/schema.ts';
import { requireAdmin, type AdminRule } from '../core/admin.ts';
import { UserFacingError } from '../core/errors.ts';
import type { Reply, Services } from '../../commands/command-types.ts';
import type { Clock } from '../core/clock.ts';
import type { DigestService, Subscription } from './digest-types.ts';
import type { Store } from '../store/store.ts';
import { buildDigest } from './digest-content.ts';
import { describeCron } from './describe-schedule.ts';
import { resolveSchedule } from './resolve-schedule.ts';
import { viewSubscription } from './subscription-view.ts';
import { completeTimezone, splitTimezone } from './timezones.ts';

export type DigestSettings = FileConfig['digest'];

export const PERMISSION: AdminRule = { action: 'change digests', anyone: '`/digest list` and `/digest preview <topic>`' };

export interface DigestServiceOptions {
  store: Store;
  services: Pick<Services, 'briefing' | 'topics'>;
  clock: Clock;
  settings: DigestSettings;
  /** Platforms this process can post to; a subscription elsewhere would never fire. */
  canPost(platform: string): boolean;
  /** Called after a subscription is stored / removed, so it is scheduled / stopped at once. */
  onSubscribed(sub: Subscription): void;
  onUnsubscribed(id: string): void;
}

type SubscribeInput = Parameters<DigestService['subscribe']>[0];

function resolveTopic(topics: Services['topics'], input: string): { slug: string; title: string } {
  const slug = input.trim().toLowerCase();
  const topic = slug ? topics.get(slug) : null;
  if (topic) return { slug: topic.slug, title: topic.title };
  const close = slug ? topics.suggest(slug).slice(0, 3) : [];
  const known = topics.list().map((t) => t.slug);
  const hint = close.length
    ? `Did you mean ${close.map((s) => `\`${s}\``).join(', ')}?`
    : `Topics: ${known.slice(0, 10).map((s) => `\`${s}\``).join(', ') || 'none are configured'}.`;
  throw new UserFacingError('unknown_topic', `There is no topic \`${input.trim()}\`. ${hint} Example: \`/digest subscribe ${close[0] ?? known[0] ?? 'us-russia'} daily at 08:00\``);
}

async function newId(store: Store): Promise<string> {
  for (;;) {
    const id = `dg-${randomBytes(4).toString('hex')}`;
    if (!(await store.getSubscription(id))) return id;
  }
}

/** The subscription `input` asks for, once it passes every rule (not yet stored). */
async function newSubscription(options: DigestServiceOptions, input: SubscribeInput): Promise<Subscription> {
  const { store, settings } = options;
  const topic = resolveTopic(options.services.topics, input.topic);
  // A zone typed at the end of the schedule counts only when none was given on its own.
  const typed = input.timezone?.trim() ? { schedule: input.schedule, timezone: input.timezone } : splitTimezone(input.schedule ?? '');
  const when = typed.schedule?.trim() || settings.defaultSchedule;
  const { cron, timezone } = resolveSchedule(when, typed.timezone?.trim() || 'UTC', { minIntervalMinutes: settings.minIntervalMinutes });
  if (!options.canPost(input.platform)) {
    throw new UserFacingError('digests_unavailable', `Digests cannot be posted on ${input.platform} by this bot.`);
  }
  const existing = await store.listSubscriptions({ conversationId: input.conversationId });
  const same = existing.find((s) => s.topic === topic.slug && s.cron === cron && s.timezone === timezone);
  if (same) {
    throw new UserFacingError('already_subscribed', `This channel already gets the ${topic.title} digest ${describeCron(cron)} (${timezone}) — id \`${same.id}\`.`);
  }
  if (existing.length >= settings.maxPerChannel) {
    throw new UserFacingError(
      'too_many_digests',
      `This channel already has ${existing.length} digests, the most allowed is ${settings.maxPerChannel}. `
        + 'Remove one first: `/digest list`, then `/digest unsubscribe <id>`.',
    );
  }
  return {
    id: await newId(store),
    platform: input.platform,
    conversationId: input.conversationId,
    topic: topic.slug,
    cron,
    timezone,
    length: input.length ?? 'short',
    postWhenEmpty: false,
    source: 'chat',
    createdBy: input.user.id,
    createdAt: options.clock.now().toISOString(),
  };
}

async function previewDigest(options: DigestServiceOptions, topicInput: string, conversationId: string): Promise<Reply> {
  const { store, services, settings, clock } = options;
  const topic = resolveTopic(services.topics, topicInput);
  const subs = await store.listSubscriptions({ conversationId });
  // The channel's own subscription decides what is "new" (its seen documents) and the length;
  // without one, a first digest covers everything current.
  const sub: Subscription = subs.find((s) => s.topic === topic.slug) ?? {
    id: `preview:${conversationId}:${topic.slug}`,
    platform: conversationId.split(':')[0] ?? '',
    conversationId,
    topic: topic.slug,
    cron: resolveSchedule(settings.defaultSchedule, 'UTC', { minIntervalMinutes: 0 }).cron,
    timezone: 'UTC',
    length: 'short',
    postWhenEmpty: true,
    source: 'chat',
    createdBy: null,
    createdAt: clock.now().toISOString(),
  };
  const content = await buildDigest({ store, services }, sub, { scheduledAt: clock.now(), late: false, preview: true });
  return content.reply;
}

export function createDigestService(options: DigestServiceOptions): DigestService {
  const { store, services, clock } = options;
  const view = (sub: Subscription) => viewSubscription(sub, services.topics, clock.now());

  return {
    async subscribe(input) {
      requireAdmin(input.user, PERMISSION);
      const sub = await newSubscription(options, input);
      await store.putSubscription(sub, input.user.id);
      options.onSubscribed(sub);
      return view(sub);
    },

    async list(conversationId) {
      return (await store.listSubscriptions({ conversationId })).map(view);
    },

    async unsubscribe(id, conversationId, user) {
      requireAdmin(user, PERMISSION);
      const sub = await store.getSubscription(id.trim());
      if (!sub || sub.conversationId !== conversationId) {
        throw new UserFacingError('digest_not_found', `This channel has no digest \`${id.trim()}\`. See the ids with \`/digest list\`.`);
      }
      if (sub.source === 'config') {
        throw new UserFacingError(
          'digest_from_config',
          `Digest \`${sub.id}\` comes from the bot's configuration file; an operator has to remove it there (it would come back on the next restart).`,
        );
      }
      await store.deleteSubscription(sub.id, user.id);
      options.onUnsubscribed(sub.id);
    },

    preview: (topic, conversationId) => previewDigest(options, topic, conversationId),
    completeTimezone,
  };
}
