// Which documents belong to which topic. Recomputed lazily per corpus snapshot, so a watched
// file change moves documents between topics without a restart.
import type { Corpus, Document, Topic, TopicRef } from '../corpus/corpus-types.ts';
import type { Retriever } from '../retrieval/retrieval-types.ts';
import type { TopicService, TopicSummary } from './service-types.ts';
import { relevantHits } from './relevance.ts';
import { createKeywordMatcher } from './topic-keywords.ts';
import { completeTopics, suggestTopics } from './topic-lookup.ts';

export interface TopicDefinition extends Topic {
  minKeywordMatches: number;
}

export interface TopicServiceOptions {
  topics: readonly TopicDefinition[];
  corpus: Corpus;
  retriever: Retriever & { documentFrequency(term: string): number; readonly documentCount: number };
  /** Minimum retrieval score for a topic `query` to pull a document in. */
  minQueryScore: number;
}

export function createTopicService(options: TopicServiceOptions): TopicService {
  const { corpus, retriever } = options;
  const topics = new Map(options.topics.map((t) => [t.slug, t]));
  let cachedVersion = -1;
  let membership = new Map<string, Document[]>();
  const keywords = createKeywordMatcher();

  function compute(): Map<string, Document[]> {
    const snapshot = corpus.current();
    if (snapshot.version === cachedVersion) return membership;
    const next = new Map<string, Document[]>();
    for (const topic of topics.values()) {
      const files = topic.files.map(normalizePath);
      const byQuery = topic.query
        ? new Set(relevantHits(topic.query, retriever.search(topic.query, { limit: 500 }), { ...retriever, minScore: options.minQueryScore }).map((h) => h.passage.docId))
        : new Set<string>();
      const docs = snapshot.documents.filter((doc) =>
        doc.topics.includes(topic.slug) ||
        files.some((f) => normalizePath(doc.path).endsWith(f)) ||
        byQuery.has(doc.id) ||
        (topic.keywords.length > 0 && keywords.matches(topic, doc) >= Math.min(topic.minKeywordMatches, topic.keywords.length)),
      );
      next.set(topic.slug, docs.sort(byDateDesc));
    }
    // Topics declared only in front matter still show up, titled by their slug.
    for (const doc of snapshot.documents) {
      for (const slug of doc.topics) {
        if (topics.has(slug)) continue;
        const list = next.get(slug) ?? [];
        list.push(doc);
        next.set(slug, list);
      }
    }
    membership = next;
    cachedVersion = snapshot.version;
    return next;
  }

  const refOf = (slug: string): Topic => topics.get(slug) ?? { slug, title: slug, description: '', keywords: [], query: null, files: [] };

  return {
    list(): TopicSummary[] {
      const m = compute();
      return [...m.keys()].map((slug) => {
        const t = refOf(slug);
        return { slug, title: t.title, description: t.description, documentCount: m.get(slug)!.length };
      });
    },
    get(slug) {
      const key = slug.trim().toLowerCase();
      return topics.has(key) || compute().has(key) ? refOf(key) : null;
    },
    documentsFor(slug) {
      return compute().get(slug.trim().toLowerCase()) ?? [];
    },
    suggest(input) {
      return suggestTopics([...compute().keys()].map(refOf), input);
    },
    complete(partial, limit = 25): TopicRef[] {
      return completeTopics([...compute().keys()].map(refOf), partial, limit);
    },
  };
}

function normalizePath(p: string): string {
  return p.replace(/\\/g, '/').replace(/^\.\//, '');
}

function byDateDesc(a: Document, b: Document): number {
  return (b.date ?? '').localeCompare(a.date ?? '') || a.path.localeCompare(b.path);
}
