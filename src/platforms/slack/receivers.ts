// How Slack reaches us. Socket Mode (an app-level token, `xapp-…`) needs no public URL: the
// SocketModeClient opens a WebSocket from `apps.connections.open`. HTTP mode verifies Slack's
// request signature (signing secret) on POST /slack/events; it can listen on its own port or be
// mounted on a server the caller owns (health/metrics share one port: `handleHttp`).
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTPReceiver, LogLevel, SocketModeReceiver, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../core/types.ts';

export const EVENTS_PATH = '/slack/events';

export type SlackMode = 'socket' | 'http';

export interface ReceiverSetup {
  mode: SlackMode;
  receiver: HTTPReceiver | SocketModeReceiver;
  /** Starts receiving (the App must be initialised first). */
  start(startApp: (...args: unknown[]) => Promise<unknown>): Promise<void>;
  stop(): Promise<void>;
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
    handleHttp: () => false,
    address: () => null,
    isConnected: () => connected,
  };
}

function httpReceiver(options: ReceiverOptions, signingSecret: string): ReceiverSetup {
  const receiver = new HTTPReceiver({
    signingSecret,
    endpoints: EVENTS_PATH,
    port: options.port,
    logger: options.logger,
    // Ack first, work after: the 3 s budget belongs to the ack, not to the engine.
    processBeforeResponse: false,
  });
  let server: Server | null = null;
  let mounted = false;
  return {
    mode: 'http',
    receiver,
    async start(startApp) {
      if (!options.listen) {
        mounted = true;
        return;
      }
      const listenOptions = options.host ? { port: options.port, host: options.host } : options.port;
      server = (await startApp(listenOptions)) as Server;
    },
    async stop() {
      mounted = false;
      if (!server) return;
      const s = server;
      server = null;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeIdleConnections();
      });
    },
    handleHttp(req, res) {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path !== EVENTS_PATH || req.method?.toUpperCase() !== 'POST') return false;
      receiver.requestListener(req, res);
      return true;
    },
    address() {
      const a = server?.address() as AddressInfo | null | undefined;
      return a && typeof a === 'object' ? { port: a.port } : null;
    },
    isConnected: () => server?.listening === true || mounted,
  };
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
