// The corpus seam: documents as parsed (passages, sentences, quotes), snapshots of them, and
// the topics that group them.

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
