// Digest subscriptions and the service `/digest` talks to (implemented by the scheduler).
import type { ChatUser, Reply } from '../../commands/command-types.ts';
import type { BriefLength } from '../engines/engine-types.ts';

export interface DigestService {
  subscribe(input: {
    platform: string;
    conversationId: string;
    topic: string;
    schedule?: string;
    timezone?: string;
    length?: BriefLength;
    user: ChatUser;
  }): Promise<Subscription>;
  list(conversationId: string): Promise<Subscription[]>;
  unsubscribe(id: string, conversationId: string, user: ChatUser): Promise<void>;
  preview(topic: string, conversationId: string): Promise<Reply>;
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
