import { parseAttributionLine } from './quotes.ts';

// Plain-text files: paragraphs out of lines however the file was wrapped, and the title line.

/**
 * Plain text: one paragraph per line (news dumps put single newlines between paragraphs).
 * Hard-wrapped text (blank lines between paragraphs, lines of similar width) is unwrapped, and
 * a line that ends mid-sentence and continues in lowercase is joined to the next.
 */
const SENTENCE_END = /[.!?:;"”’)\]…]/;

export function plainText(raw: string): string {
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = text.split('\n').map(squeeze);
  const wrapped = looksHardWrapped(lines);
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line) {
      if (current) out.push(current);
      current = '';
      continue;
    }
    if (!current) { current = line; continue; }
    const join = !isDashLine(line) && !/^(?:[-*•]|\d{1,3}[.)])\s/.test(line) &&
      // `current` ends with the previous line; testing that line's last character, not the
      // growing paragraph, keeps a file of many short lines linear (an end-anchored regex or a
      // slice of the concatenated string re-reads the whole paragraph on every line).
      (wrapped || (!SENTENCE_END.test(lines[i - 1].slice(-1)) && /^[\p{Ll}\p{N}(]/u.test(line)));
    if (join) current += ' ' + line;
    else { out.push(current); current = line; }
  }
  if (current) out.push(current);
  return out.join('\n');
}

/** Starts like an attribution line (`— Name`), which never continues the line above. */
function isDashLine(line: string): boolean {
  const c = line.charCodeAt(0);
  return (c === 0x2014 || c === 0x2013 || c === 0x2015 || c === 45 || c === 126) && parseAttributionLine(line) !== null;
}

/** Tabs, no-break spaces and runs of spaces → one space (single spaces are left alone: fast). */
function squeeze(line: string): string {
  return line.replace(/[\t\f\v\u00a0 ]{2,}|[\t\f\v\u00a0]/g, ' ').trim();
}

function looksHardWrapped(lines: readonly string[]): boolean {
  let nonEmpty = 0;
  let blank = 0;
  let max = 0;
  let mid = 0;
  for (const l of lines) {
    if (!l) { blank++; continue; }
    nonEmpty++;
    if (l.length > max) max = l.length;
    if (l.length >= 40 && l.length <= 100) mid++;
  }
  return blank > 0 && nonEmpty >= 6 && max <= 110 && nonEmpty > blank * 1.5 && mid / nonEmpty > 0.6;
}

/** A short first line followed by a blank line and no sentence punctuation: the title. */
export function plainTitleLine(raw: string): string | null {
  const m = /^\uFEFF?[ \t]*([^\n]{1,150}?)[ \t]*\r?\n[ \t]*\r?\n\s*\S/.exec(raw);
  if (!m) return null;
  const line = m[1].replace(/\s+/g, ' ');
  // Three real words at least: a dateline ("March 3, 2025") or a byline is not a title.
  const wordy = line.split(' ').filter((w) => /\p{L}{2}/u.test(w)).length;
  if (/[.!?:;,"”]$/.test(line) || wordy < 3 || /^by\s/i.test(line) || parseAttributionLine(line)) return null;
  return line;
}
