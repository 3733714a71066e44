// Env vars that set file settings: the core ones here, each platform's in its own section.

export interface EnvSetting {
  env: string;
  /** Dotted path of the setting, as keys. */
  path: string[];
  kind: 'string' | 'int' | 'list';
}

/** Core env settings (documented in the README, with the platforms' own). */
export const ENV_SETTINGS: readonly EnvSetting[] = [
  { env: 'BRIEFBOT_SEEDS', path: ['seeds', 'dirs'], kind: 'list' },
  { env: 'BRIEFBOT_ENGINE', path: ['engine', 'default'], kind: 'string' },
  { env: 'BRIEFBOT_DATA_DIR', path: ['store', 'dataDir'], kind: 'string' },
  { env: 'OPENAI_MODEL', path: ['engine', 'openai', 'model'], kind: 'string' },
  { env: 'BRIEFBOT_LLM_DEADLINE_MS', path: ['engine', 'openai', 'deadlineMs'], kind: 'int' },
  { env: 'PORT', path: ['http', 'port'], kind: 'int' },
  { env: 'BRIEFBOT_HTTP_HOST', path: ['http', 'host'], kind: 'string' },
  { env: 'BRIEFBOT_SHUTDOWN_TIMEOUT_MS', path: ['http', 'shutdownTimeoutMs'], kind: 'int' },
  { env: 'LOG_LEVEL', path: ['log', 'level'], kind: 'string' },
];

/** Writes each env var that is set into `raw`; a value of the wrong kind is an issue, by dotted path. */
export function applyEnvSettings(raw: Record<string, unknown>, settings: readonly EnvSetting[], env: NodeJS.ProcessEnv, issues: string[], sources: string[]): void {
  for (const setting of settings) {
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
}

function splitList(value: string): string[] {
  return value.split(/[,:]/).map((s) => s.trim()).filter(Boolean);
}

export function setPath(target: Record<string, unknown>, keys: string[], value: unknown): void {
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (!node[key] || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}
