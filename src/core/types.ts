// The seams between layers. Everything here is plain data or an interface, so each layer can be
// tested with fakes and no layer needs to know which concrete part sits on the other side.

import type { FeedsService } from '../feeds/feeds-service.ts';
import type { EvidenceSentence } from '../retrieval/evidence.ts';
import type { QuestionInfo } from '../retrieval/question.ts';

// ─── Corpus ────────────────────────────────────────────────────────────────────────────────

export interface Sentence {
  text: string;
  /** Offset of the sentence in its passage's text. */
  start: number;
}

/** The unit a citation points to: one paragraph (long paragraphs are split). */
export interface Passage {
  /** Stable: `${docId}.${index}`; the same content always yields the same id. */
  id: string;
  docId: string;
  /** 0-based position of the passage in its document. */
  index: number;
  text: string;
  sentences: Sentence[];
}

export interface Quote {
  /** The quoted words as they stand in the document, without the surrounding quote marks. */
  text: string;
  speaker: string | null;
  role: string | null;
  docId: string;
  passageId: string;
}

export interface Document {
  /** Short content hash (hex): stable for the same bytes, changes when the content does. */
  id: string;
  /** Full sha256 of the content; caches key on it. */
  hash: string;
  /** Path relative to the current working directory when possible (shown to users). */
  path: string;
  title: string;
  /** ISO date from the document itself (front matter, HTML metadata, a dateline or a date in its text); null when it has none. Never the file's time. */
  date: string | null;
  source: string | null;
  url: string | null;
  /** Topic slugs declared by the document's front matter. */
  topics: string[];
  text: string;
  passages: Passage[];
  quotes: Quote[];
}

export interface LoadWarning {
  path: string;
  reason: string;
}

export interface CorpusSnapshot {
  readonly version: number;
  readonly documents: readonly Document[];
  getDocument(id: string): Document | undefined;
  getPassage(id: string): Passage | undefined;
}

export interface Corpus {
  /** The current snapshot; replaced as a whole when files change, so readers never see half an update. */
  current(): CorpusSnapshot;
  warnings(): readonly LoadWarning[];
  /** Called after each change (the watcher swaps in a new snapshot). Returns an unsubscribe function. */
  onChange(listener: (snapshot: CorpusSnapshot) => void): () => void;
  close(): Promise<void>;
}

// ─── Retrieval ─────────────────────────────────────────────────────────────────────────────

export interface Citation {
  docId: string;
  passageId: string;
  title: string;
  path: string;
}

export interface SearchHit {
  passage: Passage;
  score: number;
  citation: Citation;
}

export interface SearchOptions {
  limit?: number;
  /** Restrict to these documents. */
  docIds?: ReadonlySet<string>;
}

export interface Retriever {
  search(query: string, options?: SearchOptions): SearchHit[];
}

// ─── Topics ────────────────────────────────────────────────────────────────────────────────

export interface TopicRef {
  slug: string;
  title: string;
}

export interface Topic extends TopicRef {
  description: string;
  /** A document matches when enough of these terms occur in it. */
  keywords: string[];
  /** Free-text retrieval query; documents with a hit above the threshold match. */
  query: string | null;
  /** Explicit files (paths relative to a seed folder or to the cwd, or glob-free basenames). */
  files: string[];
}

// ─── Briefs and answers ────────────────────────────────────────────────────────────────────

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
  brief(request: BriefRequest, options?: EngineCallOptions): Promise<Brief>;
  answer(request: AnswerRequest, options?: EngineCallOptions): Promise<Answer>;
}

// ─── Chat ──────────────────────────────────────────────────────────────────────────────────

/**
 * What a command hands back; each platform renders it (Block Kit, embeds, terminal text).
 * Text is plain: platforms escape it, so it can safely echo user input. Backtick `code` spans
 * are the only formatting and render on every platform.
 */
export type Reply =
  /** `title` frames a brief that arrives unasked (digests: "Daily digest: US–Russia relations — 2 new"). */
  | { kind: 'brief'; brief: Brief; ephemeral?: boolean; title?: string }
  | { kind: 'answer'; answer: Answer; ephemeral?: boolean }
  | { kind: 'text'; text: string; ephemeral?: boolean; title?: string };

export interface ChatUser {
  /** Platform-prefixed, opaque: `slack:U123`, `discord:4567`, `console:local`. */
  id: string;
  name: string;
  isAdmin: boolean;
}

export type OptionType = 'string' | 'integer' | 'boolean' | 'choice';

