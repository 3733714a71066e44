// The flags of `briefbot <verb>`. node:util's parseArgs runs non-strict (with tokens) so that every
// mistake is reported in our words — "unknown option --lenght; did you mean --length?" — rather
// than in Node's, and as a usage error (exit 2) like the rest, values of --engine included.
import { parseArgs } from 'node:util';
import { editDistance } from './core/edit-distance.ts';

/** A mistake on the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {}

const OPTIONS = {
  json: { type: 'boolean' },
  length: { type: 'string' },
  engine: { type: 'string' },
  seeds: { type: 'string', multiple: true },
  topic: { type: 'string' },
  guild: { type: 'string' },
  console: { type: 'boolean' },
  shards: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const LENGTHS = ['short', 'standard', 'detailed'] as const;
export const ENGINES = ['offline', 'openai'] as const;

export interface CliArgs {
  values: {
    json: boolean;
    length?: (typeof LENGTHS)[number];
    engine?: (typeof ENGINES)[number];
    seeds?: string[];
    topic?: string;
    guild?: string;
    console: boolean;
    shards?: string;
    help: boolean;
  };
  positionals: string[];
}

type Name = keyof typeof OPTIONS;
const isName = (name: string): name is Name => Object.hasOwn(OPTIONS, name);

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const { values, positionals, tokens } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (!isName(token.name)) throw new UsageError(unknownOption(token.rawName));
    const spec = OPTIONS[token.name];
    if (spec.type === 'boolean' && token.inlineValue) throw new UsageError(`${token.rawName} takes no value`);
    // A following flag is not a value (`--seeds --json`): strict parseArgs refuses it too.
    if (spec.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))) {
      throw new UsageError(`${token.rawName} needs a value`);
    }
  }
  const text = (name: Name) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  return {
    values: {
      json: values.json === true,
      length: oneOf('--length', text('length'), LENGTHS),
      engine: oneOf('--engine', text('engine'), ENGINES),
      seeds: Array.isArray(values.seeds) ? values.seeds.filter((s): s is string => typeof s === 'string') : undefined,
      topic: text('topic'),
      guild: text('guild'),
      console: values.console === true,
      shards: text('shards'),
      help: values.help === true,
    },
    positionals,
  };
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
}

function unknownOption(raw: string): string {
  const typed = raw.replace(/^-+/, '').split('=')[0].toLowerCase();
  const close = Object.keys(OPTIONS)
    .map((name) => ({ name, d: editDistance(typed, name) }))
    .filter((c) => c.d <= Math.max(1, Math.floor(c.name.length / 3)))
    .sort((a, b) => a.d - b.d)[0];
  return `unknown option ${raw}${close ? `; did you mean --${close.name}?` : ''}`;
}
