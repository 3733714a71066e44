// The platform contract: platforms turn their events into CommandEvent/MessageEvent for the
// EventSink (the router) and post what it hands back.
import type { ChatUser, OptionValue, Reply } from '../../commands/command-types.ts';

export interface CommandEvent {
  platform: string;
  /** Command name without the slash. */
  command: string;
  /** Either the raw text after the command (Slack, console) … */
  text?: string;
  /** … or options already typed by the platform (Discord). */
  options?: Record<string, OptionValue>;
  subcommand?: string;
  user: ChatUser;
  conversationId: string;
  progress?: (text: string) => void;
}

export interface MessageEvent {
  platform: string;
  /** Conversation (thread) id the message belongs to. */
  conversationId: string;
  text: string;
  user: ChatUser;
  /** The bot was @mentioned (answered even outside threads the bot owns). */
  mentioned: boolean;
  /** Platform id for dedupe (retries, duplicate deliveries). */
  eventId?: string;
}

/** What platforms call into: implemented by the router. */
export interface EventSink {
  command(event: CommandEvent): Promise<Reply>;
  /** A follow-up message; null when the bot should stay silent (not its thread, not mentioned). */
  message(event: MessageEvent): Promise<Reply | null>;
  /** A brief/answer landed in `conversationId` (e.g. the thread rooted at the posted message). */
  posted(conversationId: string, reply: Reply): Promise<void>;
  autocomplete(command: string, option: string, partial: string): Promise<string[]>;
}

export interface ChatPlatform {
  readonly name: string;
  start(sink: EventSink): Promise<void>;
  stop(): Promise<void>;
  /** Posts outside a command (digests). `conversationId` is this platform's prefixed id. */
  post(conversationId: string, reply: Reply): Promise<{ messageId: string }>;
  /** Connected and able to post (readiness). */
  isReady?(): boolean;
}
