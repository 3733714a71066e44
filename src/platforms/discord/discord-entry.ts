// Discord's registry entry: on with DISCORD_TOKEN. discord.js loads only when Discord is on.
import type { PlatformEntry } from '../platform-entry.ts';
import { discordConfig } from './discord-config.ts';

export const discordEntry: PlatformEntry = {
  name: discordConfig.name,
  config: discordConfig,
  enabled: (config) => Boolean(discordConfig.of(config).secrets.token),
  async create({ config, logger, firstSeen, onAck, stopTimeoutMs }) {
    const { createDiscordPlatform } = await import('./discord-platform.ts');
    const { settings, secrets, endpoints } = discordConfig.of(config);
    return createDiscordPlatform({
      token: secrets.token!,
      apiUrl: endpoints.apiUrl,
      logger,
      createThreads: settings.createThreads,
      messageContent: settings.messageContent,
      firstSeen,
      stopTimeoutMs,
      onAck,
    });
  },
};
