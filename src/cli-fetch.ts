// `briefbot fetch [--json]`: every feed once, a line each, for cron users and for trying feeds
// out. Needs only the store and the feeds (not the seed folders or an engine). Exit 0 even when
// some feeds failed: each failure is reported on its line, and the other feeds were fetched.
import { randomUUID } from 'node:crypto';
import type { Config } from './config/schema.ts';
import { systemClock } from './core/clock.ts';
import { stripControl as safe } from './core/terminal-text.ts';
import type { Logger } from './core/logger.ts';
import type { PollLine, PollProgress } from './feeds/feed-poller.ts';
import { createFeedsRuntime } from './feeds/feeds-runtime.ts';
import { createStore } from './store/create-store.ts';

/** The `--json` shape of `briefbot fetch` (a public contract; add fields, never rename). */
export interface FetchReport {
  feeds: Array<{ id: string; url: string; outcome: PollLine['outcome']; new: number; updated: number; reason: string | null }>;
  new: number;
  updated: number;
  failed: number;
}

export async function runFetch(options: { config: Config; logger: Logger; json: boolean; stderr?: NodeJS.WriteStream }): Promise<{ code: number; output: string }> {
  const { config, logger } = options;
  const store = await createStore({ databaseUrl: config.secrets.databaseUrl, dataDir: config.store.dataDir, clock: systemClock, logger: logger.child({ part: 'store' }) });
  try {
    const feeds = createFeedsRuntime({ config, store, clock: systemClock, logger, owner: `fetch-${process.pid}-${randomUUID().slice(0, 8)}` });
    const lines = await feeds.fetchAll(ttyFetchProgress(options.stderr ?? process.stderr));
    const report = fetchReport(lines);
    if (options.json) return { code: 0, output: JSON.stringify(report, null, 2) };
    if (!lines.length) return { code: 0, output: 'No feeds configured. Add some under feeds.sources in the config, in BRIEFBOT_FEEDS, or with /feeds add.' };
    const summary = `${lines.length} feed${lines.length === 1 ? '' : 's'}: ${report.new} new article${report.new === 1 ? '' : 's'}, ${report.updated} updated, ${report.failed} failed`;
    return { code: 0, output: [...lines.map(describeLine), summary].join('\n') };
  } finally {
    await store.close();
  }
}

export function fetchReport(lines: readonly PollLine[]): FetchReport {
  return {
    feeds: lines.map((l) => ({ id: l.sourceId, url: l.url, outcome: l.outcome, new: l.newCount, updated: l.updatedCount, reason: l.reason ?? null })),
    new: lines.reduce((n, l) => n + l.newCount, 0),
    updated: lines.reduce((n, l) => n + l.updatedCount, 0),
    failed: lines.filter((l) => l.outcome === 'failed').length,
  };
}

function describeLine(line: PollLine): string {
  const what = line.outcome === 'new'
    ? `${line.newCount} new${line.updatedCount ? `, ${line.updatedCount} updated` : ''}`
    : line.outcome === 'failed' || line.outcome === 'skipped' ? line.reason ?? '' : '';
  return `${line.outcome.padEnd(9)} ${safe(line.url)}${what ? `  ${safe(what)}` : ''}`;
}

/** "Fetching feeds: 12/50" on stderr while it runs — only on a terminal. */
function ttyFetchProgress(stream: NodeJS.WriteStream): ((p: PollProgress) => void) | undefined {
  if (!stream.isTTY) return undefined;
  return ({ done, total }) => stream.write(`\rFetching feeds: ${done}/${total}${done >= total ? '\n' : ''}`);
}
