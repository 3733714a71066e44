// Discord's registry entry: on with DISCORD_TOKEN. discord.js loads only when Discord is on.
import type { PlatformEntry } from '../platform-entry.ts';

export const discordEntry: PlatformEntry = {
  name: 'discord',
  enabled: (config) => Boolean(config.secrets.discordToken),
  async create({ config, logger, firstSeen, onAck, stopTimeoutMs }) {
    const { createDiscordPlatform } = await import('./discord-platform.ts');
    return createDiscordPlatform({
      token: config.secrets.discordToken!,
      apiUrl: config.secrets.discordApiUrl,
      logger,
      createThreads: config.discord.createThreads,
      messageContent: config.discord.messageContent,
      firstSeen,
      stopTimeoutMs,
      onAck,
    });
  },
};
