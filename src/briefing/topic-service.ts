// Which documents belong to which topic. Recomputed lazily per corpus snapshot, so a watched
// file change moves documents between topics without a restart.
import type { Corpus, Document, Topic, TopicRef } from '../corpus/corpus-types.ts';
import type { Retriever } from '../retrieval/retrieval-types.ts';
import type { TopicService, TopicSummary } from './service-types.ts';
import { terms, words } from '../retrieval/terms.ts';
import { editDistance } from '../core/edit-distance.ts';
import { relevantHits } from './relevance.ts';

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
  // Keyword counts per document and topic, kept while the document object lives: a watcher
  // event re-reads only changed files, so unchanged documents are not scanned again. Only the
  // counts are kept — a per-document copy of the text would double the corpus in memory.
  const keywordCounts = new WeakMap<Document, Map<string, number>>();
  const keywordForms = new Map<string, Array<{ term: string | null; phrase: string | null }>>();

  function formsOf(topic: TopicDefinition) {
    let forms = keywordForms.get(topic.slug);
    if (!forms) {
      forms = topic.keywords.map((keyword) => {
        const kwTerms = terms(keyword);
        const phrase = kwTerms.length > 1 || keyword.includes(' ') ? ` ${words(keyword).join(' ')} ` : null;
        return { term: phrase ? null : kwTerms[0] ?? null, phrase };
      });
      keywordForms.set(topic.slug, forms);
    }
    return forms;
  }

  function keywordMatches(topic: TopicDefinition, doc: Document): number {
    let counts = keywordCounts.get(doc);
    if (!counts) keywordCounts.set(doc, (counts = new Map()));
    const cached = counts.get(topic.slug);
    if (cached !== undefined) return cached;
    const forms = formsOf(topic);
    const text = `${doc.title} ${doc.text}`;
    const set = new Set(terms(text));
    const lower = forms.some((f) => f.phrase) ? ` ${words(text).join(' ')} ` : '';
    const n = forms.filter((f) => (f.phrase ? lower.includes(f.phrase) : f.term !== null && set.has(f.term))).length;
    counts.set(topic.slug, n);
    return n;
  }

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
