// Which documents belong to which topic. Recomputed lazily per corpus snapshot, so a watched
// file change moves documents between topics without a restart.
import type { Corpus, Document, Retriever, Topic, TopicRef, TopicService, TopicSummary } from '../core/types.ts';
import { terms, words } from '../retrieval/terms.ts';
import { editDistance } from './fuzzy.ts';

export interface TopicDefinition extends Topic {
  minKeywordMatches: number;
}

export interface TopicServiceOptions {
  topics: readonly TopicDefinition[];
  corpus: Corpus;
  retriever: Retriever;
  /** Minimum retrieval score for a topic `query` to pull a document in. */
  minQueryScore: number;
}

export function createTopicService(options: TopicServiceOptions): TopicService {
  const { corpus, retriever } = options;
  const topics = new Map(options.topics.map((t) => [t.slug, t]));
  let cachedVersion = -1;
  let membership = new Map<string, Document[]>();
  const docWords = new WeakMap<Document, { terms: Set<string>; lower: string }>();

  const wordsOf = (doc: Document) => {
    let entry = docWords.get(doc);
    if (!entry) {
      const lower = ` ${words(`${doc.title} ${doc.text}`).join(' ')} `;
      entry = { terms: new Set(terms(`${doc.title} ${doc.text}`)), lower };
      docWords.set(doc, entry);
    }
    return entry;
  };

  function keywordMatches(topic: TopicDefinition, doc: Document): number {
    const { terms: set, lower } = wordsOf(doc);
    let n = 0;
    for (const keyword of topic.keywords) {
      const kwTerms = terms(keyword);
      const hit = kwTerms.length > 1 || keyword.includes(' ')
        ? lower.includes(` ${words(keyword).join(' ')} `)
        : kwTerms.length === 1 && set.has(kwTerms[0]);
      if (hit) n++;
    }
    return n;
  }

  function compute(): Map<string, Document[]> {
    const snapshot = corpus.current();
    if (snapshot.version === cachedVersion) return membership;
    const next = new Map<string, Document[]>();
    for (const topic of topics.values()) {
      const files = topic.files.map(normalizePath);
      const byQuery = topic.query
        ? new Set(retriever.search(topic.query, { limit: 500 }).filter((h) => h.score >= options.minQueryScore).map((h) => h.passage.docId))
        : new Set<string>();
      const docs = snapshot.documents.filter((doc) =>
        doc.topics.includes(topic.slug) ||
        files.some((f) => normalizePath(doc.path).endsWith(f)) ||
        byQuery.has(doc.id) ||
        (topic.keywords.length > 0 && keywordMatches(topic, doc) >= Math.min(topic.minKeywordMatches, topic.keywords.length)),
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
      const needle = input.trim().toLowerCase();
      if (!needle) return [];
      const scored = [...compute().keys()].map((slug) => {
        const t = refOf(slug);
        const distance = Math.min(editDistance(needle, slug), editDistance(needle, t.title.toLowerCase()));
        const contains = slug.includes(needle) || needle.includes(slug);
        return { slug, distance: contains ? Math.min(distance, 1) : distance };
      });
      const limit = Math.max(2, Math.floor(needle.length / 3));
      return scored.filter((s) => s.distance <= limit).sort((a, b) => a.distance - b.distance || a.slug.localeCompare(b.slug)).map((s) => s.slug);
    },
    complete(partial, limit = 25): TopicRef[] {
      const needle = partial.trim().toLowerCase();
      const all = [...compute().keys()].map(refOf);
      const rank = (t: Topic) => {
        if (!needle) return 1;
        if (t.slug.startsWith(needle)) return 0;
        if (t.slug.includes(needle) || t.title.toLowerCase().includes(needle)) return 1;
        return 2;
      };
      return all
        .filter((t) => rank(t) < 2)
        .sort((a, b) => rank(a) - rank(b) || a.slug.localeCompare(b.slug))
        .slice(0, limit)
        .map((t) => ({ slug: t.slug, title: t.title }));
    },
  };
}

function normalizePath(p: string): string {
  return p.replace(/\\/g, '/').replace(/^\.\//, '');
}

function byDateDesc(a: Document, b: Document): number {
  return (b.date ?? '').localeCompare(a.date ?? '') || a.path.localeCompare(b.path);
}
