// Follow-up questions: retrieval over the corpus with the conversation's own sources first, an
// honest "not covered" without calling any engine when nothing relevant is found.
import { UserFacingError } from '../core/errors.ts';
import type { Answer, AnswerService, Clock, ConversationMemory, Corpus, Engine, SearchHit, TopicService } from '../core/types.ts';
import { checkAnswer } from '../engines/grounding.ts';
import { NOT_FOUND_ANSWER } from '../engines/offline-engine.ts';
import type { PassageIndex } from '../retrieval/passage-index.ts';
import { terms } from '../retrieval/terms.ts';
import { relevantHits } from './relevance.ts';

export interface AnswerServiceOptions {
  corpus: Corpus;
  index: PassageIndex;
  topics: TopicService;
  memory: ConversationMemory;
  engines: ReadonlyMap<string, Engine>;
  defaultEngine: string;
  clock: Clock;
  minScore: number;
  maxHits?: number;
}

export function createAnswerService(options: AnswerServiceOptions): AnswerService {
  const { index, memory, topics, corpus } = options;
  const maxHits = options.maxHits ?? 8;

  return {
    async answer(input, opts = {}): Promise<Answer> {
      const question = input.trim();
      if (!question) throw new UserFacingError('missing_question', 'Ask me a question about the documents.\nExample: `/ask what did Peskov say?`');
      const engine = options.engines.get(opts.engine ?? options.defaultEngine);
      if (!engine) throw new UserFacingError('unknown_engine', `Unknown engine "${opts.engine}".`);
      const state = opts.conversationId ? await memory.get(opts.conversationId) : undefined;

      let scope: Set<string> | undefined;
      if (opts.topic) {
        const topic = topics.get(opts.topic);
        if (!topic) {
          const s = topics.suggest(opts.topic);
          throw new UserFacingError('unknown_topic', `Unknown topic \`${opts.topic}\`.${s.length ? ` Did you mean \`${s[0]}\`?` : ''}`);
        }
        scope = new Set(topics.documentsFor(topic.slug).map((d) => d.id));
      }

      const relevance = { minScore: options.minScore, documentFrequency: index.documentFrequency, documentCount: index.documentCount };
      const sources = state?.sourceDocIds.length ? new Set(state.sourceDocIds.filter((id) => !scope || scope.has(id))) : undefined;
      const find = (query: string) => mergeHits(
        sources?.size ? relevantHits(query, index.search(query, { limit: maxHits, docIds: sources }), relevance) : [],
        relevantHits(query, index.search(query, { limit: maxHits * 2, docIds: scope }), relevance),
        maxHits,
      );
      // A short follow-up ("and where?") leans on the previous question, but only when the
      // question alone finds nothing: the longer query is harder to cover, not easier.
      const lastQuestion = [...(state?.turns ?? [])].reverse().find((t) => t.role === 'user')?.text;
      let query = question;
      let hits = find(question);
      if (!hits.length && lastQuestion && terms(question).length < 2) hits = find((query = `${question} ${lastQuestion}`));

      let answer: Answer;
      if (!hits.length) {
        answer = { question, answer: NOT_FOUND_ANSWER, found: false, citations: [], engine: engine.name, notes: [] };
      } else {
        const snapshot = corpus.current();
        const docIds = new Set(hits.map((h) => h.passage.docId));
        const quotes = [...docIds].flatMap((id) => snapshot.getDocument(id)?.quotes ?? []);
        const raw = await engine.answer({ question, query, hits, history: state?.turns ?? [], quotes }, { signal: opts.signal });
        answer = checkAnswer(raw, { snapshot, allowedPassageIds: new Set(hits.map((h) => h.passage.id)) });
      }
      if (opts.conversationId) {
        const at = options.clock.now().toISOString();
        await memory.addTurn(opts.conversationId, { role: 'user', text: question, at });
        await memory.addTurn(opts.conversationId, { role: 'assistant', text: answer.answer, at });
      }
      return answer;
    },
  };
}

function mergeHits(first: SearchHit[], rest: SearchHit[], limit: number): SearchHit[] {
  const seen = new Set<string>();
  const out: SearchHit[] = [];
  for (const hit of [...first, ...rest]) {
    if (seen.has(hit.passage.id)) continue;
    seen.add(hit.passage.id);
    out.push(hit);
    if (out.length >= limit) break;
  }
  return out;
}
