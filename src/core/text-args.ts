// Parses the text after a slash command (`/brief us-russia --length short`) against a command's
// option specs. Shared by every platform that receives raw text (console, Slack), so `/brief`
// means the same thing everywhere. Platforms with typed options (Discord) use `coerceOptions`.
import { UserFacingError } from './errors.ts';
import type { CommandDefinition, OptionSpec, OptionValue } from '../../commands/command-types.ts';

export interface ParsedArgs {
  subcommand?: string;
  options: Record<string, OptionValue>;
}

interface Token {
  value: string;
  /** Offset just past the token in the source text, to take "the rest of the line" verbatim. */
  start: number;
  quoted: boolean;
}

const QUOTE_PAIRS: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’' };

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    const start = i;
    const close = QUOTE_PAIRS[text[i]];
    if (close) {
      const end = text.indexOf(close, i + 1);
      if (end !== -1) {
        tokens.push({ value: text.slice(i + 1, end), start, quoted: true });
        i = end + 1;
        continue;
      }
    }
    while (i < text.length && !/\s/.test(text[i])) i++;
    tokens.push({ value: text.slice(start, i), start, quoted: false });
  }
  return tokens;
}

export function usage(def: CommandDefinition, subcommand?: string): string {
  const specs = subcommand ? def.subcommands?.find((s) => s.name === subcommand)?.options ?? [] : def.options;
  let afterRest = false;
  const parts = specs.map((o) => {
    const shape = o.type === 'choice' && o.choices ? o.choices.join('|') : o.name;
    // Once a rest option has taken the line, later options can only be given as flags.
    const flag = afterRest || o.type === 'boolean';
    if (o.rest) afterRest = true;
    if (o.rest) return o.required ? `<${o.name}…>` : `[${o.name}…]`;
    if (o.required) return `<${shape}>`;
    return flag || o.type === 'choice' ? `[--${o.name} ${shape}]` : `[${shape}]`;
  });
  const head = subcommand ? `/${def.name} ${subcommand}` : def.subcommands?.length ? `/${def.name} <${def.subcommands.map((s) => s.name).join('|')}>` : `/${def.name}`;
  return [head, ...parts].join(' ');
}

function usageError(def: CommandDefinition, problem: string, subcommand?: string): UserFacingError {
  return new UserFacingError('bad_arguments', `${problem}\nUsage: \`${usage(def, subcommand)}\`\nExample: \`/${def.example}\``);
}

export function parseCommandText(def: CommandDefinition, text: string): ParsedArgs {
  let tokens = tokenize(text.trim());
  let source = text.trim();
  let specs: readonly OptionSpec[] = def.options;
  let subcommand: string | undefined;

  if (def.subcommands?.length) {
    const first = tokens[0]?.value.toLowerCase();
    const sub = def.subcommands.find((s) => s.name === first);
    if (!sub) {
      const problem = first ? `Unknown subcommand "${tokens[0].value}".` : `\`/${def.name}\` needs a subcommand.`;
      throw usageError(def, `${problem} Choose one of: ${def.subcommands.map((s) => s.name).join(', ')}.`);
    }
    subcommand = sub.name;
    specs = sub.options;
    const after = tokens[1]?.start ?? source.length;
    source = source.slice(after);
    tokens = tokenize(source);
  }

  const named: Record<string, string> = {};
  const positional: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const flag = !token.quoted ? /^--([a-z][a-z0-9-]*)(?:=(.*))?$/i.exec(token.value) : null;
    const colon = !token.quoted ? /^([a-z][a-z0-9-]*):(.+)$/i.exec(token.value) : null;
    if (flag) {
      const spec = specs.find((s) => s.name === flag[1].toLowerCase());
      if (!spec) throw usageError(def, `Unknown option \`--${flag[1]}\`.`, subcommand);
      if (flag[2] !== undefined) named[spec.name] = flag[2];
      else if (spec.type === 'boolean' && (i + 1 >= tokens.length || !/^(true|false|yes|no)$/i.test(tokens[i + 1].value))) named[spec.name] = 'true';
      else if (i + 1 < tokens.length) named[spec.name] = tokens[++i].value;
      else throw usageError(def, `\`--${spec.name}\` needs a value.`, subcommand);
    } else if (colon && specs.some((s) => s.name === colon[1].toLowerCase())) {
      named[colon[1].toLowerCase()] = colon[2];
    } else positional.push(token);
  }

  // Positional tokens fill unnamed options in order; a `rest` option takes the remainder verbatim.
  const raw: Record<string, string> = { ...named };
  let p = 0;
  for (const spec of specs) {
    // Booleans are flags (`--loud`), never filled by position.
    if (spec.name in raw || p >= positional.length || spec.type === 'boolean') continue;
    if (spec.rest) {
      raw[spec.name] = positional.slice(p).map((t) => t.value).join(' ');
      p = positional.length;
    } else raw[spec.name] = positional[p++].value;
  }
  if (p < positional.length) {
    throw usageError(def, `Unexpected \`${positional.slice(p).map((t) => t.value).join(' ')}\`.`, subcommand);
  }
  return { subcommand, options: coerceOptions(def, raw, subcommand) };
}

/** Validates and types option values (from text or from a platform's typed options). */
export function coerceOptions(def: CommandDefinition, raw: Record<string, OptionValue | undefined>, subcommand?: string): Record<string, OptionValue> {
  const specs = subcommand ? def.subcommands?.find((s) => s.name === subcommand)?.options ?? [] : def.options;
  const out: Record<string, OptionValue> = {};
  for (const spec of specs) {
    const value = raw[spec.name];
    if (value === undefined || value === '') {
      if (spec.required) throw usageError(def, `Missing ${spec.name}: ${spec.description}`, subcommand);
      continue;
    }
    out[spec.name] = coerce(def, spec, value, subcommand);
  }
  for (const name of Object.keys(raw)) {
    if (raw[name] !== undefined && !specs.some((s) => s.name === name)) throw usageError(def, `Unknown option \`${name}\`.`, subcommand);
  }
  return out;
}

function coerce(def: CommandDefinition, spec: OptionSpec, value: OptionValue, subcommand?: string): OptionValue {
  const text = String(value).trim();
  switch (spec.type) {
    case 'integer': {
      const n = typeof value === 'number' ? value : Number(text);
      if (!Number.isInteger(n)) throw usageError(def, `\`${spec.name}\` must be a whole number, not "${text}".`, subcommand);
      return n;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (/^(true|yes|on|1)$/i.test(text)) return true;
      if (/^(false|no|off|0)$/i.test(text)) return false;
      throw usageError(def, `\`${spec.name}\` must be true or false, not "${text}".`, subcommand);
    case 'choice': {
      const match = spec.choices?.find((c) => c.toLowerCase() === text.toLowerCase());
      if (!match) throw usageError(def, `\`${spec.name}\` must be one of ${spec.choices?.join(', ')}, not "${text}".`, subcommand);
      return match;
    }
    default:
      return text;
  }
}
