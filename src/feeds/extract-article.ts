import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { htmlToParagraphs, plainLine, wordCount } from './feed-text.ts';
import { isoDate } from './parse-feed.ts';

// Article pages are untrusted and mostly chrome (menus, ads, related links): Readability finds
// the story, linkedom gives it a DOM cheaply (no layout, no scripts run), and the story's HTML
// leaves as plain paragraphs.

export interface ExtractedArticle {
  title: string | null;
  /** Paragraphs separated by blank lines. */
  text: string;
  author: string | null;
  publishedAt: string | null;
  siteName: string | null;
}

/** Pages with more elements than this are refused rather than scored (Readability is superlinear on them). */
const MAX_ELEMENTS = 30_000;
/** Fewer words than this and the page held no article (a paywall, a consent wall, an index page). */
const MIN_ARTICLE_WORDS = 40;

export function extractArticle(html: string, url: string): ExtractedArticle | null {
  try {
    const { document } = parseHTML(html);
    setBase(document, url);
    const parsed = new Readability(document as never, { maxElemsToParse: MAX_ELEMENTS }).parse();
    if (!parsed?.content) return null;
    const text = htmlToParagraphs(String(parsed.content));
    if (wordCount(text) < MIN_ARTICLE_WORDS) return null;
    return {
      title: plainLine(parsed.title) || null,
      text,
      author: plainLine(parsed.byline) || null,
      publishedAt: isoDate(parsed.publishedTime ?? undefined),
      siteName: plainLine(parsed.siteName) || null,
    };
  } catch {
    // A page Readability cannot handle (too many elements, broken markup) has no article for us.
    return null;
  }
}

/** Readability resolves links against the document's base; linkedom has none unless told. */
function setBase(document: any, url: string): void {
  try {
    const head = document.head ?? document.querySelector('head');
    if (!head || document.querySelector('base[href]')) return;
    const base = document.createElement('base');
    base.setAttribute('href', url);
    head.appendChild(base);
  } catch {
    // No head to put it in: links stay as written, which only affects links we drop anyway.
  }
}

export { TEASER_WORDS, isTeaser } from './teaser.ts';
