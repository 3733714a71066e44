// The digest scheduler of a running process: it posts through the connected platforms' outboxes
// on the reply path, so a posted digest is a brief like any other and its thread takes follow-up
// questions.
import type { Logger } from './core/logger.ts';
import type { Briefbot } from './main.ts';
import type { Metrics } from './ops/metrics.ts';
import type { ChatPlatform } from './platforms/platform-types.ts';
import { PostError } from './platforms/post-error.ts';
import { createDigestScheduler, type DigestScheduler } from './scheduler/digest-scheduler.ts';

export function createDigests(app: Briefbot, platforms: readonly ChatPlatform[], options: { logger: Logger; metrics: Metrics; stopTimeoutMs: number }): DigestScheduler {
  const chats = new Map(platforms.map((p) => [p.name, p]));
  return createDigestScheduler({
    store: app.store,
    services: app.services,
    hasPlatform: (name) => chats.has(name),
    deliver: async (name, conversationId, reply) => {
      const chat = chats.get(name);
      if (!chat) throw new PostError('platform_not_connected', `platform ${name} is not connected on this replica`, { retryable: false });
      return app.replies.deliver(chat.outbox(conversationId), reply);
    },
    clock: app.clock,
    logger: options.logger,
    config: { digests: app.config.digests, digest: app.config.digest },
    owner: app.instanceId,
    stopTimeoutMs: options.stopTimeoutMs,
    onFire: (info) => options.metrics.digestFire(info),
  });
}
