// The DigestService commands see: subscribe / list / unsubscribe / preview with every rule a
// person can break answered by a UserFacingError that says what to do instead.
import { randomBytes } from 'node:crypto';
import type { FileConfig } from '../config/schema.ts';
import { permissionMessage, requireAdmin } from '../core/admin.ts';
import { UserFacingError } from '../core/errors.ts';
import type { Reply, Services } from '../../commands/command-types.ts';
import type { Clock } from '../core/clock.ts';
import type { DigestService, Subscription } from './digest-types.ts';
import type { Store } from '../store/store.ts';
import { buildDigest } from './digest-content.ts';
import { describeCron } from './describe-schedule.ts';
import { resolveSchedule } from './resolve-schedule.ts';

export type DigestSettings = FileConfig['digest'];

export const PERMISSION_MESSAGE = permissionMessage('change digests', '`/digest list` and `/digest preview <topic>`');

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

export function createDigestService(options: DigestServiceOptions): DigestService {
  const { store, services, clock, settings } = options;

  function resolveTopic(input: string): { slug: string; title: string } {
    const slug = input.trim().toLowerCase();
    const topic = slug ? services.topics.get(slug) : null;
    if (topic) return { slug: topic.slug, title: topic.title };
    const close = slug ? services.topics.suggest(slug).slice(0, 3) : [];
    const known = services.topics.list().map((t) => t.slug);
    const hint = close.length
      ? `Did you mean ${close.map((s) => `\`${s}\``).join(', ')}?`
      : `Topics: ${known.slice(0, 10).map((s) => `\`${s}\``).join(', ') || 'none are configured'}.`;
    throw new UserFacingError('unknown_topic', `There is no topic \`${input.trim()}\`. ${hint} Example: \`/digest subscribe ${close[0] ?? known[0] ?? 'us-russia'} daily at 08:00\``);
  }

  async function newId(): Promise<string> {
    for (;;) {
      const id = `dg-${randomBytes(4).toString('hex')}`;
      if (!(await store.getSubscription(id))) return id;
    }
  }

  return {
    async subscribe(input) {
      requireAdmin(input.user, PERMISSION_MESSAGE);
      const topic = resolveTopic(input.topic);
      const when = input.schedule?.trim() || settings.defaultSchedule;
      const { cron, timezone } = resolveSchedule(when, input.timezone?.trim() || 'UTC', { minIntervalMinutes: settings.minIntervalMinutes });
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
      const sub: Subscription = {
        id: await newId(),
        platform: input.platform,
        conversationId: input.conversationId,
        topic: topic.slug,
        cron,
        timezone,
        length: input.length ?? 'short',
        postWhenEmpty: false,
        source: 'chat',
        createdBy: input.user.id,
        createdAt: clock.now().toISOString(),
      };
      await store.putSubscription(sub, input.user.id);
      options.onSubscribed(sub);
      return sub;
    },

    async list(conversationId) {
      return store.listSubscriptions({ conversationId });
    },

    async unsubscribe(id, conversationId, user) {
      requireAdmin(user, PERMISSION_MESSAGE);
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

    async preview(topicInput, conversationId): Promise<Reply> {
      const topic = resolveTopic(topicInput);
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
    },
  };
}
