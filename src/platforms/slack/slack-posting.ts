// Posting rendered replies with the Web API: one message, a reply in several messages (the
// first into a progress placeholder when there is one), and calls whose failure is only logged.
import type { webApi } from '@slack/bolt';
import { BriefbotError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import type { SlackMessage } from './render.ts';
import { describeSlackError } from './web.ts';

type ChatClient = Pick<webApi.WebClient, 'chat'>;

export interface SlackPoster {
  postOne(channel: string, threadTs: string | null, message: SlackMessage): Promise<string>;
  /** `onFirst` hears the first message's ts as soon as it is out (the placeholder's when it took it). */
  postMessages(channel: string, threadTs: string | null, messages: SlackMessage[], placeholderTs: string | null, onFirst?: (ts: string) => void): Promise<string>;
  quietly(what: string, work: () => Promise<unknown>): Promise<void>;
}

export function createSlackPoster({ client, logger }: { client: ChatClient; logger: Logger }): SlackPoster {
  async function postOne(channel: string, threadTs: string | null, message: SlackMessage): Promise<string> {
    const res = await client.chat.postMessage({
      channel,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      text: message.text,
      blocks: message.blocks,
      // Never turn names into pings, never unfurl document links into big previews.
      link_names: false,
      unfurl_links: false,
      unfurl_media: false,
    });
    if (!res.ts) throw new BriefbotError('slack_api_error', 'Slack chat.postMessage returned no ts');
    return res.ts;
  }

  /**
   * Posts a rendered reply: the first message in the channel/thread (or into the placeholder,
   * updated in place), continuation messages in its thread. Returns the first message's ts.
   */
  async function postMessages(channel: string, threadTs: string | null, messages: SlackMessage[], placeholderTs: string | null, onFirst?: (ts: string) => void): Promise<string> {
    const [head, ...rest] = messages;
    let first: string | null = null;
    if (placeholderTs) {
      try {
        await client.chat.update({ channel, ts: placeholderTs, text: head.text, blocks: head.blocks, link_names: false });
        first = placeholderTs;
      } catch (error) {
        logger.warn({ ...describeSlackError(error), method: 'chat.update' }, 'slack could not update the placeholder; posting anew');
      }
    }
    first ??= await postOne(channel, threadTs, head);
    onFirst?.(first);
    for (const message of rest) await postOne(channel, threadTs ?? first, message);
    return first;
  }

  async function quietly(what: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      logger.warn({ ...describeSlackError(error), what }, 'slack call failed');
    }
  }

  return { postOne, postMessages, quietly };
}
