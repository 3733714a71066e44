// A stored feed article as a corpus document: parsed like a plain-text file, with the feed's
// metadata (title, link, outlet, published date, topics) kept as given. The id comes from the
// canonical URL, so an edited article stays one document; its hash follows the text, so a digest
// shows it again only when the stored text changed (the poller stores material changes only).
import { parseDocument } from '../corpus/parse.ts';
import type { Document } from '../corpus/corpus-types.ts';
import type { StoredArticle } from './feed-types.ts';

export function articleDocument(article: StoredArticle): Document {
  return parseDocument({
    text: article.text,
    path: article.url,
    format: 'txt',
    known: {
      id: article.id,
      hash: article.contentHash,
      title: article.title || undefined,
      date: article.publishedAt,
      source: article.outlet,
      url: article.url,
      topics: [...article.topics],
    },
  }).document;
}
