// What a platform throws when a post fails: its own judgement of whether trying again can help.
// Only the platform can tell "channel gone" from "try later"; the scheduler reads these flags
// and knows no platform's error codes.
import { BriefbotError } from '../core/errors.ts';

export interface PostErrorFlags {
  /** false: the same post fails the same way every time (channel gone, no access, bad auth). */
  retryable?: boolean;
  /** Seconds the platform asked us to wait (a rate limit). */
  retryAfter?: number;
  cause?: unknown;
}

export class PostError extends BriefbotError {
  readonly retryable: boolean | undefined;
  readonly retryAfter: number | undefined;
  constructor(code: string, message: string, flags: PostErrorFlags = {}) {
    super(code, message, { cause: flags.cause });
    this.retryable = flags.retryable;
    this.retryAfter = flags.retryAfter;
  }
}
