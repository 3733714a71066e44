// An outbox that keeps what it was given, for tests that drive the reply path without a platform.
import type { Reply } from '../../commands/command-types.ts';
import type { EventOutbox, PostOptions } from '../../src/platforms/platform-types.ts';

export interface RecordingOutbox extends EventOutbox {
  readonly posted: Array<{ reply: Reply; options: PostOptions }>;
  readonly privately: Reply[];
  readonly updates: string[];
  /** Every reply, posted or private, in order. */
  readonly all: Reply[];
}

export function createRecordingOutbox(options: { conversationId?: string | null; fail?: Error } = {}): RecordingOutbox {
  const posted: RecordingOutbox['posted'] = [];
  const privately: Reply[] = [];
  const updates: string[] = [];
  const all: Reply[] = [];
  let n = 0;
  return {
    posted, privately, updates, all,
    async post(reply, postOptions) {
      if (options.fail) throw options.fail;
      posted.push({ reply, options: postOptions });
      all.push(reply);
      return { messageId: `m${++n}`, conversationId: options.conversationId === undefined ? 'test:thread' : options.conversationId };
    },
    async postPrivately(reply) {
      privately.push(reply);
      all.push(reply);
    },
    update(text) {
      updates.push(text);
    },
  };
}
