// Turns platform events into command runs and follow-up answers: what to reply, never how to
// post it (reply-path.ts does that). Commands never see platform types.
import { randomUUID } from 'node:crypto';
import { createCommandLookup } from './command-lookup.ts';
import { UserFacingError } from './errors.ts';
import { runGuarded, type CommandReport } from './guarded-run.ts';
import type { RateLimiter } from './rate-limit.ts';
import { coerceOptions, parseCommandText } from './text-args.ts';
import type { ChatUser, CommandDefinition, Reply, Services } from '../../commands/command-types.ts';
import type { CommandEvent, MessageEvent } from '../platforms/platform-types.ts';
import type { Logger } from './logger.ts';

export interface RouterOptions {
  commands: readonly CommandDefinition[];
  services: Services;
  logger: Logger;
  rateLimiter?: RateLimiter;
  /** Platforms whose users are not rate-limited (the local console: its one user is the operator, and scripts pipe many lines). */
  unlimitedPlatforms?: readonly string[];
  /** Observes each command's outcome (metrics). */
  onCommand?: (info: CommandReport) => void;
}

/** A command event, with a way to report progress while it runs. */
export interface RouterCommand extends CommandEvent {
  progress?: (text: string) => void;
}

export interface Router {
  command(event: RouterCommand): Promise<Reply>;
  /** The answer to a follow-up, or null when the bot should stay silent (not its thread, not mentioned). */
  message(event: MessageEvent): Promise<Reply | null>;
  autocomplete(command: string, option: string, partial: string): Promise<string[]>;
}

/** Platforms that register one command (Slack) send it as this definition. */
export { ROOT_DEFINITION } from './command-lookup.ts';

export function createRouter(options: RouterOptions): Router {
  const { services, logger } = options;
  const commands = createCommandLookup(options.commands);

  /** One logger per command or message, so every line about it carries the same ids. */
  function requestLogger(event: { platform: string; conversationId: string; user: ChatUser }): Logger {
    return logger.child({ requestId: randomUUID().slice(0, 8), platform: event.platform, conversationId: event.conversationId, userId: event.user.id });
  }

  const unlimited = new Set(options.unlimitedPlatforms ?? []);
  function limit(platform: string, userId: string): void {
    if (unlimited.has(platform)) return;
    if (options.rateLimiter && !options.rateLimiter.take(userId)) {
      const wait = options.rateLimiter.retryAfter(userId);
      throw new UserFacingError('rate_limited', `You're sending commands faster than I can brief. Please wait ${wait}s and try again.`);
    }
  }

  return {
    async command(event: RouterCommand) {
      let label = event.command.replace(/^\//, '');
      const log = requestLogger(event);
      log.debug({ command: label }, 'command received');
      return runGuarded({ label: () => label, platform: event.platform, log, onCommand: options.onCommand }, async () => {
        limit(event.platform, event.user.id);
        const { def, text } = commands.resolve(event.command, event.text);
        label = def.name;
        const parsed = text !== undefined
          ? parseCommandText(def, text)
          : { subcommand: event.subcommand, options: coerceOptions(def, event.options ?? {}, event.subcommand) };
        return def.run({
          options: parsed.options,
          subcommand: parsed.subcommand,
          user: event.user,
          conversationId: event.conversationId,
          platform: event.platform,
          services,
          progress: event.progress,
        });
      });
    },

    async message(event: MessageEvent) {
      const question = event.text.trim();
      if (!event.mentioned && !(await services.memory.get(event.conversationId))) return null;
      if (!question) {
        return { kind: 'text', text: 'Ask me a question about the documents, for example `what did Peskov say?`' };
      }
      const log = requestLogger(event);
      log.debug({ command: 'ask' }, 'follow-up received');
      return runGuarded({ label: () => 'ask', platform: event.platform, log, onCommand: options.onCommand }, async () => {
        limit(event.platform, event.user.id);
        const answer = await services.answers.answer(question, { conversationId: event.conversationId });
        return { kind: 'answer', answer };
      });
    },

    async autocomplete(command, option, partial) {
      const def = commands.get(command);
      if (!def?.complete) return [];
      try {
        return (await def.complete(option, partial, services)).slice(0, 25);
      } catch (error) {
        logger.warn({ err: error, command, option }, 'autocomplete failed');
        return [];
      }
    },
  };
}
