// Text from documents, models and users goes into Discord messages verbatim, so it must neither
// break the layout (stray `*`, `_`, `#`, masked links) nor look like or act as a mention. Mentions
// never ping because every send sets `allowedMentions: { parse: [] }`; neutralising them here
// also keeps `@everyone` from *looking* like a ping. Backtick `code` spans are the one formatting
// a Reply may carry, so they pass through untouched.

const ZWSP = '\u200b';

/** `@everyone`/`@here` get a zero-width space (the classic discord.js `disableEveryone` trick). */
export function neutraliseMentions(text: string): string {
  return text.replace(/@(everyone|here)\b/gi, `@${ZWSP}$1`);
}

/** Escapes Discord markdown outside code spans and URLs; keeps the text readable. */
export function escapeMarkdown(text: string): string {
  const parts = text.split(/(`[^`\n]+`)/);
  return parts.map((part, i) => (i % 2 === 1 ? part : escapeOutsideCode(part))).join('');
}

function escapeOutsideCode(text: string): string {
  // Leave bare URLs alone: escaping `_` inside one would change the link.
  const pieces = text.split(/(https?:\/\/[^\s<>`]+)/);
  const escaped = pieces.map((piece, i) => {
    if (i % 2 === 1) return piece;
    return piece
      // Inline markers and the characters that start mentions, emoji, timestamps and masked links.
      .replace(/([\\*_~|`<>[\]])/g, '\\$1')
      // Block syntax only counts at the start of a line: headings, subtext, lists, quotes.
      .replace(/^(\s*)(#{1,3}\s|-#\s|[-+]\s)/gm, '$1\\$2')
      // A backslash before a digit is shown literally, so escape the dot of "1. " instead.
      .replace(/^(\s*\d+)\.(\s)/gm, '$1\\.$2');
  });
  return neutraliseMentions(escaped.join(''));
}

/** Cuts to at most `max` UTF-16 units, ending with `…`, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  // A cut right after a backslash would escape the ellipsis; harmless, but drop it for tidiness.
  let head = text.slice(0, end);
  if (head.endsWith('\\') && !head.endsWith('\\\\')) head = head.slice(0, -1);
  return `${head}…`;
}

/** Plain text for places Discord shows verbatim (footers, author names): no markdown, no mentions. */
export function plain(text: string): string {
  // Control characters other than newline and tab render as boxes or break layout.
  return neutraliseMentions(text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ''));
}
