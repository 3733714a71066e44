// `npm run discord:register [-- --guild <id>]`: registers the slash commands built from the same
// definitions the router dispatches, in one guild (instant; for development) or globally.
// Sends nothing when Discord already has exactly these commands.
import { join } from 'node:path';
import type { Config } from '../../config/schema.ts';
import { UserFacingError } from '../../core/errors.ts';
import type { CommandDefinition } from '../../../commands/command-types.ts';
import { baseCommands } from '../../../commands/index.ts';
import type { Logger } from '../../core/logger.ts';
import { registerDiscordCommands, type RegisterResult } from './command-registration.ts';
import { discordConfig } from './discord-config.ts';
import { inviteUrl } from './permissions.ts';

export interface RegisterCliOptions {
  config: Config;
  logger: Logger;
  /** --guild; else the `discord.guildId` setting (DISCORD_GUILD_ID); neither: global commands. */
  guildId?: string | null;
  /** The dispatching command list (the router's own); loading no corpus and opening no store. */
  definitions?: readonly CommandDefinition[];
  /** Where the summary goes (stdout by default). */
  print?: (line: string) => void;
}

export async function registerFromCli(options: RegisterCliOptions): Promise<number> {
  const { config, logger } = options;
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const own = discordConfig.of(config);
  const token = own.secrets.token;
  const guildId = options.guildId ?? own.settings.guildId;
  if (!token) {
    throw new UserFacingError('discord_token_missing', 'Set DISCORD_TOKEN (the bot token from the Discord developer portal, Bot page) to register commands.');
  }
  const definitions = options.definitions ?? baseCommands;
  let result: RegisterResult;
  try {
    result = await registerDiscordCommands({
      token,
      apiUrl: own.endpoints.apiUrl,
      guildId,
      definitions,
      logger,
      stateFile: join(config.store.dataDir, 'discord-commands.json'),
    });
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 401) throw new UserFacingError('discord_token_invalid', 'Discord rejected DISCORD_TOKEN (401). Copy the token again from the Bot page of your application.');
    if (status === 403 || status === 404) {
      throw new UserFacingError('discord_register_forbidden', guildId
        ? `Discord refused commands in guild ${guildId} (${status}): is the bot invited there with the applications.commands scope?`
        : `Discord refused the registration (${status}).`);
    }
    throw error;
  }
  const where = result.scope === 'global' ? 'globally (may take up to an hour to appear everywhere)' : `in guild ${guildId}`;
  print(result.changed ? `Registered ${result.count} commands ${where}.` : `Commands unchanged ${where}: nothing sent.`);
  print(`Invite URL: ${inviteUrl(result.applicationId)}`);
  return 0;
}
