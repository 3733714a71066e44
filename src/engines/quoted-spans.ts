// The stretches of a text that it puts in quotation marks. A model's "quote" must be one of
// these (or a quotation the parser attributed): words of the article's own narrative are not a
// quote by anyone. One linear pass; an opener with no closer after it ends the search for that
// kind of mark, so a text of a million unmatched marks costs no more than its length.

/** Closing marks for each opening mark (single quotes are left out: they double as apostrophes). */
const CLOSERS: Record<string, readonly string[]> = {
  '"': ['"'],
  '“': ['”', '“'],
  '„': ['“', '”'],
  '«': ['»'],
  '»': ['«'],
  '‹': ['›'],
};

export function quotedSpans(text: string): string[] {
  const spans: string[] = [];
  const exhausted = new Set<string>();
  let i = 0;
  while (i < text.length) {
    const open = text[i]!;
    const closers = Object.hasOwn(CLOSERS, open) ? CLOSERS[open]! : null;
    if (!closers || exhausted.has(open)) {
      i++;
      continue;
    }
    let end = -1;
    for (const closer of closers) {
      const at = text.indexOf(closer, i + 1);
      if (at >= 0 && (end < 0 || at < end)) end = at;
    }
    if (end < 0) {
      exhausted.add(open);
      i++;
      continue;
    }
    spans.push(text.slice(i + 1, end));
    i = end + 1;
  }
  return spans;
}
