// Discord application commands built from the same platform-neutral CommandDefinitions that the
// router dispatches, so what users see in the `/` menu is what runs. Registration compares a hash
// of what Discord currently has (GET) with what we would send and only overwrites (PUT) on a
// difference: global command updates are rate limited and each PUT bumps command versions.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  REST,
  Routes,
  type APIApplicationCommandOption,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandDefinition, OptionSpec } from '../../../commands/command-types.ts';
import type { Logger } from '../../core/logger.ts';
import { describeDiscordError } from './discord-errors.ts';

const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
const MAX_OPTIONS = 25;
const MAX_CHOICES = 25;

export type CommandPayload = RESTPutAPIApplicationCommandsJSONBody;

/** Thrown for definitions Discord would reject; the message lists every problem. */
export class CommandDefinitionError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Discord cannot register these commands:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CommandDefinitionError';
    this.problems = problems;
  }
}

function description(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim() || '—';
  return clean.length <= 100 ? clean : `${clean.slice(0, 99)}…`;
}

function buildOption(spec: OptionSpec, where: string, problems: string[]): APIApplicationCommandOption {
  if (!NAME.test(spec.name) || spec.name !== spec.name.toLowerCase()) problems.push(`${where}: option name "${spec.name}" must be 1–32 lowercase letters, digits, - or _`);
  const base = { name: spec.name, description: description(spec.description), required: Boolean(spec.required) };
  switch (spec.type) {
    case 'integer':
      return { ...base, type: ApplicationCommandOptionType.Integer, ...(spec.autocomplete ? { autocomplete: true } : {}) };
    case 'boolean':
      return { ...base, type: ApplicationCommandOptionType.Boolean };
    case 'choice': {
      const choices = spec.choices ?? [];
      if (!choices.length) problems.push(`${where}: choice option "${spec.name}" has no choices`);
      if (choices.length > MAX_CHOICES) problems.push(`${where}: option "${spec.name}" has ${choices.length} choices (Discord allows ${MAX_CHOICES}); use autocomplete`);
      for (const c of choices) if (!c || c.length > 100) problems.push(`${where}: choice "${c}" of "${spec.name}" must be 1–100 characters`);
      // Discord forbids autocomplete together with fixed choices; the choices win.
      return { ...base, type: ApplicationCommandOptionType.String, choices: choices.map((c) => ({ name: c, value: c })) };
    }
    default:
      return { ...base, type: ApplicationCommandOptionType.String, ...(spec.autocomplete ? { autocomplete: true } : {}) };
  }
}

function buildOptions(specs: readonly OptionSpec[], where: string, problems: string[]): APIApplicationCommandOption[] {
  if (specs.length > MAX_OPTIONS) problems.push(`${where}: ${specs.length} options (Discord allows ${MAX_OPTIONS})`);
  const names = new Set<string>();
  for (const spec of specs) {
    if (names.has(spec.name)) problems.push(`${where}: option "${spec.name}" is defined twice`);
    names.add(spec.name);
  }
  const built = specs.map((spec) => buildOption(spec, where, problems));
  // Discord requires required options before optional ones; the order only affects the menu.
  return [...built.filter((o) => 'required' in o && o.required), ...built.filter((o) => !('required' in o && o.required))];
}

/** Application command JSON for `PUT /applications/:id/commands` from the command definitions. */
export function buildCommandPayload(definitions: readonly CommandDefinition[]): CommandPayload {
  const problems: string[] = [];
  const seen = new Set<string>();
  const payload = definitions.map((def) => {
    const where = `/${def.name}`;
    if (!NAME.test(def.name) || def.name !== def.name.toLowerCase()) problems.push(`${where}: command name must be 1–32 lowercase letters, digits, - or _`);
    if (seen.has(def.name)) problems.push(`${where}: defined twice`);
    seen.add(def.name);
    let options: APIApplicationCommandOption[];
    if (def.subcommands?.length) {
      if (def.options.length) problems.push(`${where}: Discord cannot mix subcommands with top-level options`);
      if (def.subcommands.length > MAX_OPTIONS) problems.push(`${where}: ${def.subcommands.length} subcommands (Discord allows ${MAX_OPTIONS})`);
      options = def.subcommands.map((sub) => {
        if (!NAME.test(sub.name) || sub.name !== sub.name.toLowerCase()) problems.push(`${where} ${sub.name}: subcommand name must be 1–32 lowercase letters, digits, - or _`);
        return {
          type: ApplicationCommandOptionType.Subcommand,
          name: sub.name,
          description: description(sub.description),
          options: buildOptions(sub.options, `${where} ${sub.name}`, problems) as never,
        };
      });
    } else {
      options = buildOptions(def.options, where, problems);
    }
    return {
      type: ApplicationCommandType.ChatInput,
      name: def.name,
      description: description(def.description),
      options,
      // Guild text channels only: permissions (digests) and threads are guild concepts.
      contexts: [InteractionContextType.Guild],
      integration_types: [ApplicationIntegrationType.GuildInstall],
    };
  });
  if (payload.length > 100) problems.push(`${payload.length} commands (Discord allows 100 chat commands)`);
  if (problems.length) throw new CommandDefinitionError(problems);
  return payload;
}

