// Turns platform events into command runs and follow-up answers: what to reply, never how to
// post it (reply-path.ts does that). Commands never see platform types.
import { randomUUID } from 'node:crypto';
import { errorCode, incidentId, isUserFacing, UserFacingError } from './errors.ts';
import type { RateLimiter } from './rate-limit.ts';
import { coerceOptions, parseCommandText, tokenize } from './text-args.ts';
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
  onCommand?: (info: { command: string; platform: string; outcome: 'ok' | 'user_error' | 'error' | 'rate_limited'; ms: number }) => void;
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

/**
 * The definition whose first word may name another command (`/brief help`, `/brief digest list`):
 * platforms that register one command (Slack) send it as this.
 */
export const ROOT_DEFINITION = 'brief';

export function createRouter(options: RouterOptions): Router {
  const { services, logger } = options;
  const byName = new Map(options.commands.map((c) => [c.name, c]));

  function resolve(event: CommandEvent): { def: CommandDefinition; text?: string } {
    const name = event.command.replace(/^\//, '').toLowerCase();
    const def = byName.get(name);
    if (!def) {
      throw new UserFacingError('unknown_command', `Unknown command \`/${name}\`. Try ${[...byName.keys()].map((n) => `\`/${n}\``).join(', ')}.`);
    }
    // `/brief help`, `/brief topics`, `/brief digest list`: one registered command, many verbs.
    if (def.name === ROOT_DEFINITION && event.text !== undefined) {
      const first = tokenize(event.text)[0];
      const sub = first && !first.quoted ? byName.get(first.value.toLowerCase()) : undefined;
      if (sub && sub.name !== ROOT_DEFINITION) return { def: sub, text: event.text.trim().slice(first.value.length) };
    }
    return { def, text: event.text };
  }

  /** One logger per command or message, so every line about it carries the same ids. */
  function requestLogger(event: { platform: string; conversationId: string; user: ChatUser }): Logger {
    return logger.child({ requestId: randomUUID().slice(0, 8), platform: event.platform, conversationId: event.conversationId, userId: event.user.id });
  }

  async function guarded(label: () => string, platform: string, log: Logger, work: () => Promise<Reply>): Promise<Reply> {
    const started = performance.now();
    // The apology names the command as typed (`/brief digest …` on Slack); logs and metrics use the resolved one.
    const typed = label();
    const report = (outcome: 'ok' | 'user_error' | 'error' | 'rate_limited') => {
      const ms = performance.now() - started;
      log.info({ command: label(), outcome, ms: Math.round(ms) }, 'command handled');
      options.onCommand?.({ command: label(), platform, outcome, ms });
    };
    try {
      const reply = await work();
      report('ok');
      return reply;
    } catch (error) {
      if (isUserFacing(error)) {
        report(error.code === 'rate_limited' ? 'rate_limited' : 'user_error');
        return { kind: 'text', text: error.message, ephemeral: true };
      }
      const id = incidentId();
      log.error({ err: error, code: errorCode(error), incident: id, command: label() }, 'command failed');
      report('error');
      return { kind: 'text', text: `Sorry, something went wrong while running \`/${typed}\` (incident ${id}). Please try again.`, ephemeral: true };
    }
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
      return guarded(() => label, event.platform, log, async () => {
        limit(event.platform, event.user.id);
        const { def, text } = resolve(event);
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
      return guarded(() => 'ask', event.platform, log, async () => {
        limit(event.platform, event.user.id);
        const answer = await services.answers.answer(question, { conversationId: event.conversationId });
        return { kind: 'answer', answer };
      });
    },

    async autocomplete(command, option, partial) {
      const def = byName.get(command);
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
