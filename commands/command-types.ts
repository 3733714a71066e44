// The command contract: one definition per command drives both dispatch and platform
// registration; a command sees only the services and returns a Reply.
import type { AnswerService, BriefingService, ConversationMemory, SourceService, TopicService } from '../src/briefing/service-types.ts';
import type { Clock } from '../src/core/clock.ts';
import type { Answer, Brief } from '../src/engines/engine-types.ts';
import type { FeedsService } from '../src/feeds/feeds-service.ts';
import type { DigestService } from '../src/scheduler/digest-types.ts';

/**
 * What a command hands back; each platform renders it (Block Kit, embeds, terminal text).
 * Text is plain: platforms escape it, so it can safely echo user input. Backtick `code` spans
 * are the only formatting and render on every platform.
 */
export type Reply =
  /** `title` frames a brief that arrives unasked (digests: "Daily digest: US–Russia relations — 2 new"). */
  | { kind: 'brief'; brief: Brief; ephemeral?: boolean; title?: string }
  | { kind: 'answer'; answer: Answer; ephemeral?: boolean }
  | { kind: 'text'; text: string; ephemeral?: boolean; title?: string };

export interface ChatUser {
  /** Platform-prefixed, opaque: `slack:U123`, `discord:4567`, `console:local`. */
  id: string;
  name: string;
  isAdmin: boolean;
  /** Who counts as an admin on this user's platform, shown when a change is refused ("workspace admins or owners"). */
  adminRule?: string;
}

export type OptionType = 'string' | 'integer' | 'boolean' | 'choice';

export interface OptionSpec {
  name: string;
  description: string;
  type: OptionType;
  required?: boolean;
  choices?: readonly string[];
  /** Offer autocomplete (platforms that support it). */
  autocomplete?: boolean;
  /** Takes the rest of the text line (free text such as a question or topic query). */
  rest?: boolean;
}

export type OptionValue = string | number | boolean;

export interface Subcommand {
  name: string;
  description: string;
  options: readonly OptionSpec[];
}

export interface CommandContext {
  /** Parsed, validated option values by name (absent optional options are missing). */
  options: Readonly<Record<string, OptionValue>>;
  /** Set when the command has subcommands. */
  subcommand?: string;
  user: ChatUser;
  /** Platform-prefixed id of where the command was typed (`slack:C123`, `discord:g:c`, `console:local`). */
  conversationId: string;
  platform: string;
  services: Services;
  /** Report progress text (platforms throttle updates to about one a second). */
  progress?: (text: string) => void;
}

export interface CommandDefinition {
  name: string;
  description: string;
  options: readonly OptionSpec[];
  subcommands?: readonly Subcommand[];
  /** Example invocation used in help and usage errors, without the leading slash. */
  example: string;
  run(ctx: CommandContext): Promise<Reply>;
  /** Autocomplete for an option marked `autocomplete`. */
  complete?(option: string, partial: string, services: Services): Promise<string[]> | string[];
}

export interface Services {
  briefing: BriefingService;
  answers: AnswerService;
  topics: TopicService;
  sources: SourceService;
  memory: ConversationMemory;
  commands: () => readonly CommandDefinition[];
  /** Present when digests are configured. */
  digests?: DigestService;
  /** News feeds (`/feeds`); the composition root always provides it, even with no feeds yet. */
  feeds?: FeedsService;
  clock: Clock;
}
