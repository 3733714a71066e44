// The file schema with every platform's section beside the core ones, so one parse reports every
// problem (`slack.colour: unknown setting(s)`) by its dotted path.
import type { z } from 'zod';
import type { PlatformSection } from './platform-section.ts';
import { configSchema, type FileConfig } from './schema.ts';

/** What the loader needs of a platform (a registry entry fits): its configuration section. */
export interface ConfigurablePlatform {
  readonly config: PlatformSection;
}

export function schemaWithPlatforms(sections: readonly PlatformSection[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const section of sections) {
    // Programming errors (two platforms on one key, a platform named like a core section): no
    // configuration could fix them, so they are thrown rather than listed.
    if (Object.hasOwn(configSchema.shape, section.name) || Object.hasOwn(shape, section.name)) {
      throw new Error(`platform section "${section.name}" clashes with another section of the configuration`);
    }
    shape[section.name] = section.settings.prefault({});
  }
  return configSchema.extend(shape);
}

/** Splits parsed data into the core settings and each section's settings (in `sections` order). */
export function platformSettings(data: Record<string, unknown>, sections: readonly PlatformSection[]): { core: FileConfig; settings: unknown[] } {
  const names = new Set(sections.map((s) => s.name));
  const core = Object.fromEntries(Object.entries(data).filter(([key]) => !names.has(key))) as FileConfig;
  return { core, settings: sections.map((s) => data[s.name]) };
}
