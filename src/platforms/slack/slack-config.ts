// Slack's part of the configuration: the `slack:` section of the files, SLACK_ADMIN_USER_IDS,
// and its tokens and API URL from the environment.
import { z } from 'zod';
import { definePlatformSection } from '../../config/platform-section.ts';

export const slackConfig = definePlatformSection({
  name: 'slack',
  settings: z.strictObject({
    /** Slack user ids allowed to manage digests besides workspace admins and owners. */
    adminUserIds: z.array(z.string()).default([]),
    command: z.string().regex(/^\/?[a-z0-9_-]+$/).default('/brief'),
  }),
  envSettings: [{ env: 'SLACK_ADMIN_USER_IDS', path: ['adminUserIds'], kind: 'list' }],
  secrets: {
    botToken: { env: 'SLACK_BOT_TOKEN' },
    /** Socket Mode. */
    appToken: { env: 'SLACK_APP_TOKEN' },
    /** HTTP mode (when there is no app token). */
    signingSecret: { env: 'SLACK_SIGNING_SECRET' },
  },
  endpoints: {
    /** GovSlack or an egress proxy. */
    apiUrl: { env: 'SLACK_API_URL' },
  },
  check: ({ secrets }) => (secrets.botToken && !secrets.appToken && !secrets.signingSecret
    ? ['SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is']
    : []),
});
