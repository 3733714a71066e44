// What a chat platform declares about configuration: its settings under `<name>:` in the YAML
// files, the env vars that set them, its secrets and endpoints (environment only) and the rules
// that span them. The loader composes these declarations without importing any platform: config
// is the lower layer, and a new platform adds its section without touching this folder.
import type { z } from 'zod';
import type { EnvSetting } from './env-settings.ts';
import type { Config } from './schema.ts';

/** A value read from the environment only, never from files. */
export interface SecretSpec {
  env: string;
  /** Refused unless it parses as a URL (a webhook URL is a secret as a whole). */
  url?: boolean;
}

/** An endpoint read from the environment only: always a URL. */
export interface EndpointSpec {
  env: string;
}

/**
 * A platform's loaded section. Secrets are scrubbed from logs as a whole; endpoints only for the
 * credentials they carry (`http://user:pass@proxy/`), so a log can still say which URL failed.
 */
export interface PlatformValues<Settings = unknown, SecretName extends string = string, EndpointName extends string = string> {
  settings: Settings;
  secrets: Readonly<Record<SecretName, string | null>>;
  endpoints: Readonly<Record<EndpointName, string | null>>;
}

export interface PlatformSection<Settings = unknown, SecretName extends string = string, EndpointName extends string = string> {
  /** Its key in the YAML files and in `config.platforms`. */
  readonly name: string;
  /** A strict object whose every field has a default (an absent section is `{}`). */
  readonly settings: z.ZodType<Settings>;
  /** Env vars that set its settings; `path` is inside the section. */
  readonly envSettings?: readonly EnvSetting[];
  readonly secrets?: Readonly<Record<SecretName, SecretSpec>>;
  readonly endpoints?: Readonly<Record<EndpointName, EndpointSpec>>;
  /** Rules that span its values, run once everything parsed; each problem one line. */
  check?(values: PlatformValues<Settings, SecretName, EndpointName>): string[];
  /** Its own values, typed, from a loaded configuration. */
  of(config: Pick<Config, 'platforms'>): PlatformValues<Settings, SecretName, EndpointName>;
}

export type PlatformSectionDeclaration<Settings, SecretName extends string, EndpointName extends string> =
  Omit<PlatformSection<Settings, SecretName, EndpointName>, 'of'>;

/** Declares a section; the platform then reads its own values, typed, with `section.of(config)`. */
export function definePlatformSection<Schema extends z.ZodType, SecretName extends string = never, EndpointName extends string = never>(
  declaration: PlatformSectionDeclaration<z.output<Schema>, SecretName, EndpointName> & { settings: Schema },
): PlatformSection<z.output<Schema>, SecretName, EndpointName> {
  const { name } = declaration;
  return {
    ...declaration,
    of(config) {
      const values = config.platforms && Object.hasOwn(config.platforms, name) ? config.platforms[name] : undefined;
      // A programming error, not a configuration problem: whoever loaded the config left this platform out.
      if (!values) throw new Error(`the configuration has no "${name}" section: pass this platform to loadConfig`);
      return values as PlatformValues<z.output<Schema>, SecretName, EndpointName>;
    },
  };
}
