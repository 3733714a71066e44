// Resolves what to brief (topic slug or free text), picks documents, runs the engine and holds
// its output to the grounding rules before anything reaches a user.
import { UserFacingError } from '../core/errors.ts';
import type { Clock } from '../core/clock.ts';
import type { Corpus, Document, TopicRef } from '../corpus/corpus-types.ts';
import type { Brief, Engine } from '../engines/engine-types.ts';
import type { BriefingService, BriefOptions, TopicService } from './service-types.ts';
import { groundBrief } from '../engines/grounding.ts';
import type { PassageIndex } from '../retrieval/passage-index.ts';
import { relevantHits } from './relevance.ts';

export interface BriefingServiceOptions {
  corpus: Corpus;
  index: PassageIndex;
  topics: TopicService;
  engines: ReadonlyMap<string, Engine>;
  defaultEngine: string;
  clock: Clock;
  maxDocuments: number;
  minScore: number;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)+$/;

export function createBriefingService(options: BriefingServiceOptions): BriefingService {
  const { topics, index, corpus } = options;

  function engineFor(name?: string): Engine {
    const engine = options.engines.get(name ?? options.defaultEngine);
    if (!engine) {
      throw new UserFacingError('unknown_engine', `Unknown engine "${name}". Available: ${[...options.engines.keys()].join(', ')}.`);
    }
    return engine;
  }

  async function run(query: string, topic: TopicRef | null, documents: readonly Document[], hits: Parameters<Engine['brief']>[0]['hits'], opts: BriefOptions): Promise<Brief> {
    const engine = engineFor(opts.engine);
    const request = { query, topic, documents: documents.slice(0, options.maxDocuments), hits, length: opts.length ?? 'standard' };
    const raw = await engine.brief(request, { signal: opts.signal, onProgress: opts.onProgress });
    const allowed = new Set(request.documents.flatMap((d) => d.passages.map((p) => p.id)));
    const brief = groundBrief(engine, raw, { snapshot: corpus.current(), allowedPassageIds: allowed });
    if (!brief.bullets.length) {
      throw new UserFacingError('empty_brief', `I couldn't build a grounded brief for "${query}" from the documents.`, { exitCode: 1 });
    }
    return { ...brief, generatedAt: brief.generatedAt ?? options.clock.now().toISOString() };
  }

  return {
    async brief(input, opts = {}) {
      const query = input.trim().replace(/\s+/g, ' ');
      if (!query) throw new UserFacingError('missing_topic', 'Tell me what to brief: a topic slug or a few words.\nExample: `/brief us-russia` or `/brief nord stream`');
      const topic = topics.get(query);
      if (topic) {
        const docs = topics.documentsFor(topic.slug);
        if (!docs.length) throw new UserFacingError('no_documents', `No documents match the topic \`${topic.slug}\` yet.`);
        return run(query, { slug: topic.slug, title: topic.title }, docs, undefined, opts);
      }
      const suggestions = topics.suggest(query);
      if (SLUG.test(query.toLowerCase())) throw unknownTopic(query, suggestions, topics.list().map((t) => t.slug));

      const hits = relevantHits(query, index.search(query, { limit: 100 }), {
        minScore: options.minScore,
        documentFrequency: index.documentFrequency,
        documentCount: index.documentCount,
      });
      const snapshot = corpus.current();
      const docIds = [...new Set(hits.map((h) => h.passage.docId))];
      const docs = docIds.map((id) => snapshot.getDocument(id)).filter((d): d is Document => Boolean(d));
      if (!docs.length) {
        const hint = suggestions.length ? ` Did you mean \`${suggestions[0]}\`?` : ' Try `/topics` to see what I can brief.';
        throw new UserFacingError('no_match', `No documents match "${query}".${hint}`);
      }
      return run(query, null, docs, hits, opts);
    },
    async briefDocuments(topic, documents, opts = {}) {
      if (!documents.length) throw new UserFacingError('no_documents', `No documents to brief for \`${topic.slug}\`.`);
      return run(topic.slug, topic, documents, undefined, opts);
    },
  };
}

function unknownTopic(input: string, suggestions: string[], known: string[]): UserFacingError {
  const hint = suggestions.length
    ? `Did you mean \`${suggestions[0]}\`?`
    : `Known topics: ${known.map((k) => `\`${k}\``).join(', ') || 'none'}.`;
  return new UserFacingError('unknown_topic', `Unknown topic \`${input}\`. ${hint}\nExample: \`/brief ${suggestions[0] ?? known[0] ?? 'us-russia'}\``);
}
