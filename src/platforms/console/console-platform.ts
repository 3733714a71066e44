// The local default (Hubot's shell adapter): a readline chat on a TTY, or a line-by-line
// script reader on a pipe that exits at EOF. Digests print here too.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ChatUser, Reply } from '../../../commands/command-types.ts';
import type { ChatPlatform, EventOutbox, EventSink } from '../platform-types.ts';
import { renderReply } from './render.ts';

/** The console's one channel: commands and digests. */
export const CONSOLE_CONVERSATION = 'console:local';

export interface ConsolePlatform extends ChatPlatform {
  /** Resolves when input ends (EOF, `/quit`) and every line read so far has been answered. */
  readonly done: Promise<void>;
}

export interface ConsolePlatformOptions {
  input?: Readable;
  output?: Writable;
  /** Interactive prompt and colour (default: input and output are TTYs). */
  interactive?: boolean;
  user?: ChatUser;
}

export function createConsolePlatform(options: ConsolePlatformOptions = {}): ConsolePlatform {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const interactive = options.interactive ?? Boolean((input as { isTTY?: boolean }).isTTY && (output as { isTTY?: boolean }).isTTY);
  const user: ChatUser = options.user ?? { id: 'console:local', name: process.env.USER ?? 'you', isAdmin: true };
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  let rl: ReturnType<typeof createInterface> | null = null;
  // After `/quit` or EOF the interface is closed: prompting then throws (ERR_USE_AFTER_CLOSE),
  // and a digest printed during shutdown must not fail its post because of a prompt.
  let closed = false;
  const prompt = (preserveCursor?: boolean) => { if (interactive && !closed) rl?.prompt(preserveCursor); };
  let counter = 0;
  // Follow-ups belong to this session's thread, so a new session does not inherit old memory.
  const thread = `${CONSOLE_CONVERSATION}:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

  const write = (text: string) => output.write(`${text}\n`);
  const show = (reply: Reply, followUpHint: boolean) => write(`${renderReply(reply, { color: interactive, followUpHint })}\n`);

  /** Everything the console shows lands in this session's thread, so any brief can be followed up. */
  function outbox(header = ''): EventOutbox {
    return {
      async post(reply) {
        if (header) write(`\n${header}`);
        show(reply, !header);
        if (header) prompt(true);
        return { messageId: `console-${++counter}`, conversationId: thread };
      },
      async postPrivately(reply) {
        show(reply, false);
      },
    };
  }

  async function handle(line: string, sink: EventSink): Promise<void> {
    const text = line.trim();
    if (!text) return;
    if (text === '/quit' || text === '/exit') {
      rl?.close();
      return;
    }
    if (text.startsWith('/')) {
      const [, command, rest = ''] = /^\/(\S+)\s*([\s\S]*)$/.exec(text) ?? [];
      await sink.command({ platform: 'console', command, text: rest, user, conversationId: CONSOLE_CONVERSATION }, outbox());
      return;
    }
    // In a one-to-one console every plain line is addressed to the bot.
    await sink.message({ platform: 'console', conversationId: thread, text, user, mentioned: true }, outbox());
  }

  return {
    name: 'console',
    done,
    async start(sink) {
      rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
      if (interactive) {
        write('briefbot console — try /brief us-russia, /topics, /help; /quit to leave.');
        rl.setPrompt('> ');
        prompt();
      }
      answerInOrder(rl, (line) => handle(line, sink), {
        failed: (error) => write(`Error: ${(error as Error).message}`),
        answered: () => prompt(),
        ended: () => { closed = true; },
      }).then(finish);
    },
    async stop() {
      rl?.close();
    },
    // Digests print between the lines typed; the prompt is redrawn after them.
    outbox: () => outbox('[digest]'),
    isReady: () => rl !== null,
  };
}

/**
 * Lines are answered one at a time, in order, so a piped script reads like a conversation.
 * Resolves once input has ended and the last line is answered; never rejects.
 */
function answerInOrder(
  rl: ReturnType<typeof createInterface>,
  answer: (line: string) => Promise<void>,
  on: { failed(error: unknown): void; answered(): void; ended(): void },
): Promise<void> {
  let queue = Promise.resolve();
  rl.on('line', (line) => {
    queue = queue.then(() => answer(line)).catch(on.failed).then(on.answered);
  });
  return new Promise((resolve) => {
    rl.on('close', () => {
      on.ended();
      void queue.then(resolve);
    });
  });
}
