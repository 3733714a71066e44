// The engine contract: what a brief or an answer is asked for and what comes back. The
// `Brief` and `Answer` shapes are also the CLI's `--json` output (public contracts).
import type { Document, Quote, TopicRef } from '../corpus/corpus-types.ts';
import type { EvidenceSentence } from '../retrieval/evidence.ts';
import type { QuestionInfo } from '../retrieval/question.ts';
import type { Citation, SearchHit } from '../retrieval/retrieval-types.ts';

export type BriefLength = 'short' | 'standard' | 'detailed';

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  calls: number;
}

export interface BriefBullet {
  text: string;
  citations: Citation[];
  /**
   * Set when the brief gives one bullet per story (articles from several outlets about one
   * event): the outlets the bullet cites, and how many independent reports the story had
   * (syndicated copies count once).
   */
  story?: { outlets: string[]; coverage: number };
}

export interface BriefQuote {
  text: string;
  speaker: string;
  role: string | null;
  citation: Citation;
}

export interface Entities {
  people: string[];
  organizations: string[];
  places: string[];
}

export interface SourceRef {
  docId: string;
  title: string;
  path: string;
  date: string | null;
  /** The outlet that published it (feed articles, front matter `source`). */
  outlet?: string;
  /** Its link (feed articles, front matter `url`). */
  url?: string;
}

/** The `--json` shape of `briefbot brief` (a public contract; add fields, never rename). */
export interface Brief {
  query: string;
  topic: TopicRef | null;
  headline: string;
  bullets: BriefBullet[];
  quotes: BriefQuote[];
  entities: Entities;
  sources: SourceRef[];
  engine: string;
  notes: string[];
  usage?: Usage;
  /** ISO time the brief was generated (cached briefs keep their original time). */
  generatedAt?: string;
}

/** The `--json` shape of `briefbot ask`. */
export interface Answer {
  question: string;
  answer: string;
  found: boolean;
  citations: Citation[];
  engine: string;
  notes: string[];
  usage?: Usage;
}

export interface BriefRequest {
  query: string;
  topic: TopicRef | null;
  /** The documents the brief covers, most relevant first. */
  documents: readonly Document[];
  /** For free-text briefs: the passages that matched, best first (steers extraction). */
  hits?: readonly SearchHit[];
  length: BriefLength;
}

export interface Turn {
  role: 'user' | 'assistant';
  text: string;
  at: string;
}

export interface AnswerRequest {
  question: string;
  /** What retrieval searched for, when more than the question (a bare follow-up plus the question before it). */
  query?: string;
  /** Retrieved passages, best first; the conversation's own sources ranked first. */
  hits: readonly SearchHit[];
  /** Recent turns of the conversation, oldest first. */
  history: readonly Turn[];
  /** Attributed quotes from the documents of the hits ("what did X say?" is answered with X's words). */
  quotes?: readonly Quote[];
  /** What kind of answer the question wants and what it is about. */
  analysis?: QuestionInfo;
  /** Sentences of the hits that answer the question, best first (empty: nothing does). */
  evidence?: readonly EvidenceSentence[];
}

export interface EngineCallOptions {
  signal?: AbortSignal;
  /** Partial text while generating, for platforms that show progress. */
  onProgress?: (partial: string) => void;
}

export interface Engine {
  readonly name: string;
  /**
   * The engine reads whole documents and decides "not covered" itself (an LLM): it is handed the
   * documents a conversation or a small topic is about, not only the passages that passed the
   * lexical check.
   */
  readonly judgesRelevance?: boolean;
  /**
   * What the engine writes itself (results naming it as their engine) has already passed the
   * grounding check against exactly the passages it was shown, so the services do not run it
   * again; results it hands over from a fallback engine have not, and they do.
   */
  readonly groundsOwnOutput?: boolean;
  brief(request: BriefRequest, options?: EngineCallOptions): Promise<Brief>;
  answer(request: AnswerRequest, options?: EngineCallOptions): Promise<Answer>;
}
