// The articles fetched from feeds, as a corpus. They live in the store so every replica shares
// them: each replica reads what is new there every few seconds (and at once after its own
// fetch), so an article one replica fetched is briefed by all of them.
import { createSnapshot } from '../corpus/corpus-snapshot.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { Corpus, CorpusSnapshot, Document } from '../corpus/corpus-types.ts';
import { articleDocument } from './article-document.ts';
import type { StoredArticle } from './feed-types.ts';

export interface ArticleCorpus extends Corpus {
  /** Reads what changed in the store; resolves to the number of documents added or updated. */
  refresh(): Promise<number>;
}

export interface ArticleCorpusOptions {
  store: { listArticles(options?: { updatedAfter?: string; limit?: number }): Promise<StoredArticle[]> };
  clock: Clock;
  logger: Logger;
  /** Articles fetched longer ago than this leave the corpus (feeds.retentionDays). */
  retentionDays: number;
  /** Re-read the store this often (null: only on refresh(); one-shot CLI verbs). */
  refreshMs: number | null;
}

/** Another replica's clock may run a little behind ours: re-read this far back (ids dedupe). */
const CLOCK_SLACK_MS = 5 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

export async function createArticleCorpus(options: ArticleCorpusOptions): Promise<ArticleCorpus> {
  const { store, clock, logger } = options;
  const byId = new Map<string, { doc: Document; fetchedAt: number }>();
  let cursor: string | undefined;
  let version = 0;
  let snapshot: CorpusSnapshot = createSnapshot([], 0);
  const listeners = new Set<(s: CorpusSnapshot) => void>();
  let running: Promise<number> | null = null;

  const expire = (): boolean => {
    const cutoff = clock.now().getTime() - options.retentionDays * DAY_MS;
    let removed = false;
    for (const [id, entry] of byId) if (entry.fetchedAt < cutoff) removed = byId.delete(id) || removed;
    return removed;
  };

  const pull = async (): Promise<number> => {
    const since = cursor ? new Date(Date.parse(cursor) - CLOCK_SLACK_MS).toISOString() : undefined;
    const articles = await store.listArticles(since ? { updatedAfter: since } : undefined);
    let changed = 0;
    for (const article of articles) {
      if (!cursor || article.updatedAt > cursor) cursor = article.updatedAt;
      if (byId.get(article.id)?.doc.hash === article.contentHash) continue;
      byId.set(article.id, { doc: articleDocument(article), fetchedAt: Date.parse(article.fetchedAt) });
      changed++;
    }
    if (changed || expire()) {
      snapshot = createSnapshot([...byId.values()].map((e) => e.doc), ++version);
      for (const listener of [...listeners]) {
        try {
          listener(snapshot);
        } catch (error) {
          logger.error({ err: (error as Error)?.message ?? String(error) }, 'corpus change listener failed');
        }
      }
    }
    return changed;
  };

  const refresh = (): Promise<number> => {
    // One read at a time; a refresh asked for meanwhile joins the one in flight.
    running ??= pull().finally(() => { running = null; });
    return running;
  };

  try {
    await refresh();
  } catch (error) {
    // The seed folders still serve; the timer (or the next fetch) reads the articles later.
    logger.warn({ err: (error as Error)?.message ?? String(error) }, 'reading feed articles from the store failed; starting without them');
  }
  let timer: NodeJS.Timeout | null = null;
  if (options.refreshMs) {
    timer = setInterval(() => {
      refresh().catch((error: unknown) => logger.warn({ err: (error as Error)?.message ?? String(error) }, 'reading feed articles from the store failed; will retry'));
    }, options.refreshMs);
    timer.unref();
  }

  return {
    current: () => snapshot,
    warnings: () => [],
    onChange(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    refresh,
    async close() {
      if (timer) clearInterval(timer);
      timer = null;
      listeners.clear();
      if (running) await running.catch(() => {});
    },
  };
}
