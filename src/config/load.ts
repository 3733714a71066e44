import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { urlCredentialSecrets } from '../core/url-credentials.ts';
import { feedsConfigIssues } from './feed-sources.ts';
import { feedUrlProblem } from './feed-url.ts';
import { configSchema, type Config, type Secrets } from './schema.ts';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_CONFIG_FILE = path.join(PROJECT_ROOT, 'config', 'default.yaml');

export type ConfigResult = { ok: true; config: Config } | { ok: false; issues: string[] };

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Defaults to config/default.yaml of this project. */
  defaultFile?: string;
  /** Command-line overrides, applied last. */
  overrides?: { seeds?: string[]; engine?: string };
}

/** Env vars that map onto file settings (documented in the README). */
const ENV_SETTINGS: Array<{ env: string; path: string[]; kind: 'string' | 'int' | 'list' }> = [
  { env: 'BRIEFBOT_SEEDS', path: ['seeds', 'dirs'], kind: 'list' },
  { env: 'BRIEFBOT_ENGINE', path: ['engine', 'default'], kind: 'string' },
  { env: 'BRIEFBOT_DATA_DIR', path: ['store', 'dataDir'], kind: 'string' },
  { env: 'OPENAI_MODEL', path: ['engine', 'openai', 'model'], kind: 'string' },
  { env: 'BRIEFBOT_LLM_DEADLINE_MS', path: ['engine', 'openai', 'deadlineMs'], kind: 'int' },
  { env: 'PORT', path: ['http', 'port'], kind: 'int' },
  { env: 'BRIEFBOT_HTTP_HOST', path: ['http', 'host'], kind: 'string' },
  { env: 'BRIEFBOT_SHUTDOWN_TIMEOUT_MS', path: ['http', 'shutdownTimeoutMs'], kind: 'int' },
  { env: 'LOG_LEVEL', path: ['log', 'level'], kind: 'string' },
  { env: 'SLACK_ADMIN_USER_IDS', path: ['slack', 'adminUserIds'], kind: 'list' },
  { env: 'DISCORD_GUILD_ID', path: ['discord', 'guildId'], kind: 'string' },
];

/** default.yaml ← BRIEFBOT_CONFIG file ← env ← CLI flags; every problem reported, by dotted path. */
export function loadConfig(options: LoadConfigOptions = {}): ConfigResult {
  const env = options.env ?? process.env;
  const issues: string[] = [];
  const sources: string[] = [];
  let raw: Record<string, unknown> = {};

  const files = [options.defaultFile ?? DEFAULT_CONFIG_FILE];
  if (env.BRIEFBOT_CONFIG) files.push(path.resolve(env.BRIEFBOT_CONFIG));
  for (const file of files) {
    const loaded = readYamlFile(file);
    if ('error' in loaded) issues.push(`${file}: ${loaded.error}`);
    else {
      raw = deepMerge(raw, loaded.value);
      sources.push(file);
    }
  }

  for (const setting of ENV_SETTINGS) {
    const value = env[setting.env];
    if (value === undefined || value === '') continue;
    if (setting.kind === 'int') {
      const n = Number(value);
      if (!Number.isInteger(n)) {
        issues.push(`${setting.path.join('.')} (from ${setting.env}): expected a whole number, got "${value}"`);
        continue;
      }
      setPath(raw, setting.path, n);
    } else if (setting.kind === 'list') {
      setPath(raw, setting.path, splitList(value));
    } else setPath(raw, setting.path, value);
    sources.push(`env ${setting.env}`);
  }
  if (options.overrides?.seeds?.length) setPath(raw, ['seeds', 'dirs'], options.overrides.seeds);
  if (options.overrides?.engine) setPath(raw, ['engine', 'default'], options.overrides.engine);

  const feedsFromEnv = readEnvFeeds(env.BRIEFBOT_FEEDS, issues);
  if (feedsFromEnv.length) sources.push('env BRIEFBOT_FEEDS');

  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) issues.push(...formatIssues(parsed.error.issues));
  const secrets = readSecrets(env, issues);
  if (issues.length || !parsed.success) return { ok: false, issues };

  const config: Config = { ...parsed.data, secrets, sources, feedsFromEnv };
  issues.push(...crossCheck(config));
  return issues.length ? { ok: false, issues } : { ok: true, config };
}

/**
 * BRIEFBOT_FEEDS: comma-separated feed URLs added to the file's feeds (not replacing them), polled
 * with the defaults. Split on commas only: URLs contain colons.
 */
