// Slack's registry entry: on with SLACK_BOT_TOKEN; Socket Mode with SLACK_APP_TOKEN, else HTTP
// mode on the ops port under /slack/. Bolt loads only when Slack is on.
import type { Config } from '../../config/schema.ts';
import type { PlatformEntry } from '../platform-entry.ts';
import { slackConfig } from './slack-config.ts';

/** Slack without an app token (Socket Mode) listens for Slack's HTTP requests. */
export function usesSlackHttp(config: Config): boolean {
  const s = slackConfig.of(config).secrets;
  return Boolean(s.botToken && !s.appToken && s.signingSecret);
}

export const slackEntry: PlatformEntry = {
  name: slackConfig.name,
  config: slackConfig,
  enabled: (config) => Boolean(slackConfig.of(config).secrets.botToken),
  httpPrefix: (config) => (usesSlackHttp(config) ? '/slack/' : null),
  async create({ config, logger, firstSeen, onAck, httpPort, httpMounted }) {
    const { createSlackPlatform } = await import('./slack-platform.ts');
    const { settings, secrets, endpoints } = slackConfig.of(config);
    return createSlackPlatform({
      botToken: secrets.botToken!,
      appToken: secrets.appToken,
      signingSecret: secrets.signingSecret,
      slackApiUrl: endpoints.apiUrl,
      listen: !httpMounted,
      port: httpPort,
      command: settings.command,
      adminUserIds: settings.adminUserIds,
      logger,
      firstSeen,
      onAck,
    });
  },
};
