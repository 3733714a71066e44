// Discord's part of the configuration: the `discord:` section of the files, DISCORD_GUILD_ID,
// and its token and API URL from the environment.
import { z } from 'zod';
import { definePlatformSection } from '../../config/platform-section.ts';

export const discordConfig = definePlatformSection({
  name: 'discord',
  settings: z.strictObject({
    /** Guild for `discord:register --guild`; empty = global commands. */
    guildId: z.string().nullable().default(null),
    createThreads: z.boolean().default(true),
    /** Privileged Message Content intent: answer plain replies in brief threads, not only mentions. */
    messageContent: z.boolean().default(false),
  }),
  envSettings: [{ env: 'DISCORD_GUILD_ID', path: ['guildId'], kind: 'string' }],
  secrets: {
    token: { env: 'DISCORD_TOKEN' },
  },
  endpoints: {
    /** A REST proxy; the gateway URL then comes from that API. */
    apiUrl: { env: 'DISCORD_API_URL' },
  },
});
