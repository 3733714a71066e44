// `/digest subscribe|list|unsubscribe|preview`: scheduled digests of a topic in this channel.
// Options are typed per subcommand so Discord gets real subcommands with string/choice options;
// Slack and the console type the same thing as text (`/digest subscribe us-russia daily at 08:00 Europe/Berlin`).
// The DigestService reads schedules and timezones and describes subscriptions; this only formats.
import type { BriefLength } from '../src/engines/engine-types.ts';
import type { CommandDefinition, Reply } from './command-types.ts';

const LENGTHS = ['short', 'standard', 'detailed'] as const;

const topicOption = {
  name: 'topic', type: 'string', required: true, autocomplete: true,
  description: 'A topic slug (see /topics)',
} as const;

function text(value: string, extra: Partial<Extract<Reply, { kind: 'text' }>> = {}): Reply {
  return { kind: 'text', text: value, ...extra };
}

const digest: CommandDefinition = {
  name: 'digest',
  description: 'Scheduled digests of a topic in this channel',
  example: 'digest subscribe us-russia daily at 08:00 Europe/Berlin',
  options: [],
  subcommands: [
    {
      name: 'subscribe',
      description: 'Post a digest of a topic here on a schedule (channel admins)',
      options: [
        topicOption,
        {
          name: 'when', type: 'string', rest: true,
          description: 'e.g. "daily at 08:00", "weekdays at 9:30", "every 2 hours" or cron; may end with a timezone',
        },
        { name: 'timezone', type: 'string', autocomplete: true, description: 'IANA timezone such as Europe/Berlin (default UTC)' },
        { name: 'length', type: 'choice', choices: LENGTHS, description: 'How long each digest should be (default short)' },
      ],
    },
    { name: 'list', description: "This channel's digests", options: [] },
    {
      name: 'unsubscribe',
      description: 'Stop a digest (channel admins)',
      options: [{ name: 'id', type: 'string', required: true, description: 'The digest id shown by /digest list' }],
    },
    { name: 'preview', description: 'Show what a digest of a topic would post now (posts nothing)', options: [topicOption] },
  ],

  async run(ctx) {
    const digests = ctx.services.digests;
    if (!digests) return text('Digests are not enabled on this bot.', { ephemeral: true });
    const option = (name: string) => (ctx.options[name] === undefined ? undefined : String(ctx.options[name]).trim());

    switch (ctx.subcommand) {
      case 'subscribe': {
        const sub = await digests.subscribe({
          platform: ctx.platform,
          conversationId: ctx.conversationId,
          topic: option('topic') ?? '',
          schedule: option('when') || undefined,
          timezone: option('timezone') || undefined,
          length: option('length') as BriefLength | undefined,
          user: ctx.user,
        });
        return text(
          `This channel now gets a ${sub.length} digest of ${sub.topicTitle} ${sub.when} (${sub.timezone}). `
            + `Next: ${sub.next}. Id \`${sub.id}\` — stop it with \`/digest unsubscribe ${sub.id}\`.`,
          { title: 'Digest subscribed' },
        );
      }
      case 'list': {
        const subs = await digests.list(ctx.conversationId);
        if (!subs.length) {
          return text('This channel has no digests. A channel admin can add one: `/digest subscribe us-russia daily at 08:00 Europe/Berlin`.');
        }
        const lines = subs.map((s) =>
          `• \`${s.id}\` ${s.topicTitle} — ${s.when} (${s.timezone}), ${s.length}`
            + ` · next ${s.next}${s.source === 'config' ? ' · from config' : ''}`);
        return text(`${lines.join('\n')}\n\nPreview one with \`/digest preview <topic>\`.`, { title: 'Digests in this channel' });
      }
      case 'unsubscribe': {
        const id = option('id') ?? '';
        await digests.unsubscribe(id, ctx.conversationId, ctx.user);
        return text(`Digest \`${id}\` stopped; nothing more will be posted for it.`);
      }
      case 'preview':
        return digests.preview(option('topic') ?? '', ctx.conversationId);
      default:
        return text('Use `/digest subscribe`, `/digest list`, `/digest unsubscribe` or `/digest preview`.', { ephemeral: true });
    }
  },

  complete(option, partial, services) {
    if (option === 'topic') return services.topics.complete(partial).map((t) => t.slug);
    if (option === 'timezone') return services.digests?.completeTimezone(partial) ?? [];
    return [];
  },
};

export default digest;
