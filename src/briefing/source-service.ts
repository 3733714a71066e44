import { sourceOf } from '../core/citations.ts';
import { UserFacingError } from '../core/errors.ts';
import type { Corpus } from '../corpus/corpus-types.ts';
import type { SourceService, TopicService } from './service-types.ts';

export function createSourceService(options: { corpus: Corpus; topics: TopicService }): SourceService {
  return {
    list(topic) {
      if (!topic) return [...options.corpus.current().documents].map(sourceOf).sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.path.localeCompare(b.path));
      const found = options.topics.get(topic);
      if (!found) {
        const s = options.topics.suggest(topic);
        throw new UserFacingError('unknown_topic', `Unknown topic \`${topic}\`.${s.length ? ` Did you mean \`${s[0]}\`?` : ''}`);
      }
      return options.topics.documentsFor(found.slug).map(sourceOf);
    },
  };
}
