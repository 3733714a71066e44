// The platform-neutral shape of a reply: what to say, in what order, with the citation numbers
// already worked out. Every string is plain, unescaped text; a platform escapes it for its own
// markup (or strips control characters on a terminal) and decides how to lay it out.

/** What the reply is, so a platform can pick a colour or an icon. */
export type ViewKind = 'brief' | 'answer' | 'notFound' | 'text';

export interface ReplyView {
  kind: ViewKind;
  /** Frames the reply: a digest's header ("Daily digest: …") or a text reply's title ("Help"). */
  title?: string;
  /** A brief's headline, or the question an answer replies to (shown where replies have a title). */
  heading?: string;
  sections: ViewSection[];
  /** Numbered 1..n once; every `[n]` mark in the sections points into this list. */
  sources: ViewSource[];
  footer: FooterFacts;
}

export type ViewSection = BulletSection | QuoteSection | ParagraphSection | NoticeSection;

export interface BulletSection {
  type: 'bullets';
  bullets: ViewBullet[];
}

export interface QuoteSection {
  type: 'quotes';
  /** "Key quotes", for platforms that head the list. */
  heading: string;
  quotes: ViewQuote[];
}

/** Free text (a text reply, an answer); `marks` follow its last words. */
export interface ParagraphSection {
  type: 'paragraphs';
  text: string;
  marks: string;
}

/** The bot's own sentence in place of content (an empty brief); platforms set it apart (italics). */
export interface NoticeSection {
  type: 'notice';
  text: string;
}

export interface ViewBullet {
  /** One line: whitespace collapsed. */
  text: string;
  /** `[1][3]`: the cited sources, each once, ascending; empty when uncited. */
  marks: string;
  /** `— 3 outlets` for a story several outlets reported; else empty. */
  label: string;
}

export interface ViewQuote {
  text: string;
  /** Never empty: an unattributed quote says so. */
  speaker: string;
  role: string | null;
  marks: string;
}

export interface ViewSource {
  n: number;
  /** The document's title, or its path when it has none. */
  title: string;
  path: string;
  /** `YYYY-MM-DD` (or whatever date text the document gave, cut to ten characters). */
  date: string | null;
  /** Passages of this source the reply cites, in first-cited order. */
  passageIds: string[];
}

export interface FooterFacts {
  engine?: string;
  topic?: { title: string; slug: string };
  /** A valid ISO timestamp, or absent. */
  generatedAt?: string;
  /** The newest `YYYY-MM-DD` among the brief's sources. */
  newestSource?: string;
  notes: string[];
}
