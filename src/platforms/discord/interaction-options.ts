// Discord delivers options already typed (string, integer, boolean) and nested under the chosen
// subcommand; the router validates them against the same CommandDefinition (`coerceOptions`).
import { ApplicationCommandOptionType, type CommandInteractionOption } from 'discord.js';
import type { OptionValue } from '../../../commands/command-types.ts';

export interface ReadOptions {
  subcommand?: string;
  options: Record<string, OptionValue>;
}

export function readCommandOptions(data: readonly CommandInteractionOption[]): ReadOptions {
  const result: ReadOptions = { options: {} };
  const visit = (list: readonly CommandInteractionOption[]) => {
    for (const option of list) {
      if (option.type === ApplicationCommandOptionType.Subcommand) {
        result.subcommand = option.name;
        visit(option.options ?? []);
      } else if (option.type === ApplicationCommandOptionType.SubcommandGroup) {
        visit(option.options ?? []);
      } else if (typeof option.value === 'string' || typeof option.value === 'number' || typeof option.value === 'boolean') {
        result.options[option.name] = option.value;
      }
    }
  };
  visit(data);
  return result;
}
