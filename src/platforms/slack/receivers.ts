// How Slack reaches us. Socket Mode (an app-level token, `xapp-…`) needs no public URL: the
// SocketModeClient opens a WebSocket from `apps.connections.open`. HTTP mode verifies Slack's
// request signature (signing secret) on POST /slack/events and acks in the receiver
// (http-receiver.ts); it can listen on its own port or be mounted on a server the caller owns
// (health/metrics share one port: `handleHttp`).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LogLevel, SocketModeReceiver, type Logger as SlackLogger, type Receiver } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';
import { createAckingReceiver, type AckingReceiverOptions } from './http-receiver.ts';

export const EVENTS_PATH = '/slack/events';

export type SlackMode = 'socket' | 'http';

export interface ReceiverSetup {
  mode: SlackMode;
  receiver: Receiver;
  /** Starts receiving (the App must be initialised first). */
  start(startApp: (...args: unknown[]) => Promise<unknown>): Promise<void>;
  /** Stops receiving; HTTP mode first hands every event it has acked to the App. */
  stop(): Promise<void>;
  /** Resolves when every received event's listeners have finished (HTTP mode; Socket Mode: at once). */
  drain(): Promise<void>;
  /** HTTP mode, mounted: handles POST /slack/events and returns true; false for anything else. */
  handleHttp(req: IncomingMessage, res: ServerResponse): boolean;
  /** The listening address (HTTP mode with its own port). */
  address(): { port: number } | null;
  isConnected(): boolean;
}

export interface ReceiverOptions {
  appToken?: string | null;
  signingSecret?: string | null;
  /** HTTP mode: port to listen on (0 = any free port). */
  port: number;
  /** HTTP mode: false = do not listen; the caller routes requests to `handleHttp`. */
  listen: boolean;
  logger: SlackLogger;
  /** Shared with the App's WebClient so `apps.connections.open` honours slackApiUrl and retryConfig. */
  clientOptions: Record<string, unknown>;
  /** Socket Mode: pong timeout; also the base delay before reconnecting. */
  clientPingTimeoutMs?: number;
  serverPingTimeoutMs?: number;
  /** HTTP mode: listen address (default all interfaces; tests use 127.0.0.1). */
  host?: string;
  /** HTTP mode: the receiver's own log lines (structured). */
  httpLogger: Logger;
  /** HTTP mode: the body a slash command is acked with (the receiver acks, not the listener). */
  commandAck?: AckingReceiverOptions['commandAck'];
  /** HTTP mode: how long acking a slash command took (metrics). */
  onAck?: AckingReceiverOptions['onAck'];
  /** HTTP mode: body size limit (413 above; default 1 MiB) and body read timeout (408; default 10 s). */
  bodyLimitBytes?: number;
  bodyTimeoutMs?: number;
}

export function createReceiver(options: ReceiverOptions): ReceiverSetup {
  if (options.appToken) return socketReceiver(options, options.appToken);
  if (options.signingSecret) return httpReceiver(options, options.signingSecret);
  throw new Error('Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)');
}

function socketReceiver(options: ReceiverOptions, appToken: string): ReceiverSetup {
  const receiver = new SocketModeReceiver({
    appToken,
    logger: options.logger,
    clientPingTimeout: options.clientPingTimeoutMs,
    serverPingTimeout: options.serverPingTimeoutMs,
    autoReconnectEnabled: true,
    installerOptions: { clientOptions: options.clientOptions },
  });
  let connected = false;
  const client = receiver.client;
  client.on('connected', () => { connected = true; });
  for (const state of ['disconnecting', 'disconnected', 'reconnecting']) client.on(state, () => { connected = false; });
  return {
    mode: 'socket',
    receiver,
    async start(startApp) {
      await startApp();
    },
    async stop() {
      // disconnect() resolves once the close handshake is done; don't let a silent peer hold shutdown.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        client.disconnect(),
        new Promise<void>((resolve) => { timer = setTimeout(resolve, 5000); }),
      ]);
      clearTimeout(timer);
      connected = false;
    },
    drain: async () => {},
    handleHttp: () => false,
    address: () => null,
    isConnected: () => connected,
  };
}

function httpReceiver(options: ReceiverOptions, signingSecret: string): ReceiverSetup {
  const receiver = createAckingReceiver({
    signingSecret,
    path: EVENTS_PATH,
    logger: options.httpLogger,
    commandAck: options.commandAck,
    onAck: options.onAck,
    bodyLimitBytes: options.bodyLimitBytes,
    bodyTimeoutMs: options.bodyTimeoutMs,
  });
  let mounted = false;
  return {
    mode: 'http',
    receiver,
    async start(startApp) {
      // App.start() passes these to receiver.start(); without them the receiver only serves handleHttp.
      if (!options.listen) {
        await startApp();
        mounted = true;
        return;
      }
      await startApp(options.host ? { port: options.port, host: options.host } : { port: options.port });
    },
    async stop() {
      mounted = false;
      await receiver.stop();
    },
    drain: () => receiver.drain(),
    handleHttp(req, res) {
      if (req.method?.toUpperCase() !== 'POST' || pathOf(req) !== EVENTS_PATH) return false;
      receiver.handle(req, res);
      return true;
    },
    address: () => receiver.address(),
    isConnected: () => receiver.isListening() || mounted,
  };
}

function pathOf(req: IncomingMessage): string | null {
  try {
    return new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    // e.g. "//[": not a path Slack would ever post to.
    return null;
  }
}

/** Bolt, the WebClient and the SocketModeClient log through this (our pino logger underneath). */
export function toSlackLogger(logger: Logger, level: LogLevel = LogLevel.INFO): SlackLogger {
  const order: Record<string, number> = { debug: 0, info: 1, warn: 2, error: 3 };
  let current: LogLevel = level;
  const emit = (name: 'debug' | 'info' | 'warn' | 'error') => (...msg: unknown[]) => {
    if (order[name] < order[current]) return;
    logger[name](msg.map(format).join(' '));
  };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    setLevel(l: LogLevel) { current = l; },
    getLevel: () => current,
    setName() {},
  };
}

function format(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
