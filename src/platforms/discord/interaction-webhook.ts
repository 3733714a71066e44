// Edits and follow-ups of interaction responses go to the interaction webhook through a REST
// client of their own. Discord does not count interaction endpoints against the bot's global
// rate limit (50 requests/s), but discord.js's shared client does: under a burst of 100 briefs,
// half of the final edits waited a second behind that limit (bench/discord-load.ts). Per-webhook
// buckets and any 429 Discord does send are still honoured by this client. No bot token: the
// interaction token in the URL is the credential.
import { REST, Routes } from 'discord.js';
import type { Logger } from '../../core/logger.ts';
import { logRateLimits } from './discord-errors.ts';
import type { ApiMessageBody } from './payload.ts';

export interface InteractionWebhook {
  editOriginal(body: ApiMessageBody): Promise<{ id: string; channel_id: string }>;
  followUp(body: ApiMessageBody): Promise<{ id: string; channel_id: string }>;
  deleteOriginal(): Promise<void>;
}

export interface InteractionWebhooks {
  forInteraction(applicationId: string, token: string): InteractionWebhook;
}

export function createInteractionWebhooks(options: { apiUrl?: string | null; log: Logger }): InteractionWebhooks {
  const rest = new REST({
    version: '10',
    globalRequestsPerSecond: Number.POSITIVE_INFINITY,
    ...(options.apiUrl ? { api: options.apiUrl } : {}),
  });
  logRateLimits(rest, options.log);
  return {
    forInteraction(applicationId, token) {
      const original = Routes.webhookMessage(applicationId, token, '@original');
      return {
        editOriginal: async (body) => (await rest.patch(original, { body, auth: false })) as { id: string; channel_id: string },
        followUp: async (body) =>
          (await rest.post(Routes.webhook(applicationId, token), { body, auth: false, query: new URLSearchParams({ wait: 'true' }) })) as { id: string; channel_id: string },
        deleteOriginal: async () => {
          await rest.delete(original, { auth: false });
        },
      };
    },
  };
}
