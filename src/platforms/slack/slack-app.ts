// The Bolt App and its receiver, configured once: Web API client options (retries, timeout, the
// API base), Socket Mode or HTTP mode (receivers.ts), and the SDK's logging through ours.
import { App, LogLevel, type webApi } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';
import { createReceiver, toSlackLogger, type ReceiverSetup } from './receivers.ts';

export type RetryOptions = webApi.RetryOptions;

export const DEFAULT_RETRY: RetryOptions = { retries: 3, factor: 2, minTimeout: 1000, maxTimeout: 10_000, randomize: true };

export interface SlackAppOptions {
  botToken: string;
  appToken?: string | null;
  signingSecret?: string | null;
  slackApiUrl?: string | null;
  port?: number;
  host?: string;
  listen?: boolean;
  retryConfig?: RetryOptions;
  requestTimeoutMs?: number;
  socketPingTimeoutMs?: number;
  sdkLogLevel?: 'debug' | 'info' | 'warn' | 'error';
  onAck?: (info: { kind: 'command'; ms: number }) => void;
  logger: Logger;
}

export interface SlackApp {
  app: App;
  setup: ReceiverSetup;
}

function webClientOptions(options: SlackAppOptions): Record<string, unknown> {
  const clientOptions: Record<string, unknown> = {
    retryConfig: options.retryConfig ?? DEFAULT_RETRY,
    rejectRateLimitedCalls: false,
    // The token must only ever go to slackApiUrl.
    allowAbsoluteUrls: false,
    timeout: options.requestTimeoutMs ?? 30_000,
  };
  if (options.slackApiUrl) clientOptions.slackApiUrl = options.slackApiUrl.endsWith('/') ? options.slackApiUrl : `${options.slackApiUrl}/`;
  return clientOptions;
}

/** `commandAck`: the body HTTP mode acks a slash command with, in the receiver (null: empty). */
export function createSlackApp(options: SlackAppOptions, commandAck: (body: Record<string, unknown>) => Record<string, unknown> | null): SlackApp {
  const { logger } = options;
  const clientOptions = webClientOptions(options);
  const sdkLevel = (options.sdkLogLevel ?? 'info') as LogLevel;
  const slackLogger = toSlackLogger(logger.child({ component: 'slack-sdk' }), sdkLevel);
  const setup = createReceiver({
    appToken: options.appToken,
    signingSecret: options.signingSecret,
    port: options.port ?? 3000,
    host: options.host,
    listen: options.listen ?? true,
    logger: slackLogger,
    clientOptions,
    clientPingTimeoutMs: options.socketPingTimeoutMs,
    httpLogger: logger.child({ component: 'slack-http' }),
    // HTTP mode acks in the receiver, before any Bolt work: the listener's ack() is a no-op there.
    commandAck,
    onAck: options.onAck,
  });
  const app = new App({
    token: options.botToken,
    receiver: setup.receiver,
    logger: slackLogger,
    // Bolt resets its logger's level to this (default info).
    logLevel: sdkLevel,
    clientOptions,
    // auth.test runs in start(), so a bad token or an unreachable API fails start() instead of
    // surfacing as an unhandled rejection from the constructor.
    deferInitialization: true,
    convoStore: false,
    ignoreSelf: true,
  });
  return { app, setup };
}
