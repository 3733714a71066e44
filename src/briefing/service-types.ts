// The services commands call: briefing, answers, topics, sources and conversation memory.
import type { Document, Topic, TopicRef } from '../corpus/corpus-types.ts';
import type { Answer, Brief, BriefLength, SourceRef, Turn } from '../engines/engine-types.ts';

export interface BriefOptions {
  length?: BriefLength;
  engine?: string;
  signal?: AbortSignal;
  onProgress?: (partial: string) => void;
}

export interface BriefingService {
  /** Resolves a topic slug or free text and briefs it; throws UserFacingError for unknown/empty. */
  brief(topicOrQuery: string, options?: BriefOptions): Promise<Brief>;
  /** Brief of exactly these documents under a topic (digests: only what is new). Grounded like `brief`. */
  briefDocuments(topic: TopicRef, documents: readonly Document[], options?: BriefOptions): Promise<Brief>;
}

export interface AnswerOptions {
  topic?: string;
  conversationId?: string;
  engine?: string;
  signal?: AbortSignal;
}

export interface AnswerService {
  answer(question: string, options?: AnswerOptions): Promise<Answer>;
}

export interface TopicSummary extends TopicRef {
  description: string;
  documentCount: number;
}

export interface TopicService {
  list(): TopicSummary[];
  /** Exact slug, else null. */
  get(slug: string): Topic | null;
  /** Documents of a topic, most recent first. */
  documentsFor(slug: string): Document[];
  /** Slugs close to the input (typos), best first. */
  suggest(input: string): string[];
  /** Slugs and titles matching a partial input, for autocomplete. */
  complete(partial: string, limit?: number): TopicRef[];
}

export interface SourceService {
  list(topic?: string): SourceRef[];
}

/** Conversation memory: what a thread is about and its last turns. */
export interface ConversationState {
  /** The brief this conversation follows up on, if any. */
  topic: TopicRef | null;
  query: string | null;
  /** Document ids of the brief's sources: ranked first when answering. */
  sourceDocIds: string[];
  turns: Turn[];
}

export interface ConversationMemory {
  get(conversationId: string): Promise<ConversationState | undefined>;
  rememberBrief(conversationId: string, brief: Brief): Promise<void>;
  addTurn(conversationId: string, turn: Turn): Promise<void>;
}
