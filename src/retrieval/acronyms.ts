// "PMI" for "Purchasing Managers' Index": a question may use the short form of a name the
// document spells out (or the reverse). The initials of each run of capitalised words become an
// extra term of the passage, so the short form finds it. A linear scan over whitespace tokens:
// this runs on every passage at ingest.

const SKIP_INSIDE = new Set(['of', 'and', 'for', 'the', 'on', 'in', '&']);
const SKIP_FIRST = new Set(['the', 'a', 'an', 'in', 'on', 'at', 'for', 'but', 'and', 'as', 'by', 'to', 'of']);

/** Lowercase initials (3–6 letters) of the capitalised runs in a text. */
export function acronymTerms(text: string): string[] {
  const out: string[] = [];
  let initials = '';
  let capitals = 0;
  let skipped = 0;
  const flush = () => {
    if (capitals >= 2 && initials.length >= 3 && initials.length <= 6) out.push(initials);
    initials = '';
    capitals = 0;
    skipped = 0;
  };
  for (const raw of text.split(/\s+/)) {
    const token = raw.replace(/^[("“'‘]+/, '');
    const word = token.replace(/[^\p{L}\p{N}'’-]+$/u, '');
    const lower = word.toLowerCase();
    const first = word.charCodeAt(0);
    const capital = first >= 65 && first <= 90 && word.length > 1 && word !== word.toUpperCase();
    if (capital && !(initials === '' && SKIP_FIRST.has(lower))) {
      initials += lower[0];
      capitals++;
      skipped = 0;
    } else if (initials && SKIP_INSIDE.has(lower) && skipped === 0) {
      skipped++; // "Bank of England", but "Bank of England and the ECB" is two names
    } else {
      flush();
    }
    // A run ends at punctuation other than a possessive ("Managers' Index" continues).
    if (/[,.;:!?)"”]$/.test(token)) flush();
  }
  flush();
  return out;
}
