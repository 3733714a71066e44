// `/feeds add` checks a URL before storing it: fetched and parsed as a feed, or a reason why not.
import type { Logger } from '../core/logger.ts';
import type { ProbeResult } from './feeds-service.ts';
import type { SafeFetcher } from './safe-fetcher.ts';

export async function probeFeed(url: string, fetcher: () => Promise<SafeFetcher>, log: Logger): Promise<ProbeResult> {
  const [{ parseFeed, FeedParseError }, { DEFAULT_FEED_ACCEPT }, { FetchError }] = await Promise.all([
    import('./parse-feed.ts'), import('./safe-fetcher.ts'), import('./fetch-error.ts'),
  ]);
  try {
    const res = await (await fetcher()).fetch(url, { accept: DEFAULT_FEED_ACCEPT });
    const feed = parseFeed(res.body, res.url);
    return { ok: true, title: feed.title, items: feed.items.length };
  } catch (error) {
    // Reasons are ours (fetch and parse errors), never a stack or a server's page.
    if (error instanceof FetchError || error instanceof FeedParseError) return { ok: false, reason: error.message };
    log.warn({ err: (error as Error)?.message ?? String(error) }, 'feed probe failed');
    return { ok: false, reason: 'it could not be read as a feed' };
  }
}
