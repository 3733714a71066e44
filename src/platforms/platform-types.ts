// The platform contract. A platform turns its events into CommandEvent/MessageEvent and hands
// each one to the EventSink together with an outbox for answering it; the core decides what to
// show and posts it through that outbox, which says where the reply landed. A platform never
// calls back into the core after posting.
import type { ChatUser, OptionValue, Reply } from '../../commands/command-types.ts';

export interface CommandEvent {
  platform: string;
  /** Command name without the slash, as the core knows it (`brief`, `topics`, …). */
  command: string;
  /** Either the raw text after the command (Slack, console) … */
  text?: string;
  /** … or options already typed by the platform (Discord). */
  options?: Record<string, OptionValue>;
  subcommand?: string;
  user: ChatUser;
  conversationId: string;
}

export interface MessageEvent {
  platform: string;
  /** Conversation (thread) id the message belongs to. */
  conversationId: string;
  text: string;
  user: ChatUser;
  /** The bot was @mentioned (answered even outside threads the bot owns). */
  mentioned: boolean;
}

/** Where a posted reply landed. */
export interface PostedRef {
  /** Platform id of the (first) message posted. */
  messageId: string;
  /**
   * The conversation follow-up questions to this reply belong to (the thread it opened or was
   * posted in), or null when the platform cannot hear follow-ups there.
   */
  conversationId: string | null;
}

export interface PostOptions {
  /** The reply takes follow-up questions: open a thread for it where the platform can. */
  followUps: boolean;
}

/** Posting into one conversation: a channel or a thread. Digests use this alone. */
export interface Outbox {
  /** Posts the reply where the conversation sees it. Rejects with a PostError when nothing was posted. */
  post(reply: Reply, options: PostOptions): Promise<PostedRef>;
}

/** The outbox of one event: besides posting, a private reply to its user and a progress line. */
export interface EventOutbox extends Outbox {
  /** Shows the reply to the event's user only (usage errors, refusals, apologies). */
  postPrivately(reply: Reply): Promise<void>;
  /** Shows progress in place of the coming reply; the platform throttles and replaces it on post. */
  update?(text: string): void;
}

/** What platforms call into: the core's reply path. */
export interface EventSink {
  command(event: CommandEvent, outbox: EventOutbox): Promise<void>;
  /** A follow-up message; the core stays silent when it is not the bot's thread and not a mention. */
  message(event: MessageEvent, outbox: EventOutbox): Promise<void>;
  autocomplete(command: string, option: string, partial: string): Promise<string[]>;
}

export interface ChatPlatform {
  readonly name: string;
  start(sink: EventSink): Promise<void>;
  stop(): Promise<void>;
  /** The outbox of a conversation by this platform's prefixed id (digests). */
  outbox(conversationId: string): Outbox;
  /** Connected and able to post (readiness). */
  isReady?(): boolean;
}
