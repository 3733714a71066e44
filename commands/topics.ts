import type { CommandDefinition } from './command-types.ts';

const topics: CommandDefinition = {
  name: 'topics',
  description: 'List the topics I can brief',
  example: 'topics',
  options: [],
  async run(ctx) {
    const list = ctx.services.topics.list();
    if (!list.length) return { kind: 'text', text: 'No topics are configured. Any words work too: `/brief nord stream`.' };
    const lines = list.map((t) => `• \`${t.slug}\` — ${t.title} (${t.documentCount} document${t.documentCount === 1 ? '' : 's'})`);
    return { kind: 'text', title: 'Topics', text: `${lines.join('\n')}\n\nBrief one with \`/brief ${list[0].slug}\`.` };
  },
};

export default topics;
