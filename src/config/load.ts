import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { applyEnvSettings, ENV_SETTINGS, setPath } from './env-settings.ts';
import { feedsConfigIssues } from './feed-sources.ts';
import { feedUrlProblem } from './feed-url.ts';
import { platformSettings, schemaWithPlatforms, type ConfigurablePlatform } from './platform-sections.ts';
import type { Config } from './schema.ts';
import { readPlatformSecrets, readSecrets } from './secrets.ts';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_CONFIG_FILE = path.join(PROJECT_ROOT, 'config', 'default.yaml');

export type ConfigResult = { ok: true; config: Config } | { ok: false; issues: string[] };

export interface LoadConfigOptions {
  /**
   * The chat platforms (the registry): the files may hold their sections, the environment their
   * settings and secrets. Config names no platform itself.
   */
  platforms: readonly ConfigurablePlatform[];
  env?: NodeJS.ProcessEnv;
  /** Defaults to config/default.yaml of this project. */
  defaultFile?: string;
  /** Command-line overrides, applied last. */
  overrides?: { seeds?: string[]; engine?: string };
}

/** default.yaml ← BRIEFBOT_CONFIG file ← env ← CLI flags; every problem reported, by dotted path. */
export function loadConfig(options: LoadConfigOptions): ConfigResult {
  const env = options.env ?? process.env;
  const sections = options.platforms.map((p) => p.config);
  const schema = schemaWithPlatforms(sections);
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

  applyEnvSettings(raw, ENV_SETTINGS, env, issues, sources);
  for (const section of sections) {
    const settings = (section.envSettings ?? []).map((s) => ({ ...s, path: [section.name, ...s.path] }));
    applyEnvSettings(raw, settings, env, issues, sources);
  }
  if (options.overrides?.seeds?.length) setPath(raw, ['seeds', 'dirs'], options.overrides.seeds);
  if (options.overrides?.engine) setPath(raw, ['engine', 'default'], options.overrides.engine);

  const feedsFromEnv = readEnvFeeds(env.BRIEFBOT_FEEDS, issues);
  if (feedsFromEnv.length) sources.push('env BRIEFBOT_FEEDS');

  const parsed = schema.safeParse(raw);
  if (!parsed.success) issues.push(...formatIssues(parsed.error.issues));
  const secrets = readSecrets(env, issues);
  const platformSecrets = sections.map((section) => readPlatformSecrets(section, env, issues));
  if (issues.length || !parsed.success) return { ok: false, issues };

  const { core, settings } = platformSettings(parsed.data, sections);
  const platforms = Object.fromEntries(sections.map((section, i) => [section.name, { settings: settings[i], ...platformSecrets[i]! }]));
  const config: Config = { ...core, secrets, platforms, sources, feedsFromEnv };
  issues.push(...crossCheck(config));
  for (const section of sections) issues.push(...(section.check?.(section.of(config)) ?? []));
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

/** Rules that span core settings (each platform checks its own). */
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
