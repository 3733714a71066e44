// Digests declared in config become subscriptions in the store (source 'config'), so they are
// scheduled, claimed and recorded exactly like the ones made in chat. Only real changes are
// written, so restarting N replicas does not fill the audit log.
import { createHash } from 'node:crypto';
import type { DigestConfig } from '../config/schema.ts';
import { ConfigError, isUserFacing } from '../core/errors.ts';
import type { TopicService } from '../briefing/service-types.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { Subscription } from './digest-types.ts';
import type { Store } from '../store/store.ts';
import { resolveSchedule } from './resolve-schedule.ts';
import { normaliseTimezone } from './timezones.ts';

const CONFIG_ACTOR = 'config';

/** Stable across restarts and replicas: the same platform, channel and topic give the same id. */
export function configDigestId(d: Pick<DigestConfig, 'platform' | 'channel' | 'topic'>): string {
  return `cfg-${createHash('sha256').update(`${d.platform}\n${d.channel}\n${d.topic}`).digest('hex').slice(0, 12)}`;
}

/** Validates every config digest and returns the subscriptions it declares; ConfigError lists every problem. */
export function configSubscriptions(
  digests: readonly DigestConfig[],
  deps: { topics: Pick<TopicService, 'get' | 'suggest'>; minIntervalMinutes: number; now: Date },
): Subscription[] {
  const issues: string[] = [];
  const out: Subscription[] = [];
  const ids = new Map<string, number>();
  digests.forEach((d, i) => {
    const id = d.id ?? configDigestId(d);
    const before = ids.get(id);
    if (before !== undefined) {
      issues.push(`digests.${i}.id: digest ${before} already uses the id "${id}" (same platform, channel and topic); give one of them an explicit \`id\``);
      return;
    }
    ids.set(id, i);
    const topic = d.topic.trim().toLowerCase();
    if (!deps.topics.get(topic)) {
      const close = deps.topics.suggest(topic);
      issues.push(`digests.${i}.topic: unknown topic "${d.topic}"${close.length ? ` (did you mean ${close.slice(0, 3).map((s) => `"${s}"`).join(', ')}?)` : ''}`);
    }
    // The timezone is checked on its own first, so a bad timezone and a bad schedule are both listed.
    let timezone = d.timezone;
    try {
      normaliseTimezone(d.timezone);
    } catch (error) {
      if (!isUserFacing(error)) throw error;
      issues.push(`digests.${i}.timezone: ${error.message}`);
      timezone = 'UTC';
    }
    let schedule: { cron: string; timezone: string } | null = null;
    try {
      schedule = resolveSchedule(d.schedule, timezone, { minIntervalMinutes: deps.minIntervalMinutes });
    } catch (error) {
      if (!isUserFacing(error)) throw error;
      const path = error.code === 'invalid_timezone' ? 'timezone' : 'schedule';
      issues.push(`digests.${i}.${path}: ${error.message}`);
    }
    if (!schedule || timezone !== d.timezone) return;
    out.push({
      id, platform: d.platform, conversationId: `${d.platform}:${d.channel}`, topic, cron: schedule.cron,
      timezone: schedule.timezone, length: d.length, postWhenEmpty: d.postWhenEmpty, source: 'config',
      createdBy: null, createdAt: deps.now.toISOString(),
    });
  });
  if (issues.length) throw new ConfigError(issues);
  return out;
}

function sameSchedule(a: Subscription, b: Subscription): boolean {
  return a.cron === b.cron && a.timezone === b.timezone;
}

function sameDefinition(a: Subscription, b: Subscription): boolean {
  return sameSchedule(a, b) && a.platform === b.platform && a.conversationId === b.conversationId && a.topic === b.topic
    && a.length === b.length && a.postWhenEmpty === b.postWhenEmpty && a.source === b.source;
}

export interface ConfigSyncResult {
  added: string[];
  updated: string[];
  removed: string[];
}

/** Writes config digests into the store: adds new ones, updates changed ones, removes config digests no longer configured. */
export async function syncConfigDigests(
  digests: readonly DigestConfig[],
  deps: { store: Store; topics: Pick<TopicService, 'get' | 'suggest'>; minIntervalMinutes: number; clock: Clock; logger: Logger },
): Promise<ConfigSyncResult> {
  const now = deps.clock.now();
  const wanted = configSubscriptions(digests, { topics: deps.topics, minIntervalMinutes: deps.minIntervalMinutes, now });
  const existing = new Map((await deps.store.listSubscriptions()).map((s) => [s.id, s]));
  const result: ConfigSyncResult = { added: [], updated: [], removed: [] };
  for (const sub of wanted) {
    const current = existing.get(sub.id);
    if (current && sameDefinition(current, sub)) continue;
    // A changed schedule starts afresh (no catch-up of fires from the old schedule); a changed
    // length or channel keeps the subscription's history.
    const createdAt = current && sameSchedule(current, sub) ? current.createdAt : sub.createdAt;
    await deps.store.putSubscription({ ...sub, createdAt }, CONFIG_ACTOR);
    (current ? result.updated : result.added).push(sub.id);
  }
  const wantedIds = new Set(wanted.map((s) => s.id));
  for (const sub of existing.values()) {
    if (sub.source === 'config' && !wantedIds.has(sub.id)) {
      await deps.store.deleteSubscription(sub.id, CONFIG_ACTOR);
      result.removed.push(sub.id);
    }
  }
  if (result.added.length || result.updated.length || result.removed.length) {
    deps.logger.info({ ...result }, 'config digests synced');
  }
  return result;
}
