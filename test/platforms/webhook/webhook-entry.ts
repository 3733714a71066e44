// The webhook platform's registry entry. Its settings (the input stream and the URL) are handed
// to it through `configureWebhook(config, …)`: the configuration schema has no place for a
// platform's own settings yet, and this platform must not need an edit outside its folder.
import type { Readable } from 'node:stream';
import type { Config } from '../../../src/config/schema.ts';
import type { PlatformEntry } from '../../../src/platforms/platform-entry.ts';

export interface WebhookSettings {
  input: Readable;
  url: string;
}

const settingsOf = new WeakMap<Config, WebhookSettings>();

/** Turns the webhook platform on for this configuration. */
export function configureWebhook(config: Config, settings: WebhookSettings): void {
  settingsOf.set(config, settings);
}

export const webhookEntry: PlatformEntry = {
  name: 'webhook',
  enabled: (config) => settingsOf.has(config),
  async create({ config, logger, firstSeen }) {
    const settings = settingsOf.get(config);
    if (!settings) throw new Error('the webhook platform is not configured');
    const { createWebhookPlatform } = await import('./webhook-platform.ts');
    return createWebhookPlatform({ ...settings, logger, firstSeen });
  },
};
