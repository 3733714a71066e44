// Mention safety for Slack. Everything a Reply carries (document text, model output, echoed user
// input) is untrusted: Slack parses `<!channel>`, `<!here>`, `<@U…>`, `<#C…>`, `<!subteam^…>` and
// `<url|label>` in mrkdwn and in a message's `text`, so one quote in a news article could ping a
// whole workspace. Slack's own rule is to escape exactly `&`, `<` and `>`; that turns every
// control sequence into visible text. Bare `@channel`/`@here`/`@everyone` are only linked when a
// message asks for `link_names`, which we never do, but a zero-width joiner after the `@` keeps
// them inert even if a later change (or a client) turns name linking on.

const ZWJ = '\u200D';
const BROADCAST = /@(?=(?:channel|here|everyone)\b)/gi;

/** Escapes untrusted text for a Slack `mrkdwn` field or a message `text`. Backtick code spans survive. */
export function escapeText(text: string): string {
  return defuseBroadcasts(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

/** Inserts a zero-width joiner after `@` in `@channel`, `@here` and `@everyone` (any case). */
export function defuseBroadcasts(text: string): string {
  return text.replace(BROADCAST, `@${ZWJ}`);
}

/**
 * Shortens already-escaped text to at most `max` UTF-16 units, ending with an ellipsis, without
 * cutting an entity (`&amp;`) or a surrogate pair in half.
 */
export function truncateEscaped(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - 1);
  const amp = text.lastIndexOf('&', cut);
  if (amp !== -1 && amp > cut - 6 && text.indexOf(';', amp) >= cut) cut = amp;
  if (cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1))) cut--;
  return `${text.slice(0, cut)}…`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
