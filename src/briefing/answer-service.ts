// Follow-up questions: what kind of answer the question wants, the passages that hold it (the
// conversation's own sources first), and an honest "not covered" without calling any engine when
// no sentence answers it. An engine that judges relevance itself (an LLM) is also handed the
// whole of a conversation's or a small topic's documents.
import { UserFacingError } from '../core/errors.ts';
import type { Clock } from '../core/clock.ts';
import type { Corpus, CorpusSnapshot, Document } from '../corpus/corpus-types.ts';
import type { Answer, Engine } from '../engines/engine-types.ts';
import type { SearchHit } from '../retrieval/retrieval-types.ts';
import type { AnswerService, ConversationMemory, TopicService } from './service-types.ts';
import { groundAnswer } from '../engines/grounding.ts';
import { NOT_FOUND_ANSWER } from '../engines/offline-answer.ts';
import { gatherEvidence, type EvidenceSentence } from '../retrieval/evidence.ts';
import type { PassageIndex } from '../retrieval/passage-index.ts';
import { analyseQuestion, followUp, searchText, type QuestionInfo } from '../retrieval/question.ts';
import { idfWeight } from './relevance.ts';

export interface AnswerServiceOptions {
  corpus: Corpus;
  index: PassageIndex;
  topics: TopicService;
  memory: ConversationMemory;
  engines: ReadonlyMap<string, Engine>;
  defaultEngine: string;
  clock: Clock;
  /** Optional BM25 floor under the coverage check (0 = none). */
  minScore: number;
  maxHits?: number;
  /** A topic with at most this many documents is handed whole to an engine that judges relevance. */
  wholeTopicDocuments?: number;
}

