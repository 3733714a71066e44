// Whether a feed item carries only a teaser of its story (then its page is worth fetching). Apart
// from the extractor so that deciding loads nothing heavy: Readability and linkedom load only
// when a page is actually extracted.
import type { FeedItem } from './feed-types.ts';
import { wordCount } from './feed-text.ts';

/** Below this many words an item's text is a teaser, not the story. */
export const TEASER_WORDS = 120;
const READ_MORE = /(?:…|\.\.\.|\[…\]|\[\.\.\.\]|read more|continue reading|weiterlesen|lire la suite|leer más)\s*[\]»›>.]*\s*$/i;

/**
 * An item carries only a teaser when its text is short (under 120 words) or ends the way
 * teasers end ("…", "[…]", "Read more", "Continue reading").
 */
export function isTeaser(item: Pick<FeedItem, 'text'>): boolean {
  const text = item.text.trim();
  if (wordCount(text) < TEASER_WORDS) return true;
  return READ_MORE.test(text.slice(-80));
}
