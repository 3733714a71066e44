// Who published a document: the feed's outlet name, else the link's host, else the file's path.
// Two documents from one outlet are one voice, however many copies it ran.
import type { Document } from '../corpus/corpus-types.ts';

export function outletOf(doc: Pick<Document, 'source' | 'url' | 'path'>): string {
  const source = doc.source?.trim();
  if (source) return source;
  if (doc.url) {
    try {
      const host = new URL(doc.url).hostname.replace(/^www\./, '');
      if (host) return host;
    } catch {
      // Not a URL: fall through to the path.
    }
  }
  return doc.path;
}

/** The key two spellings of one outlet share ("Reuters", "reuters"). */
export function outletKey(outlet: string): string {
  return outlet.trim().toLowerCase();
}
