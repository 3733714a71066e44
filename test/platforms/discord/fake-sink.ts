// The real reply path (src/core/reply-path.ts) over a stand-in router: records what the platform
// hands it and answers like the real commands would (a slow engine for /brief, an ephemeral
// refusal for /digest subscribe without Manage Channels, answers only in threads a brief was
// posted in or when mentioned). The platform's outbox does the posting, as in production.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Reply } from '../../../commands/command-types.ts';
import { silentLogger, type Logger } from '../../../src/core/logger.ts';
import { createReplyPath, type ReplyPath } from '../../../src/core/reply-path.ts';
import type { Router } from '../../../src/core/router.ts';
import type { Answer, Brief } from '../../../src/engines/engine-types.ts';
import type { CommandEvent, MessageEvent } from '../../../src/platforms/platform-types.ts';

export function sampleBrief(query = 'us-russia', extra: Partial<Brief> = {}): Brief {
  const a = { docId: 'd1', passageId: 'd1.0', title: 'Envoys meet in Riyadh', path: 'seeds/riyadh-talks.md' };
  const b = { docId: 'd2', passageId: 'd2.3', title: 'Kremlin on sanctions', path: 'seeds/kremlin-sanctions.md' };
  return {
    query,
    topic: { slug: 'us-russia', title: 'US–Russia relations' },
    headline: 'US and Russian envoys agree to keep talking',
    bullets: [
      { text: 'Delegations met for four and a half hours in Riyadh and agreed to restore embassy staffing.', citations: [a] },
      { text: 'The Kremlin said sanctions relief was "not on the table yet" but welcomed the tone.', citations: [b, a] },
    ],
    quotes: [{ text: 'We agreed to listen to each other', speaker: 'Sergei Lavrov', role: 'Foreign Minister', citation: a }],
    entities: { people: ['Sergei Lavrov'], organizations: ['Kremlin'], places: ['Riyadh'] },
    sources: [
      { docId: 'd1', title: a.title, path: a.path, date: '2025-02-18' },
      { docId: 'd2', title: b.title, path: b.path, date: '2025-02-19' },
    ],
    engine: 'offline',
    notes: [],
    generatedAt: '2025-02-20T08:00:00.000Z',
    ...extra,
  };
}

export function sampleAnswer(question: string): Answer {
  return {
    question,
    answer: 'Peskov said the talks were "useful" and that a follow-up meeting is planned.',
    found: true,
    citations: [{ docId: 'd2', passageId: 'd2.1', title: 'Kremlin on sanctions', path: 'seeds/kremlin-sanctions.md' }],
    engine: 'offline',
    notes: [],
  };
}

export interface FakeSinkOptions {
  /** How long the fake engine takes per brief (a function lets a benchmark vary it per round). */
  engineMs?: number | (() => number);
  /** Called when the slow engine finishes a brief (before the reply is returned). */
  onEngineDone?: (event: CommandEvent) => void;
  briefFor?: (event: CommandEvent) => Brief;
  slugs?: string[];
  /** /brief reports progress like an LLM engine (default true; the offline engine reports none). */
  progress?: boolean;
  /** The reply path's logger. */
  logger?: Logger;
}

export interface FakeSink extends ReplyPath {
  commands: CommandEvent[];
  messages: MessageEvent[];
  /** Briefs the reply path remembered, under the conversation the outbox said follow-ups arrive in. */
  postedReplies: Array<{ conversationId: string; reply: Reply }>;
  autocompletes: Array<{ command: string; option: string; partial: string }>;
  waitFor<T>(check: () => T | undefined | false, timeoutMs?: number): Promise<T>;
}

export function createFakeSink(options: FakeSinkOptions = {}): FakeSink {
  const engineMs = () => (typeof options.engineMs === 'function' ? options.engineMs() : (options.engineMs ?? 2000));
  const slugs = options.slugs ?? ['us-russia', 'us-china', 'eu-energy', 'ukraine-war'];
  const threads = new Set<string>();
  const commands: CommandEvent[] = [];
  const messages: MessageEvent[] = [];
  const postedReplies: FakeSink['postedReplies'] = [];
  const autocompletes: FakeSink['autocompletes'] = [];

  const router: Router = {
    async command({ progress, ...event }) {
      commands.push(event);
      switch (event.command) {
        case 'brief': {
          if (options.progress !== false) progress?.('Reading 2 documents…');
          await sleep(engineMs());
          options.onEngineDone?.(event);
          return { kind: 'brief', brief: options.briefFor?.(event) ?? sampleBrief(String(event.options?.topic ?? 'us-russia')) };
        }
        case 'ask':
          return { kind: 'answer', answer: sampleAnswer(String(event.options?.question ?? '')) };
        case 'digest':
          if (event.subcommand !== 'list' && event.subcommand !== 'preview' && !event.user.isAdmin) {
            return { kind: 'text', text: 'Changing digests here needs the Manage Channels permission.', ephemeral: true };
          }
          return { kind: 'text', text: `Subscribed this channel to \`${String(event.options?.topic)}\` daily at 08:00.` };
        default:
          return { kind: 'text', title: 'briefbot', text: 'Use `/brief <topic>`.', ephemeral: true };
      }
    },

    async message(event) {
      messages.push(event);
      if (!event.mentioned && !threads.has(event.conversationId)) return null;
      return { kind: 'answer', answer: sampleAnswer(event.text) };
    },

    async autocomplete(command, option, partial) {
      autocompletes.push({ command, option, partial });
      return slugs.filter((s) => s.startsWith(partial.toLowerCase()));
    },
  };

  const memory = {
    async rememberBrief(conversationId: string, brief: Brief) {
      postedReplies.push({ conversationId, reply: { kind: 'brief', brief } });
      threads.add(conversationId);
    },
  };

  return {
    ...createReplyPath({ router, memory, logger: options.logger ?? silentLogger }),
    commands,
    messages,
    postedReplies,
    autocompletes,
    async waitFor(check, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = check();
        if (value) return value;
        if (Date.now() > deadline) throw new Error('fake sink: condition not met in time');
        await sleep(10);
      }
    },
  };
}