function readEnvFeeds(value: string | undefined, issues: string[]): string[] {
  const urls = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  urls.forEach((url, i) => {
    const problem = feedUrlProblem(url);
    if (problem) issues.push(`BRIEFBOT_FEEDS.${i}: ${problem}`);
  });
  return urls;
}

function readSecrets(env: NodeJS.ProcessEnv, issues: string[]): Secrets {
  const get = (name: string) => (env[name] && env[name]!.trim() ? env[name]!.trim() : null);
  const url = (name: string) => {
    const value = get(name);
    if (value === null) return null;
    try {
      new URL(value);
      return value;
    } catch {
      issues.push(`${name}: expected a URL such as https://example.com/api/, got something else`);
      return null;
    }
  };
  return {
    openaiApiKey: get('OPENAI_API_KEY'),
    openaiBaseUrl: url('OPENAI_BASE_URL'),
    slackBotToken: get('SLACK_BOT_TOKEN'),
    slackAppToken: get('SLACK_APP_TOKEN'),
    slackSigningSecret: get('SLACK_SIGNING_SECRET'),
    slackApiUrl: url('SLACK_API_URL'),
    discordToken: get('DISCORD_TOKEN'),
    discordApiUrl: url('DISCORD_API_URL'),
    databaseUrl: get('DATABASE_URL'),
  };
}

/** Rules that span settings. */
function crossCheck(config: Config): string[] {
  const issues: string[] = [];
  const slugs = new Set<string>();
  config.topics.forEach((t, i) => {
    if (slugs.has(t.slug)) issues.push(`topics.${i}.slug: "${t.slug}" is used twice`);
    slugs.add(t.slug);
    if (!t.keywords.length && !t.query && !t.files.length) {
      issues.push(`topics.${i}: give keywords, a query or files so documents can match "${t.slug}"`);
    }
  });
  config.digests.forEach((d, i) => {
    if (!slugs.has(d.topic)) issues.push(`digests.${i}.topic: unknown topic "${d.topic}" (known: ${[...slugs].join(', ') || 'none'})`);
  });
  issues.push(...feedsConfigIssues(config));
  if (config.secrets.slackBotToken && !config.secrets.slackAppToken && !config.secrets.slackSigningSecret) {
    issues.push('SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is');
  }
  if (config.engine.default === 'openai' && !config.secrets.openaiApiKey && !config.secrets.openaiBaseUrl) {
    issues.push('engine.default: "openai" needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server)');
  }
  return issues;
}

export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const where = issue.path.length ? issue.path.join('.') : '(top level)';
    if (issue.code === 'unrecognized_keys') return `${where}: unknown setting(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    return `${where}: ${issue.message}`;
  });
}

function readYamlFile(file: string): { value: Record<string, unknown> } | { error: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { error: `cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  try {
    const value = parseYaml(text) ?? {};
    if (typeof value !== 'object' || Array.isArray(value)) return { error: 'expected a YAML mapping at the top level' };
    return { value: value as Record<string, unknown> };
  } catch (error) {
    return { error: `invalid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
}

function splitList(value: string): string[] {
  return value.split(/[,:]/).map((s) => s.trim()).filter(Boolean);
}

function setPath(target: Record<string, unknown>, keys: string[], value: unknown): void {
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (!node[key] || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}

/** Objects merge key by key; arrays and scalars from `b` replace those of `a`. */
function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const prev = Object.hasOwn(out, key) ? out[key] : undefined;
    // Defined, not assigned: a `__proto__:` key in a file is a (reported) unknown setting, not a
    // new prototype whose members the schema would read as settings.
    Object.defineProperty(out, key, { value: isPlainObject(prev) && isPlainObject(value) ? deepMerge(prev, value) : value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every secret value currently set, for log scrubbing. */
export function secretValues(secrets: Secrets): string[] {
  const values = [secrets.openaiApiKey, secrets.slackBotToken, secrets.slackAppToken, secrets.slackSigningSecret, secrets.discordToken, secrets.databaseUrl]
    .filter((s): s is string => Boolean(s));
  // Every configured URL's user-info is a secret too (a proxy password in SLACK_API_URL, …).
  for (const url of [secrets.openaiBaseUrl, secrets.slackApiUrl, secrets.discordApiUrl, secrets.databaseUrl]) values.push(...urlCredentialSecrets(url));
  return values;
}
