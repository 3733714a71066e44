// The one text packer every platform uses: lines are packed into chunks within a platform's
// limit and split only between lines, so a bullet never spans two sections, embeds or messages;
// free text too long for one chunk is split at paragraph, line, sentence, then word boundaries.

export interface PackOptions {
  /** Shortens one line that alone exceeds the limit (platform-aware: never cuts an escape). */
  truncate?: (line: string, max: number) => string;
}

/** Whole lines, newline-joined, in chunks of at most `max` characters. */
export function packLines(lines: readonly string[], max: number, options: PackOptions = {}): string[] {
  const cut = options.truncate ?? truncatePlain;
  const chunks: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = raw.length > max ? cut(raw, max) : raw;
    if (current && current.length + 1 + line.length > max) {
      chunks.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) chunks.push(current);
  return chunks;
}

/**
 * Free text in chunks of at most `max`, cut at the last paragraph, line, sentence or word
 * boundary past a third of the chunk; `safeCut` may move a hard cut back (e.g. off an entity).
 */
export function splitText(text: string, max: number, safeCut: (text: string, at: number) => number = keepSurrogates): string[] {
  if (text.length <= max) return text ? [text] : [];
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    let cut = -1;
    for (const sep of ['\n\n', '\n', '. ', ' ']) {
      const at = window.lastIndexOf(sep, max - sep.length);
      if (at > max / 3) {
        cut = at + sep.length;
        break;
      }
    }
    if (cut === -1) cut = safeCut(rest, max);
    chunks.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) chunks.push(rest);
  return chunks;
}

/** Never cut between the two halves of a surrogate pair. */
export function keepSurrogates(text: string, at: number): number {
  return /[\ud800-\udbff]/.test(text[at - 1] ?? '') ? at - 1 : at;
}

/** At most `max` UTF-16 units, ending with `…`, never splitting a surrogate pair. */
export function truncatePlain(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = keepSurrogates(text, Math.max(0, max - 1));
  return `${text.slice(0, end)}…`;
}
