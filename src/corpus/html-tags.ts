// Finds HTML tags in one left-to-right pass. The pattern it replaces,
// /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)(?:[^>"']|"[^"]*"|'[^']*')*>/g, rescanned to the end of the
// text from every "<" that was not closed: 200 KB of "<a " took 17 s, a 5 MB file hours. Here a
// tag is the same thing — a name, then anything up to ">" with quoted values allowed to hold
// ">" — but a "<" that cannot end in a tag is given up on without rescanning: nothing after the
// last ">" can close one, and once failed scans have cost more than the text's own length,
// quotes stop counting (a tag then ends at the next ">"), which keeps the whole pass linear.

export interface TagMatch {
  /** Offset of "<". */
  index: number;
  /** Offset just past ">". */
  end: number;
  closing: boolean;
  /** As written (not lower-cased). */
  name: string;
}

const NAME = /\/?([a-zA-Z][a-zA-Z0-9:-]*)/y;

export function scanTags(src: string, onTag: (tag: TagMatch) => void): void {
  const lastGt = src.lastIndexOf('>');
  let budget = src.length + 1024;
  let i = src.indexOf('<');
  while (i !== -1 && i < lastGt) {
    NAME.lastIndex = i + 1;
    const m = NAME.exec(src);
    if (!m) {
      i = src.indexOf('<', i + 1);
      continue;
    }
    const from = NAME.lastIndex;
    const end = budget > 0 ? quotedEnd(src, from, lastGt) : src.indexOf('>', from);
    if (end < 0) {
      budget -= Math.min(lastGt, src.length) - i;
      i = src.indexOf('<', i + 1);
      continue;
    }
    onTag({ index: i, end: end + 1, closing: m[0].startsWith('/'), name: m[1]! });
    i = src.indexOf('<', end + 1);
  }
}

/** Offset of the ">" ending a tag whose attributes start at `from`, or -1. */
function quotedEnd(src: string, from: number, lastGt: number): number {
  let j = from;
  while (j <= lastGt) {
    const c = src.charCodeAt(j);
    if (c === 62 /* > */) return j;
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const close = src.indexOf(c === 34 ? '"' : "'", j + 1);
      if (close < 0) return -1;
      j = close + 1;
      continue;
    }
    j++;
  }
  return -1;
}

/** `src` with every tag replaced by `replacement`. */
export function replaceTags(src: string, replacement: string): string {
  const parts: string[] = [];
  let last = 0;
  scanTags(src, (tag) => {
    parts.push(src.slice(last, tag.index), replacement);
    last = tag.end;
  });
  parts.push(src.slice(last));
  return parts.join('');
}
