// Finds the definition a command event runs. `/brief help`, `/brief topics`, `/brief digest list`:
// the root definition's first word may name another command, so a platform that registers one
// command (Slack) reaches them all.
import type { CommandDefinition } from '../../commands/command-types.ts';
import { UserFacingError } from './errors.ts';
import { tokenize } from './text-args.ts';

/** The definition whose first word may name another command. */
export const ROOT_DEFINITION = 'brief';

export interface CommandLookup {
  get(name: string): CommandDefinition | undefined;
  /** The definition and the text left for its options; a UserFacingError for an unknown name. */
  resolve(command: string, text: string | undefined): { def: CommandDefinition; text?: string };
}

export function createCommandLookup(commands: readonly CommandDefinition[]): CommandLookup {
  const byName = new Map(commands.map((c) => [c.name, c]));
  return {
    get: (name) => byName.get(name),
    resolve(command, text) {
      const name = command.replace(/^\//, '').toLowerCase();
      const def = byName.get(name);
      if (!def) {
        throw new UserFacingError('unknown_command', `Unknown command \`/${name}\`. Try ${[...byName.keys()].map((n) => `\`/${n}\``).join(', ')}.`);
      }
      if (def.name === ROOT_DEFINITION && text !== undefined) {
        const first = tokenize(text)[0];
        const sub = first && !first.quoted ? byName.get(first.value.toLowerCase()) : undefined;
        if (sub && sub.name !== ROOT_DEFINITION) return { def: sub, text: text.trim().slice(first.value.length) };
      }
      return { def, text };
    },
  };
}
