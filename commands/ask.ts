import type { CommandDefinition } from './command-types.ts';

const ask: CommandDefinition = {
  name: 'ask',
  description: 'Ask a question; answered from the documents with citations',
  example: 'ask what did Peskov say? --topic us-russia',
  options: [
    { name: 'question', description: 'Your question', type: 'string', required: true, rest: true },
    { name: 'topic', description: 'Only look in this topic', type: 'string', autocomplete: true },
  ],
  async run(ctx) {
    const answer = await ctx.services.answers.answer(String(ctx.options.question), {
      topic: ctx.options.topic as string | undefined,
      conversationId: ctx.conversationId,
    });
    return { kind: 'answer', answer };
  },
  complete(option, partial, services) {
    return option === 'topic' ? services.topics.complete(partial).map((t) => t.slug) : [];
  },
};

export default ask;
