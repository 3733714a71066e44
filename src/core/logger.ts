import { pino, type DestinationStream } from 'pino';
import { stripUrlCredentials } from './url-credentials.ts';

export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

// Keys whose values are secrets wherever they appear in a log object.
export const REDACT_PATHS = [
  'token', '*.token', 'apiKey', '*.apiKey', 'authorization', '*.authorization', '*.headers.authorization',
  'botToken', '*.botToken', 'appToken', '*.appToken', 'signingSecret', '*.signingSecret', 'password', '*.password',
  'databaseUrl', '*.databaseUrl',
];

export interface LoggerOptions {
  level?: string;
  /** Pretty output (default: when stderr is a TTY). */
  pretty?: boolean;
  destination?: DestinationStream;
  /** Secret values to scrub from every message, wherever they appear. */
  secrets?: readonly string[];
}

/** pino JSON on stderr (stdout is reserved for `--json` output), pretty only on a TTY. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s && s.length >= 6);
  const pretty = options.pretty ?? Boolean(process.stderr.isTTY);
  const base = {
    level: options.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    // Always on: URL credentials appear in SDK messages even when no secret value is known.
    hooks: {
      logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(this, args.map((a) => scrub(a, secrets)));
      },
    },
  };
  if (options.destination) return pino(base, options.destination) as unknown as Logger;
  if (pretty) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { destination: 2, colorize: true } } }) as unknown as Logger;
  }
  return pino(base, pino.destination(2)) as unknown as Logger;
}

/** A message for stderr or a reply, with every known secret value and URL credentials removed. */
export function scrubText(text: string, secrets: readonly string[]): string {
  const scrubbed = secrets.filter((s) => s && s.length >= 4).reduce((s, secret) => s.split(secret).join('[redacted]'), text);
  return stripUrlCredentials(scrubbed);
}

function scrub(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return scrubText(value, secrets);
  if (value instanceof Error) {
    const copy = new Error(scrub(value.message, secrets) as string);
    copy.name = value.name;
    copy.stack = value.stack ? (scrub(value.stack, secrets) as string) : undefined;
    // Keep the error's own fields (code, status, …) so logs still say what kind of failure it was.
    for (const [key, field] of Object.entries(value)) (copy as unknown as Record<string, unknown>)[key] = scrub(field, secrets);
    return copy;
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, secrets));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, secrets)]));
  }
  return value;
}

/** Collects log lines in memory; tests assert on them. */
export function createMemoryLogger(): Logger & { lines: Array<{ level: string; msg?: string; [k: string]: unknown }> } {
  const lines: Array<{ level: string; msg?: string; [k: string]: unknown }> = [];
  const make = (bindings: Record<string, unknown>): Logger => {
    const log = (level: string) => (obj: object | string, msg?: string) => {
      if (typeof obj === 'string') lines.push({ level, ...bindings, msg: obj });
      else lines.push({ level, ...bindings, ...(obj as object), msg });
    };
    return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: (b) => make({ ...bindings, ...b }) };
  };
  return Object.assign(make({}), { lines });
}

export const silentLogger: Logger = {
  debug() {}, info() {}, warn() {}, error() {}, child() { return silentLogger; },
};
