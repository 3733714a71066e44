// Sentences the bot adds around a reply, in one place, so Slack, Discord and the console say the
// same thing in the same words. Plain text: each platform escapes and styles it like any other.
export const WORDING = {
  /** In place of bullets when a brief has none. */
  emptyBrief: 'The documents gave nothing to summarise.',
  /** An answer the documents do not give, when the engine said nothing itself. */
  notFound: "The documents don't say.",
  /** Marks a not-found answer where the platform has room for a word rather than an icon. */
  notFoundTag: 'not found in the documents',
  /** A text reply with neither title nor text (a platform cannot send nothing). */
  emptyText: '(empty)',
  /** The heading of a brief without a headline, topic or query. */
  briefHeading: 'Brief',
  /** The notification text of an answer without words. */
  answerHeading: 'Answer',
  keyQuotes: 'Key quotes',
  sources: 'Sources',
  sourcesContinued: 'Sources (continued)',
  noSources: 'No sources.',
  notes: 'Notes',
  unattributed: 'Unattributed',
  engine: (name: string) => `Engine: ${name}`,
  topic: (title: string, slug: string) => `Topic: ${title} (\`${slug}\`)`,
  generated: (when: string) => `Generated ${when}`,
  newestSource: (date: string) => `Newest source ${date}`,
  /** Notification text of a brief: its heading and how many sources it has. */
  briefSummary: (heading: string, sources: number) => `Brief: ${heading} (${sources} source${sources === 1 ? '' : 's'})`,
  /** Notification text of the second and later messages of a long reply. */
  continued: (page: number, pages: number) => `(continued ${page}/${pages})`,
  /** The placeholder while a brief is written. */
  workingOnBrief: 'Working on your brief…',
  /** Progress without words of its own. */
  working: 'Working on it…',
  /** Where a thread carries follow-up questions (platforms add their own icon). */
  threadHint: 'Reply in this thread to ask follow-up questions.',
  /** Where a plain line asks a follow-up (the chat console). */
  consoleFollowUp: 'Type a question to follow up on this brief.',
  /** A command failed unexpectedly; the incident id lets an operator find it in the logs. */
  failed: (incident?: string) => `Sorry, something went wrong${incident ? ` (incident ${incident})` : ''}. Please try again.`,
  /** The same, naming the command as it was typed. */
  commandFailed: (command: string, incident: string) => `Sorry, something went wrong while running \`/${command}\` (incident ${incident}). Please try again.`,
  /** A reply was ready but the platform would not take it. */
  couldNotPost: (incident: string) => `Sorry, I couldn't post my reply here (incident ${incident}). Please try again.`,
} as const;