export interface OptionSpec {
  name: string;
  description: string;
  type: OptionType;
  required?: boolean;
  choices?: readonly string[];
  /** Offer autocomplete (platforms that support it). */
  autocomplete?: boolean;
  /** Takes the rest of the text line (free text such as a question or topic query). */
  rest?: boolean;
}

export type OptionValue = string | number | boolean;

export interface Subcommand {
  name: string;
  description: string;
  options: readonly OptionSpec[];
}

export interface CommandContext {
  /** Parsed, validated option values by name (absent optional options are missing). */
  options: Readonly<Record<string, OptionValue>>;
  /** Set when the command has subcommands. */
  subcommand?: string;
  user: ChatUser;
  /** Platform-prefixed id of where the command was typed (`slack:C123`, `discord:g:c`, `console:local`). */
  conversationId: string;
  platform: string;
  services: Services;
  /** Report progress text (platforms throttle updates to about one a second). */
  progress?: (text: string) => void;
  signal?: AbortSignal;
}

export interface CommandDefinition {
  name: string;
  description: string;
  options: readonly OptionSpec[];
  subcommands?: readonly Subcommand[];
  /** Example invocation used in help and usage errors, without the leading slash. */
  example: string;
  run(ctx: CommandContext): Promise<Reply>;
  /** Autocomplete for an option marked `autocomplete`. */
  complete?(option: string, partial: string, services: Services): Promise<string[]> | string[];
}

export interface CommandEvent {
  platform: string;
  /** Command name without the slash. */
  command: string;
  /** Either the raw text after the command (Slack, console) … */
  text?: string;
  /** … or options already typed by the platform (Discord). */
  options?: Record<string, OptionValue>;
  subcommand?: string;
  user: ChatUser;
  conversationId: string;
  progress?: (text: string) => void;
}

export interface MessageEvent {
  platform: string;
  /** Conversation (thread) id the message belongs to. */
  conversationId: string;
  text: string;
  user: ChatUser;
  /** The bot was @mentioned (answered even outside threads the bot owns). */
  mentioned: boolean;
  /** Platform id for dedupe (retries, duplicate deliveries). */
  eventId?: string;
}

/** What platforms call into: implemented by the router. */
export interface EventSink {
  command(event: CommandEvent): Promise<Reply>;
  /** A follow-up message; null when the bot should stay silent (not its thread, not mentioned). */
  message(event: MessageEvent): Promise<Reply | null>;
  /** A brief/answer landed in `conversationId` (e.g. the thread rooted at the posted message). */
  posted(conversationId: string, reply: Reply): Promise<void>;
  autocomplete(command: string, option: string, partial: string): Promise<string[]>;
}

export interface ChatPlatform {
  readonly name: string;
  start(sink: EventSink): Promise<void>;
  stop(): Promise<void>;
  /** Posts outside a command (digests). `conversationId` is this platform's prefixed id. */
  post(conversationId: string, reply: Reply): Promise<{ messageId: string }>;
  registerCommands?(definitions: readonly CommandDefinition[]): Promise<void>;
  /** Connected and able to post (readiness). */
  isReady?(): boolean;
}

// ─── Services (what commands see) ──────────────────────────────────────────────────────────

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

export interface Services {
  briefing: BriefingService;
  answers: AnswerService;
  topics: TopicService;
  sources: SourceService;
  memory: ConversationMemory;
  commands: () => readonly CommandDefinition[];
  /** Present when digests are configured (issue 4). */
  digests?: DigestService;
  /** News feeds (`/feeds`); the composition root always provides it, even with no feeds yet. */
  feeds?: FeedsService;
  clock: Clock;
}

// ─── Digests (implemented by the scheduler) ────────────────────────────────────────────────

export interface DigestService {
  subscribe(input: {
    platform: string;
    conversationId: string;
    topic: string;
    schedule?: string;
    timezone?: string;
    length?: BriefLength;
    user: ChatUser;
  }): Promise<Subscription>;
  list(conversationId: string): Promise<Subscription[]>;
  unsubscribe(id: string, conversationId: string, user: ChatUser): Promise<void>;
  preview(topic: string, conversationId: string): Promise<Reply>;
}

export interface Subscription {
  id: string;
  platform: string;
  conversationId: string;
  topic: string;
  /** Normalised cron expression. */
  cron: string;
  timezone: string;
  length: BriefLength;
  postWhenEmpty: boolean;
  source: 'config' | 'chat';
  createdBy: string | null;
  createdAt: string;
}

// ─── Cross-cutting ─────────────────────────────────────────────────────────────────────────

export interface Clock {
  now(): Date;
}

export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}
