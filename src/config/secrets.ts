// Secrets and endpoints come from the environment only, never from files, and never reach a log:
// the core ones here, each platform's declared in its own section.
import { urlCredentialSecrets } from '../core/url-credentials.ts';
import type { PlatformSection, PlatformValues } from './platform-section.ts';
import type { Config, Secrets } from './schema.ts';

/** Reads env vars the same way for core and platform secrets: trimmed, empty = unset, URLs checked. */
function envReader(env: NodeJS.ProcessEnv, issues: string[]) {
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
  return { get, url };
}

export function readSecrets(env: NodeJS.ProcessEnv, issues: string[]): Secrets {
  const { get, url } = envReader(env, issues);
  return {
    openaiApiKey: get('OPENAI_API_KEY'),
    openaiBaseUrl: url('OPENAI_BASE_URL'),
    databaseUrl: get('DATABASE_URL'),
  };
}

/** A platform's secrets and endpoints as its section declares them. */
export function readPlatformSecrets(section: PlatformSection, env: NodeJS.ProcessEnv, issues: string[]): Omit<PlatformValues, 'settings'> {
  const { get, url } = envReader(env, issues);
  const secrets = Object.entries(section.secrets ?? {}).map(([key, spec]) => [key, spec.url ? url(spec.env) : get(spec.env)] as const);
  const endpoints = Object.entries(section.endpoints ?? {}).map(([key, spec]) => [key, url(spec.env)] as const);
  return { secrets: Object.fromEntries(secrets), endpoints: Object.fromEntries(endpoints) };
}

/** Every secret value currently set, for log scrubbing. */
export function secretValues(config: Pick<Config, 'secrets' | 'platforms'>): string[] {
  const { secrets } = config;
  const platforms = Object.values(config.platforms ?? {});
  const whole = [secrets.openaiApiKey, secrets.databaseUrl, ...platforms.flatMap((p) => Object.values(p.secrets))];
  const values = whole.filter((s): s is string => Boolean(s));
  // Every configured URL's user-info is a secret too (a proxy password in SLACK_API_URL, …).
  const urls = [secrets.openaiBaseUrl, secrets.databaseUrl, ...platforms.flatMap((p) => [...Object.values(p.secrets), ...Object.values(p.endpoints)])];
  for (const url of urls) values.push(...urlCredentialSecrets(url));
  return values;
}