export function createAnswerService(options: AnswerServiceOptions): AnswerService {
  const { index, memory, topics, corpus } = options;
  const maxHits = options.maxHits ?? 8;
  const wholeTopicDocuments = options.wholeTopicDocuments ?? 3;

  function scopeOf(topic: string | undefined): Document[] | undefined {
    if (!topic) return undefined;
    const found = topics.get(topic);
    if (!found) {
      const s = topics.suggest(topic);
      throw new UserFacingError('unknown_topic', `Unknown topic \`${topic}\`.${s.length ? ` Did you mean \`${s[0]}\`?` : ''}`);
    }
    return topics.documentsFor(found.slug);
  }

  return {
    async answer(input, opts = {}): Promise<Answer> {
      const question = input.trim();
      if (!question) throw new UserFacingError('missing_question', 'Ask me a question about the documents.\nExample: `/ask what did Peskov say?`');
      const engine = options.engines.get(opts.engine ?? options.defaultEngine);
      if (!engine) throw new UserFacingError('unknown_engine', `Unknown engine "${opts.engine}".`);
      const state = opts.conversationId ? await memory.get(opts.conversationId) : undefined;
      const scopeDocs = scopeOf(opts.topic);
      const scope = scopeDocs ? new Set(scopeDocs.map((d) => d.id)) : undefined;
      const sources = state?.sourceDocIds.length ? new Set(state.sourceDocIds.filter((id) => !scope || scope.has(id))) : undefined;
      const snapshot = corpus.current();
      const weight = idfWeight(index);

      const search: EvidenceSearch = { index, snapshot, weight, sources, scope, scopeDocs, maxHits, minScore: options.minScore, wholeTopicDocuments };
      const find = (q: QuestionInfo) => findEvidence(q, search);
      // A short follow-up ("and where?") leans on the previous question, but only when the
      // question alone finds nothing: the longer query is harder to cover, not easier.
      let analysis = analyseQuestion(question);
      let evidence = find(analysis);
      const lastQuestion = [...(state?.turns ?? [])].reverse().find((t) => t.role === 'user')?.text;
      if (!evidence.length && lastQuestion && analysis.content.length < 2) {
        analysis = followUp(analysis, analyseQuestion(lastQuestion));
        evidence = find(analysis);
      }

      let hits = evidenceHits(evidence, maxHits);
      if (engine.judgesRelevance) {
        const whole = sources?.size ? [...sources] : scopeDocs && scopeDocs.length <= wholeTopicDocuments ? scopeDocs.map((d) => d.id) : [];
        hits = mergeHits(hits, whole.flatMap((id) => wholeDocumentHits(snapshot.getDocument(id))), Number.MAX_SAFE_INTEGER);
      }

      let answer: Answer;
      if (!hits.length) {
        answer = { question, answer: NOT_FOUND_ANSWER, found: false, citations: [], engine: engine.name, notes: [] };
      } else {
        const docIds = new Set(hits.map((h) => h.passage.docId));
        const quotes = [...docIds].flatMap((id) => snapshot.getDocument(id)?.quotes ?? []);
        const request = { question, query: analysis.text, hits, history: state?.turns ?? [], quotes, analysis, evidence };
        const raw = await engine.answer(request, { signal: opts.signal });
        answer = groundAnswer(engine, raw, { snapshot, allowedPassageIds: new Set(hits.map((h) => h.passage.id)) });
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

interface EvidenceSearch {
  index: PassageIndex;
  snapshot: CorpusSnapshot;
  weight: ReturnType<typeof idfWeight>;
  /** The conversation's own documents, searched first. */
  sources: ReadonlySet<string> | undefined;
  /** The topic's documents when the question is limited to a topic. */
  scope: ReadonlySet<string> | undefined;
  scopeDocs: readonly Document[] | undefined;
  maxHits: number;
  minScore: number;
  wholeTopicDocuments: number;
}

/** The sentences that answer a question, from the passages a search finds. */
function findEvidence(q: QuestionInfo, s: EvidenceSearch): EvidenceSentence[] {
  const { index, snapshot, sources, scope, scopeDocs, maxHits } = s;
  const text = searchText(q);
  let pool = mergeHits(
    sources?.size ? index.search(text, { limit: maxHits * 2, docIds: sources }) : [],
    index.search(text, { limit: maxHits * 3, docIds: scope }),
    maxHits * 4,
  ).filter((h) => h.score >= s.minScore);
  // "What happens next?" names nothing to search for: it is about the conversation's
  // documents, the topic's, or a corpus small enough to be one story.
  if (!q.content.length && !q.subjectTerms.length) {
    const ids = sources?.size ? [...sources] : scopeDocs && scopeDocs.length <= s.wholeTopicDocuments ? scopeDocs.map((d) => d.id)
      : snapshot.documents.length <= s.wholeTopicDocuments ? snapshot.documents.map((d) => d.id) : [];
    pool = ids.flatMap((id) => wholeDocumentHits(snapshot.getDocument(id)));
  }
  // Plans are told anywhere in a story: read the whole of the stories the question found.
  if (q.type === 'next') {
    const top = [...new Set(pool.map((h) => h.passage.docId))].slice(0, 2);
    pool = mergeHits(pool, top.flatMap((id) => wholeDocumentHits(snapshot.getDocument(id))), Number.MAX_SAFE_INTEGER);
  }
  return gatherEvidence(q, pool, { weight: s.weight, snapshot });
}

/** The passages that hold evidence, in the order of their best sentence. */
function evidenceHits(evidence: readonly EvidenceSentence[], limit: number): SearchHit[] {
  return mergeHits(evidence.map((e) => e.hit), [], limit);
}

function wholeDocumentHits(doc: Document | undefined): SearchHit[] {
  if (!doc) return [];
  return doc.passages.map((passage) => ({ passage, score: 0, citation: { docId: doc.id, passageId: passage.id, title: doc.title, path: doc.path } }));
}

function mergeHits(first: readonly SearchHit[], rest: readonly SearchHit[], limit: number): SearchHit[] {
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
