import { htmlToText } from '../corpus/html.ts';

// Feed and page text arrives as HTML or plain text of any shape; both leave here as plain
// paragraphs separated by blank lines, which is what FeedItem.text and StoredArticle.text promise.

/** HTML (a description, content:encoded, a page fragment) → paragraphs separated by blank lines. */
export function htmlToParagraphs(html: string): string {
  if (!html) return '';
  return htmlToText(html).text.split('\n').filter((line) => line.length > 0).join('\n\n');
}

/** Plain text → paragraphs: line breaks split paragraphs, other whitespace collapses. */
export function plainToParagraphs(text: string): string {
  if (!text) return '';
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n\n');
}

/** One line of plain text (titles, names): tags and entities gone, whitespace collapsed. */
export function plainLine(value: string | null | undefined): string {
  if (!value) return '';
  const text = /[<&]/.test(value) ? htmlToText(value).text : value;
  return text.replace(/\s+/g, ' ').trim();
}

export function wordCount(text: string): number {
  const words = text.match(/[\p{L}\p{N}]+/gu);
  return words ? words.length : 0;
}
