// Sentences the bot adds around a reply, in one place, so Slack, Discord and the console say the
// same thing in the same words.
export const WORDING = {
  /** In place of bullets when a brief has none. */
  emptyBrief: 'The documents gave nothing to summarise.',
  /** An answer the documents do not give, when the engine said nothing itself. */
  notFound: "The documents don't say.",
} as const;
