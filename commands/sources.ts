import type { CommandDefinition } from './command-types.ts';

const MAX_LISTED = 25;

const sources: CommandDefinition = {
  name: 'sources',
  description: 'List the documents I know, optionally for one topic',
  example: 'sources us-russia',
  options: [{ name: 'topic', description: 'A topic slug', type: 'string', autocomplete: true }],
  async run(ctx) {
    const topic = ctx.options.topic as string | undefined;
    const list = ctx.services.sources.list(topic);
    if (!list.length) return { kind: 'text', text: topic ? `No documents match \`${topic}\` yet.` : 'No documents are loaded.' };
    const lines = list.slice(0, MAX_LISTED).map((s) => {
      const where = s.url && s.url !== s.path ? `\`${s.path}\` — ${s.url}` : `\`${s.path}\``;
      return `• ${s.title}${s.outlet ? ` — ${s.outlet}` : ''} — ${where}${s.date ? ` (${s.date.slice(0, 10)})` : ''}`;
    });
    if (list.length > MAX_LISTED) lines.push(`…and ${list.length - MAX_LISTED} more.`);
    return { kind: 'text', title: topic ? `Sources for ${topic}` : 'Sources', text: lines.join('\n') };
  },
  complete(option, partial, services) {
    return option === 'topic' ? services.topics.complete(partial).map((t) => t.slug) : [];
  },
};

export default sources;
