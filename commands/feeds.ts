// `/feeds list|add|remove`: the news feeds whose articles join the corpus. Anyone can list;
// adding and removing is for the admins who manage digests (the service checks).
import { formatDuration } from '../src/config/duration.ts';
import type { CommandContext, CommandDefinition, Reply } from './command-types.ts';
import { stripUrlCredentials } from '../src/core/url-credentials.ts';
import { FEEDS_ADD_EXAMPLE, type FeedSummary } from '../src/feeds/feeds-service.ts';
import { formatWallTime } from '../src/scheduler/describe-schedule.ts';

const ORIGIN_LABEL = { config: 'from config', env: 'from BRIEFBOT_FEEDS', chat: 'added in chat' } as const;

function text(value: string, extra: Partial<Extract<Reply, { kind: 'text' }>> = {}): Reply {
  return { kind: 'text', text: value, ...extra };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return 'unknown site';
  }
}

/** "new, Sat 1 Mar, 07:05 UTC", "failed (HTTP 503), …", or "not fetched yet". */
function lastPoll(summary: FeedSummary): string {
  const state = summary.state;
  if (!state?.lastFetchedAt) return state?.lastError ? `failed (${stripUrlCredentials(state.lastError)})` : 'not fetched yet';
  const at = `${formatWallTime(new Date(state.lastFetchedAt), 'UTC')} UTC`;
  const status = state.lastStatus ?? 'fetched';
  const reason = status === 'failed' && state.lastError ? ` (${stripUrlCredentials(state.lastError)})` : '';
  return `${status}${reason}, ${at}`;
}

function describeFeed(summary: FeedSummary): string {
  const s = summary.source;
  const topics = s.topics.length ? ` · topics: ${s.topics.join(', ')}` : '';
  return `• \`${s.id}\` ${hostOf(s.url)} — ${stripUrlCredentials(s.url)}\n`
    + `   last: ${lastPoll(summary)} · every ${formatDuration(s.everyMs)}${topics} · ${ORIGIN_LABEL[s.origin] ?? s.origin}`;
}

async function list(ctx: CommandContext): Promise<Reply> {
  const feeds = await ctx.services.feeds!.list();
  if (!feeds.length) return text(`No news feeds yet. A channel admin can add one: \`${FEEDS_ADD_EXAMPLE}\`.`);
  return text(`${feeds.map(describeFeed).join('\n')}\n\nRemove a chat-added feed with \`/feeds remove <id>\`.`, { title: 'News feeds' });
}

const feeds: CommandDefinition = {
  name: 'feeds',
  description: 'News feeds (RSS, Atom, JSON Feed) whose articles I brief',
  example: FEEDS_ADD_EXAMPLE.slice(1),
  options: [],
  subcommands: [
    { name: 'list', description: 'The feeds, their last fetch and interval', options: [] },
    {
      name: 'add',
      description: 'Poll a feed and brief its articles (channel admins)',
      options: [
        { name: 'url', type: 'string', required: true, description: 'The feed address, e.g. https://example.org/world.xml' },
        { name: 'topic', type: 'string', autocomplete: true, description: "Also file the feed's articles under this topic (see /topics)" },
      ],
    },
    {
      name: 'remove',
      description: 'Stop polling a feed added in chat (channel admins)',
      options: [{ name: 'id', type: 'string', required: true, description: 'The feed id shown by /feeds list' }],
    },
  ],

  async run(ctx) {
    const service = ctx.services.feeds;
    if (!service) return text('News feeds are not enabled on this bot.', { ephemeral: true });
    const option = (name: string) => (ctx.options[name] === undefined ? undefined : String(ctx.options[name]).trim());

    switch (ctx.subcommand) {
      case 'list':
        return list(ctx);
      case 'add': {
        const source = await service.add({ url: option('url') ?? '', topic: option('topic') || undefined, user: ctx.user });
        const topics = source.topics.length ? ` Its articles also join ${source.topics.map((t) => `\`${t}\``).join(', ')}.` : '';
        return text(
          `Feed \`${source.id}\` added: ${source.url} is polled every ${formatDuration(source.everyMs)}.${topics}`
            + ` Stop it with \`/feeds remove ${source.id}\`.`,
          { title: 'Feed added' },
        );
      }
      case 'remove': {
        const id = option('id') ?? '';
        if (!(await service.remove(id, ctx.user))) {
          return text(`There is no feed \`${id}\`. See the ids with \`/feeds list\`.`, { ephemeral: true });
        }
        return text(`Feed \`${id}\` removed; it is no longer polled.`);
      }
      default:
        return text('Use `/feeds list`, `/feeds add <url> [topic]` or `/feeds remove <id>`.', { ephemeral: true });
    }
  },

  complete(option, partial, services) {
    if (option === 'topic') return services.topics.complete(partial).map((t) => t.slug);
    return [];
  },
};

export default feeds;
