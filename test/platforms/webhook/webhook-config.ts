// The webhook platform's part of the configuration: where replies are POSTed (WEBHOOK_URL, an
// endpoint read from the environment only) and the path its events arrive on.
import { z } from 'zod';
import { definePlatformSection } from '../../../src/config/platform-section.ts';

export const webhookConfig = definePlatformSection({
  name: 'webhook',
  settings: z.strictObject({
    /** Events are POSTed as JSON lines to `<path>events` on the ops port. */
    path: z.string().regex(/^\/[a-z0-9/-]*\/$/).default('/webhook/'),
  }),
  endpoints: {
    url: { env: 'WEBHOOK_URL' },
  },
});
