// How many of a topic's keywords a document contains. Counts are kept per document object while
// it lives: a watcher event re-reads only changed files, so unchanged documents are not scanned
// again. Only the counts are kept — a per-document copy of the text would double the corpus.
import type { Document } from '../corpus/corpus-types.ts';
import { terms, words } from '../retrieval/terms.ts';

export interface KeywordTopic {
  slug: string;
  keywords: readonly string[];
}

export interface KeywordMatcher {
  matches(topic: KeywordTopic, doc: Document): number;
}

export function createKeywordMatcher(): KeywordMatcher {
  const keywordCounts = new WeakMap<Document, Map<string, number>>();
  const keywordForms = new Map<string, Array<{ term: string | null; phrase: string | null }>>();

  function formsOf(topic: KeywordTopic) {
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

  return {
    matches(topic, doc) {
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
    },
  };
}
