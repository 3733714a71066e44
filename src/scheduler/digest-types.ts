// Digest subscriptions and the service `/digest` talks to (implemented by the scheduler).
import type { ChatUser, Reply } from '../../commands/command-types.ts';
import type { BriefLength } from '../engines/engine-types.ts';

export interface DigestService {
  subscribe(input: {
    platform: string;
    conversationId: string;
    topic: string;
    /** As people type it; may end with its timezone ("daily at 08:00 Europe/Berlin") when `timezone` is not given. */
    schedule?: string;
    timezone?: string;
    length?: BriefLength;
    user: ChatUser;
  }): Promise<SubscriptionView>;
  list(conversationId: string): Promise<SubscriptionView[]>;
  unsubscribe(id: string, conversationId: string, user: ChatUser): Promise<void>;
  preview(topic: string, conversationId: string): Promise<Reply>;
  /** Timezone names containing `partial`, for autocomplete. */
  completeTimezone(partial: string): string[];
}

/** A subscription as people read it, so `/digest` formats without knowing schedules. */
export interface SubscriptionView extends Subscription {
  /** The topic's title, or its slug when the topic is gone. */
  topicTitle: string;
  /** The schedule in words: "weekdays at 09:30", "every 2 hours", or "cron `…`". */
  when: string;
  /** The next fire as wall time in the subscription's zone ("Mon 4 May, 09:30"), or "never". */
  next: string;
}

export interface Subscription {
  id: string;
  platform: string;
  conversationId: string;
  topic: string;
  /** Normalised cron expression. */
  cron: string;
  timezone: string;
  length: BriefLength;
  postWhenEmpty: boolean;
  source: 'config' | 'chat';
  createdBy: string | null;
  createdAt: string;
}
