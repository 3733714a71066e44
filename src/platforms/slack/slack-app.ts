// The Bolt App and its receiver, configured once: Web API client options (retries, timeout, the
// API base), Socket Mode or HTTP mode (receivers.ts), and the SDK's logging through ours.
import { App, LogLevel, type webApi } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';
import { createReceiver, toSlackLogger, type ReceiverSetup } from './receivers.ts';

export type RetryOptions = webApi.RetryOptions;

export const DEFAULT_RETRY: RetryOptions = { retries: 3, factor: 2, minTimeout: 1000, maxTimeout: 10_000, randomize: true };

export interface SlackAppOptions {
  /** Bot token (`xoxb-…`). */
  botToken: string;
  /** App-level token (`xapp-…`): Socket Mode. */
  appToken?: string | null;
  /** Without an app token: HTTP mode, requests verified with this secret. */
  signingSecret?: string | null;
  /** Web API base (GovSlack, an egress proxy, or a fake in tests); default https://slack.com/api/. */
  slackApiUrl?: string | null;
  /** HTTP mode port (default 3000; 0 = any free port). */
  port?: number;
  /** HTTP mode listen host (default: all interfaces). */
  host?: string;
  /**
   * HTTP mode: false = don't listen; mount `handleHttp(req, res)` on a server you own (it
   * answers POST /slack/events and returns false for anything else).
   */
  listen?: boolean;
  /** Web API retries (429s wait for Retry-After, then retry). Always explicit: Socket Mode would default to 100. */
  retryConfig?: RetryOptions;
  /** Web API request timeout (ms). */
  requestTimeoutMs?: number;
  /** Socket Mode pong timeout, also the base reconnect delay (ms, default 5000). */
  socketPingTimeoutMs?: number;
  /** Level for Bolt's and the SDK's own log lines (default info). */
  sdkLogLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Observes how long acknowledging a slash command took, from the listener to the ack sent (metrics). */
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
