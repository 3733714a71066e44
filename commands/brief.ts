import type { BriefLength } from '../src/engines/engine-types.ts';
import type { CommandDefinition } from './command-types.ts';

const brief: CommandDefinition = {
  name: 'brief',
  description: 'Brief a topic, or any words to search the documents for',
  example: 'brief us-russia',
  options: [
    { name: 'topic', description: 'A topic slug (see /topics) or a few words to search for', type: 'string', required: true, rest: true, autocomplete: true },
    { name: 'length', description: 'How long the brief should be', type: 'choice', choices: ['short', 'standard', 'detailed'] },
  ],
  async run(ctx) {
    const brief = await ctx.services.briefing.brief(String(ctx.options.topic), {
      length: ctx.options.length as BriefLength | undefined,
      onProgress: ctx.progress,
    });
    return { kind: 'brief', brief };
  },
  complete(option, partial, services) {
    if (option !== 'topic') return [];
    return services.topics.complete(partial).map((t) => t.slug);
  },
};

export default brief;
