// The webhook platform's registry entry: on when WEBHOOK_URL is set; its events arrive on the ops
// HTTP port under its path, the way Slack's HTTP mode does.
import type { PlatformEntry } from '../../../src/platforms/platform-entry.ts';
import { webhookConfig } from './webhook-config.ts';

export const webhookEntry: PlatformEntry = {
  name: 'webhook',
  config: webhookConfig,
  enabled: (config) => Boolean(webhookConfig.of(config).endpoints.url),
  httpPrefix: (config) => webhookConfig.of(config).settings.path,
  async create({ config, logger, firstSeen }) {
    const { settings, endpoints } = webhookConfig.of(config);
    const { createWebhookPlatform } = await import('./webhook-platform.ts');
    return createWebhookPlatform({ url: endpoints.url!, path: settings.path, logger, firstSeen });
  },
};
