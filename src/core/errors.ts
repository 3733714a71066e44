// One base error with a stable code. UserFacingError's message is shown to the user; anything
// else is logged with its code and the user sees a short apology with an incident id.

export class BriefbotError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Safe to show to the person who typed the command. */
export class UserFacingError extends BriefbotError {
  /** Exit code for the CLI (2 = usage / unknown topic). */
  readonly exitCode: number;
  constructor(code: string, message: string, options?: { cause?: unknown; exitCode?: number }) {
    super(code, message, options);
    this.exitCode = options?.exitCode ?? 2;
  }
}

export class ConfigError extends BriefbotError {
  readonly issues: string[];
  constructor(issues: string[]) {
    super('config_invalid', `Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.issues = issues;
  }
}

export function isUserFacing(error: unknown): error is UserFacingError {
  return error instanceof UserFacingError;
}

export function errorCode(error: unknown): string {
  if (error instanceof BriefbotError) return error.code;
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return 'internal';
}

/** Short random id that ties an apology shown to a user to the log line behind it. */
export function incidentId(): string {
  return Math.random().toString(36).slice(2, 8);
}
