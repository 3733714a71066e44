// One bot against a fresh fake Discord per test (a second IDENTIFY within 5 s would wait ~5 s),
// with the checks every test shares: nobody pinged, no token logged, no unhandled rejection.
import assert from 'node:assert/strict';
import { createMemoryLogger } from '../../../src/core/logger.ts';
import { createDiscordPlatform, type DiscordPlatform, type DiscordPlatformOptions } from '../../../src/platforms/discord/discord-platform.ts';
import type { EventSink } from '../../../src/platforms/platform-types.ts';
import { startFakeDiscord, type FakeDiscord, type RecordedRequest } from '../../fakes/discord/fake-discord.ts';
import { createFakeSink, type FakeSink, type FakeSinkOptions } from './fake-sink.ts';

export interface Bot<S extends EventSink = FakeSink> {
  fake: FakeDiscord;
  platform: DiscordPlatform;
  sink: S;
  logger: ReturnType<typeof createMemoryLogger>;
}

export interface BotOptions<S extends EventSink> {
  platform?: Partial<DiscordPlatformOptions>;
  sink?: FakeSinkOptions;
  /** A sink of the test's own (the real router, a throwing sink); the fake sink otherwise. */
  makeSink?: (logger: ReturnType<typeof createMemoryLogger>) => S;
  fake?: Parameters<typeof startFakeDiscord>[0];
}

export async function withBot<S extends EventSink = FakeSink>(options: BotOptions<S>, body: (bot: Bot<S>) => Promise<void>): Promise<void> {
  const fake = await startFakeDiscord(options.fake);
  const logger = createMemoryLogger();
  const sink = options.makeSink ? options.makeSink(logger) : (createFakeSink({ engineMs: 2000, logger, ...options.sink }) as unknown as S);
  const platform = createDiscordPlatform({ token: fake.token, apiUrl: fake.apiUrl, logger, ...options.platform });
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    await platform.start(sink);
    await body({ fake, platform, sink, logger });
    // Every message the bot created or edited carried allowed_mentions with nothing to parse.
    assertNoMentions(fake.messageBodies());
    assert.ok(!JSON.stringify(logger.lines).includes(fake.token), 'the bot token is never logged');
    assert.ok(!JSON.stringify(logger.lines).includes('itok_'), 'interaction tokens are never logged');
    assert.deepEqual(unhandled, [], 'no unhandled rejections');
  } finally {
    process.off('unhandledRejection', onUnhandled);
    await platform.stop();
    await fake.close();
  }
}

export function assertNoMentions(bodies: RecordedRequest[]): void {
  for (const r of bodies) {
    const data = r.path.startsWith('/interactions/') ? r.body.data : r.body;
    assert.deepEqual(data.allowed_mentions?.parse, [], `${r.method} ${r.path} must set allowed_mentions.parse = []`);
    assert.notEqual(data.allowed_mentions?.replied_user, true, `${r.method} ${r.path} must not ping the replied-to user`);
  }
}

export const callbackOf = (fake: FakeDiscord, i: { id: string; token: string }) => (r: RecordedRequest) => r.path === `/interactions/${i.id}/${i.token}/callback`;
export const originalOf = (fake: FakeDiscord, i: { token: string }) => (r: RecordedRequest) =>
  r.method === 'PATCH' && r.path === `/webhooks/${fake.world.applicationId}/${i.token}/messages/@original`;
export const followUpsOf = (fake: FakeDiscord, i: { token: string }) => (r: RecordedRequest) => r.method === 'POST' && r.path === `/webhooks/${fake.world.applicationId}/${i.token}`;
export const channelPostsTo = (channelId: string) => (r: RecordedRequest) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`;

/** Claims shared by replicas (a `firstSeen` as the store gives it) that can be made to fail. */
export function createSharedClaims() {
  const seen = new Set<string>();
  const claims = {
    seen,
    broken: false,
    firstSeen: async (key: string) => {
      if (claims.broken) throw new Error('store unreachable');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    },
  };
  return claims;
}
