// `briefbot start`: every platform whose credentials are present (else the console), the digest
// scheduler, and an orderly shutdown on SIGINT/SIGTERM.
import type { Config } from './config/schema.ts';
import type { ChatPlatform, Logger } from './core/types.ts';
import { createBriefbot, type Briefbot } from './main.ts';
import { createConsolePlatform, type ConsolePlatform } from './platforms/console/console-platform.ts';
import { createDigestScheduler } from './scheduler/digest-scheduler.ts';

export interface StartOptions {
  config: Config;
  logger: Logger;
  /** Run the console chat even when chat platforms are configured. */
  forceConsole?: boolean;
  shards?: string;
}

export async function startBot(options: StartOptions): Promise<number> {
  const { config, logger } = options;
  const app = await createBriefbot({ config, logger });
  const platforms = await createPlatforms(app, options);
  const digests = createDigestScheduler({
    store: app.store,
    services: app.services,
    platforms: new Map(platforms.map((p) => [p.name, p])),
    // A posted digest is a brief like any other: its thread takes follow-up questions.
    onPosted: (conversationId, reply) => app.router.posted(conversationId, reply),
    clock: app.clock,
    logger: logger.child({ part: 'digests' }),
    config: { digests: app.config.digests, digest: app.config.digest },
    owner: app.instanceId,
  });
  app.services.digests = digests.service;
  const stopping = { value: false };

  const shutdown = async (reason: string) => {
    if (stopping.value) return;
    stopping.value = true;
    logger.info({ reason }, 'shutting down');
    for (const platform of platforms) {
      await platform.stop().catch((error) => logger.warn({ err: error, platform: platform.name }, 'platform stop failed'));
    }
    await digests.stop();
    await app.close();
  };

  for (const platform of platforms) {
    await platform.start(app.router);
    logger.info({ platform: platform.name, engine: app.defaultEngine, documents: app.corpus.current().documents.length }, 'platform started');
  }
  await digests.start();

  const consolePlatform = platforms.find((p): p is ConsolePlatform => p.name === 'console');
  const signals = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const reason = await Promise.race([signals, consolePlatform ? consolePlatform.done.then(() => 'end of input') : new Promise<string>(() => {})]);
  await shutdown(reason);
  return 0;
}

async function createPlatforms(app: Briefbot, options: StartOptions): Promise<ChatPlatform[]> {
  const { secrets } = app.config;
  const platforms: ChatPlatform[] = [];
  if (secrets.slackBotToken) {
    const { createSlackPlatform } = await import('./platforms/slack/slack-platform.ts');
    platforms.push(createSlackPlatform({
      botToken: secrets.slackBotToken,
      appToken: secrets.slackAppToken,
      signingSecret: secrets.slackSigningSecret,
      slackApiUrl: secrets.slackApiUrl,
      port: app.config.http.port || 3000,
      command: app.config.slack.command,
      adminUserIds: app.config.slack.adminUserIds,
      logger: app.logger.child({ platform: 'slack' }),
      firstSeen: (key) => app.store.claim(key, crypto.randomUUID(), 24 * 60 * 60 * 1000),
    }));
  }
  if (secrets.discordToken) {
    const { createDiscordPlatform } = await import('./platforms/discord/discord-platform.ts');
    platforms.push(createDiscordPlatform({
      token: secrets.discordToken,
      apiUrl: secrets.discordApiUrl,
      logger: app.logger.child({ platform: 'discord' }),
      createThreads: app.config.discord.createThreads,
    }));
  }
  if (!platforms.length || options.forceConsole) platforms.push(createConsolePlatform());
  return platforms;
}
