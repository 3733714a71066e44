// Slack's registry entry: on with SLACK_BOT_TOKEN; Socket Mode with SLACK_APP_TOKEN, else HTTP
// mode on the ops port under /slack/. Bolt loads only when Slack is on.
import type { Config } from '../../config/schema.ts';
import type { PlatformEntry } from '../platform-entry.ts';

/** Slack without an app token (Socket Mode) listens for Slack's HTTP requests. */
export function usesSlackHttp(config: Config): boolean {
  const s = config.secrets;
  return Boolean(s.slackBotToken && !s.slackAppToken && s.slackSigningSecret);
}

export const slackEntry: PlatformEntry = {
  name: 'slack',
  enabled: (config) => Boolean(config.secrets.slackBotToken),
  httpPrefix: (config) => (usesSlackHttp(config) ? '/slack/' : null),
  async create({ config, logger, firstSeen, onAck, httpPort, httpMounted }) {
    const { createSlackPlatform } = await import('./slack-platform.ts');
    const { secrets } = config;
    return createSlackPlatform({
      botToken: secrets.slackBotToken!,
      appToken: secrets.slackAppToken,
      signingSecret: secrets.slackSigningSecret,
      slackApiUrl: secrets.slackApiUrl,
      listen: !httpMounted,
      port: httpPort,
      command: config.slack.command,
      adminUserIds: config.slack.adminUserIds,
      logger,
      firstSeen,
      onAck,
    });
  },
};
