import type { CommandDefinition } from './command-types.ts';
import { usage } from '../src/core/text-args.ts';

const help: CommandDefinition = {
  name: 'help',
  description: 'How to use briefbot',
  example: 'help',
  options: [],
  async run(ctx) {
    const lines = ctx.services.commands().map((def) => `• \`${usage(def)}\` — ${def.description}. Example: \`/${def.example}\``);
    return {
      kind: 'text',
      title: 'briefbot',
      text: [
        'I brief you from the documents I was given, and every bullet cites its source.',
        ...lines,
        'After a brief, reply in its thread (or mention me) to ask follow-up questions.',
      ].join('\n'),
      ephemeral: true,
    };
  },
};

export default help;
