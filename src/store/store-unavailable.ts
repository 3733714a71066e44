import { BriefbotError } from '../core/errors.ts';

/** Code of the error the degraded store throws where it cannot answer softly (the token budget). */
export const STORE_UNAVAILABLE = 'store_unavailable';

export class StoreUnavailableError extends BriefbotError {
  constructor(operation: string, options?: { cause?: unknown }) {
    super(STORE_UNAVAILABLE, `The database is unreachable (${operation})`, options);
  }
}
