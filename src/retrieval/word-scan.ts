// Finds words in text with one linear pass and no regex backtracking. It replaces the pattern
// /[\p{L}\p{N}]+(?:[.'’][\p{L}\p{N}]+)*\.?/gu, whose repeated group kept a backtracking entry per
// segment: a 4.9 MB file holding one dotted "word" overflowed the stack, for every topic and
// brief. The scan yields exactly what that pattern matched, and drops any token longer than
// MAX_WORD_LENGTH: no language has such words, and one would only bloat the index.

/** Longer tokens (hashes, base64, a file of one "word") are not words. */
export const MAX_WORD_LENGTH = 100;

const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;

function isWordCode(code: number): boolean {
  if (code < 0x80) return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a);
  return LETTER_OR_NUMBER.test(String.fromCodePoint(code));
}

const isSeparator = (code: number) => code === 0x2e /* . */ || code === 0x27 /* ' */ || code === 0x2019 /* ’ */;

/** Calls `emit` with each word of `text` (letters and numbers, joined by . ' ’, an optional final dot). */
export function scanWords(text: string, emit: (word: string) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    let code = text.codePointAt(i)!;
    if (!isWordCode(code)) {
      i += code > 0xffff ? 2 : 1;
      continue;
    }
    const start = i;
    // A run of letters and numbers, then (separator, run) as often as they follow.
    for (;;) {
      while (i < n && isWordCode((code = text.codePointAt(i)!))) i += code > 0xffff ? 2 : 1;
      if (i + 1 < n && isSeparator(text.charCodeAt(i)) && isWordCode(text.codePointAt(i + 1)!)) {
        i++;
        continue;
      }
      break;
    }
    if (i < n && text.charCodeAt(i) === 0x2e) i++;
    if (i - start <= MAX_WORD_LENGTH) emit(text.slice(start, i));
  }
}