// ─── Comparing with what Discord has ───────────────────────────────────────────────────────

interface LooseOption {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  autocomplete?: boolean;
  choices?: Array<{ name: string; value: string | number }>;
  options?: LooseOption[];
}
interface LooseCommand {
  type?: number;
  name: string;
  description: string;
  options?: LooseOption[];
  contexts?: number[] | null;
  integration_types?: number[] | null;
  default_member_permissions?: string | null;
  nsfw?: boolean;
}

function canonicalOption(o: LooseOption): unknown {
  return {
    type: o.type,
    name: o.name,
    description: o.description,
    required: Boolean(o.required),
    autocomplete: Boolean(o.autocomplete),
    choices: (o.choices ?? []).map((c) => ({ name: c.name, value: c.value })),
    options: (o.options ?? []).map(canonicalOption),
  };
}

/** Only the fields we control, with Discord's defaults filled in, so GET output and our payload compare equal. */
function canonicalCommand(c: LooseCommand): unknown {
  return {
    type: c.type ?? ApplicationCommandType.ChatInput,
    name: c.name,
    description: c.description,
    options: (c.options ?? []).map(canonicalOption),
    contexts: c.contexts ? [...c.contexts].sort() : null,
    integration_types: c.integration_types ? [...c.integration_types].sort() : null,
    default_member_permissions: c.default_member_permissions ?? null,
    nsfw: Boolean(c.nsfw),
  };
}

export function commandsHash(commands: readonly unknown[]): string {
  const canonical = (commands as LooseCommand[])
    .filter((c) => (c.type ?? 1) === ApplicationCommandType.ChatInput)
    .map(canonicalCommand)
    .sort((a, b) => ((a as { name: string }).name < (b as { name: string }).name ? -1 : 1));
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

// ─── Registration ──────────────────────────────────────────────────────────────────────────

export interface RegisterOptions {
  token: string;
  /** REST base, e.g. `https://discord.com/api` (default) or a proxy / the test fake. */
  apiUrl?: string | null;
  /** Looked up with `GET /applications/@me` when absent. */
  applicationId?: string | null;
  /** Register in one guild (instant; for development) instead of globally. */
  guildId?: string | null;
  definitions: readonly CommandDefinition[];
  logger: Logger;
  /** Records the last registered hash; consulted only when Discord's current commands can't be read. */
  stateFile?: string | null;
  /** Reuse a REST client (the running bot's); otherwise one is created for this call. */
  rest?: REST;
}

export interface RegisterResult {
  changed: boolean;
  scope: string;
  applicationId: string;
  count: number;
  hash: string;
}

interface StateRecord {
  hash: string;
  scope: string;
  applicationId: string;
  registeredAt: string;
}

export function createRest(token: string, apiUrl?: string | null): REST {
  // Sweeper intervals off: a one-shot CLI must be able to exit. `api` only when set, because an
  // explicit undefined would replace discord.js's default base URL.
  return new REST({ version: '10', hashSweepInterval: 0, handlerSweepInterval: 0, ...(apiUrl ? { api: apiUrl } : {}) }).setToken(token);
}

export async function registerDiscordCommands(options: RegisterOptions): Promise<RegisterResult> {
  const { logger } = options;
  const payload = buildCommandPayload(options.definitions);
  const rest = options.rest ?? createRest(options.token, options.apiUrl);
  const applicationId = options.applicationId ?? ((await rest.get(Routes.currentApplication())) as { id: string }).id;
  const scope = options.guildId ? `guild:${options.guildId}` : 'global';
  const route = options.guildId ? Routes.applicationGuildCommands(applicationId, options.guildId) : Routes.applicationCommands(applicationId);
  const wanted = commandsHash(payload);

  let current: string | null = null;
  try {
    current = commandsHash((await rest.get(route)) as unknown[]);
  } catch (error) {
    logger.warn({ err: describeDiscordError(error), scope }, 'discord: could not read the registered commands; comparing with the stored hash');
    const stored = options.stateFile ? await readState(options.stateFile) : null;
    if (stored && stored.scope === scope && stored.applicationId === applicationId) current = stored.hash;
  }

  if (current === wanted) {
    logger.info({ scope, count: payload.length }, 'discord: commands unchanged, nothing sent');
    return { changed: false, scope, applicationId, count: payload.length, hash: wanted };
  }

  await rest.put(route, { body: payload });
  logger.info({ scope, count: payload.length, names: payload.map((c) => c.name) }, 'discord: commands registered');
  if (options.stateFile) await writeState(options.stateFile, { hash: wanted, scope, applicationId, registeredAt: new Date().toISOString() });
  return { changed: true, scope, applicationId, count: payload.length, hash: wanted };
}

async function readState(file: string): Promise<StateRecord | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as StateRecord;
  } catch {
    return null;
  }
}

async function writeState(file: string, record: StateRecord): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(record, null, 2)}\n`);
  await rename(tmp, file);
}
