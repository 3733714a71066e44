// A small, faithful Discord on 127.0.0.1: REST under /api/v10 and the gateway WebSocket (plain
// JSON, no zlib), enough for the real discord.js client to log in, receive interactions and
// messages, defer, edit, follow up, start threads and register commands. Every REST request is
// recorded (method, decoded path, query, JSON body) for assertions; failures can be scripted.
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { createWorld, PERM, BOT_PERMS, type FakeChannel, type FakeUser, type World } from './fixtures.ts';
import { snowflake } from './snowflake.ts';

export interface RecordedRequest {
  seq: number;
  method: string;
  /** Path below /api/v10, percent-decoded (`/webhooks/1/tok/messages/@original`). */
  path: string;
  query: Record<string, string>;
  body: any;
  authorized: boolean;
  status: number;
  /** performance.now() when the request arrived. */
  at: number;
}

export interface FailureRule {
  method?: string;
  path: RegExp | string;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** How many matching requests fail (default 1). */
  times?: number;
}

export interface FakeMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: FakeUser;
  content: string;
  embeds: unknown[];
  flags: number;
  type: number;
  timestamp: string;
  edited_timestamp: string | null;
  webhook_id?: string;
  application_id?: string;
  thread?: FakeChannel;
  deleted?: boolean;
  [key: string]: unknown;
}

interface InteractionState {
  id: string;
  token: string;
  channelId: string;
  acked: boolean;
  type: number;
  originalId: string | null;
  autocompleteChoices?: unknown;
  callbacks: number[];
}

export interface CommandSpec {
  name: string;
  options?: Record<string, string | number | boolean>;
  subcommand?: string;
  /** Autocomplete: the option being typed. */
  focused?: string;
  channelId?: string;
  user?: FakeUser;
  /** Member's effective permissions in the channel (default from the world). */
  permissions?: bigint;
  /** The app's effective permissions in the channel. */
  appPermissions?: bigint;
}

export interface MessageSpec {
  channelId: string;
  content: string;
  user?: FakeUser;
  /** Users mentioned (resolved like Discord does from `<@id>` in the content when absent). */
  mentions?: FakeUser[];
}

export interface FakeDiscordOptions {
  token?: string;
  /** Whether the application may use the privileged Message Content intent (portal toggle). */
  messageContentAllowed?: boolean;
  /** Echo the bot's own channel messages back as MESSAGE_CREATE (like Discord does). */
  echoOwnMessages?: boolean;
  /** A gateway that accepts connections but never says HELLO (an outage the client must time out on). */
  silentGateway?: boolean;
}

export interface FakeDiscord {
  readonly apiUrl: string;
  readonly gatewayUrl: string;
  readonly token: string;
  readonly world: World;
  readonly requests: RecordedRequest[];
  readonly identifies: any[];
  readonly messages: Map<string, FakeMessage>;
  readonly commands: { global: any[]; guild: Map<string, any[]> };
  readonly events: EventEmitter;
  failNext(rule: FailureRule): void;
  rateLimitNext(path: RegExp | string, options?: { method?: string; retryAfterSeconds?: number; times?: number }): void;
  waitForRequest(predicate: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  dispatch(t: string, d: unknown): void;
  sendCommand(spec: CommandSpec): { id: string; token: string };
  sendAutocomplete(spec: CommandSpec & { focused: string }): { id: string; token: string };
  sendMessage(spec: MessageSpec): FakeMessage;
  interaction(token: string): InteractionState | undefined;
  /** Bodies of every request that creates or edits a message (channel sends, webhook edits/follow-ups, message callbacks). */
  messageBodies(): RecordedRequest[];
  close(): Promise<void>;
}

const GATEWAY_PATH = '/gateway';

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const token = options.token ?? 'fake-bot-token-not-a-secret';
  const world = createWorld();
  const requests: RecordedRequest[] = [];
  const identifies: any[] = [];
  const messages = new Map<string, FakeMessage>();
  const channels = new Map<string, FakeChannel>(world.channelList.map((c) => [c.id, c]));
  const interactions = new Map<string, InteractionState>();
  const commands = { global: [] as any[], guild: new Map<string, any[]>() };
  const failures: Array<FailureRule & { left: number }> = [];
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const sessions = new Set<{ ws: WebSocket; seq: number; intents: number }>();
  let seq = 0;

  const server: Server = createServer((req, res) => {
    void handleHttp(req, res).catch((error) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: String(error), code: 0 }));
    });
  });
  const wss = new WebSocketServer({ server, path: GATEWAY_PATH });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const apiUrl = `http://127.0.0.1:${port}/api`;
  const gatewayUrl = `ws://127.0.0.1:${port}${GATEWAY_PATH}`;

  // ─── Gateway ───────────────────────────────────────────────────────────────────────────
  wss.on('connection', (ws) => {
    const session = { ws, seq: 0, intents: 0 };
    const send = (payload: object) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(payload));
    if (options.silentGateway) return;
    send({ op: 10, d: { heartbeat_interval: 41250 }, s: null, t: null });
    ws.on('message', (raw) => {
      let payload: any;
      try {
        payload = JSON.parse(String(raw));
      } catch {
        ws.close(4002, 'Decode error');
        return;
      }
      switch (payload.op) {
        case 1:
          send({ op: 11, d: null, s: null, t: null });
          break;
        case 2: {
          identifies.push(payload.d);
          if (payload.d.token !== token && payload.d.token !== `Bot ${token}`) {
            ws.close(4004, 'Authentication failed.');
            return;
          }
          if ((payload.d.intents & (1 << 15)) && options.messageContentAllowed === false) {
            ws.close(4014, 'Disallowed intent(s).');
            return;
          }
          session.intents = payload.d.intents;
          sessions.add(session);
          const dispatch = (t: string, d: unknown) => send({ op: 0, t, d, s: ++session.seq });
          dispatch('READY', {
            v: 10, user: { ...world.bot, verified: true, mfa_enabled: false, flags: 0 }, guilds: [{ id: world.guildId, unavailable: true }],
            session_id: `session-${snowflake()}`, resume_gateway_url: gatewayUrl, shard: payload.d.shard ?? [0, 1],
            application: { id: world.applicationId, flags: 0 }, private_channels: [], presences: [], relationships: [], user_settings: {}, guild_join_requests: [],
          });
          dispatch('GUILD_CREATE', world.guildPayload());
          break;
        }
        case 6:
          // No resumable sessions in the fake: ask for a fresh IDENTIFY.
          send({ op: 9, d: false, s: null, t: null });
          break;
        default:
          break;
      }
    });
    ws.on('close', () => sessions.delete(session));
    ws.on('error', () => sessions.delete(session));
  });

  function dispatch(t: string, d: unknown) {
    for (const session of sessions) {
      if (session.ws.readyState !== session.ws.OPEN) continue;
      session.ws.send(JSON.stringify({ op: 0, t, d, s: ++session.seq }));
    }
  }

  // ─── Builders ──────────────────────────────────────────────────────────────────────────
  function message(fields: Partial<FakeMessage> & { channel_id: string; author: FakeUser }): FakeMessage {
    const channel = channels.get(fields.channel_id);
    const msg: FakeMessage = {
      id: snowflake(), guild_id: channel?.guild_id, content: '', embeds: [], attachments: [], mentions: [], mention_roles: [], mention_everyone: false,
      pinned: false, tts: false, timestamp: new Date().toISOString(), edited_timestamp: null, flags: 0, type: 0, components: [],
      ...fields,
    };
    messages.set(msg.id, msg);
    if (channel) channel.last_message_id = msg.id;
    return msg;
  }

  function messageFromBody(body: any, base: Partial<FakeMessage> & { channel_id: string; author: FakeUser }): FakeMessage {
    return message({ ...base, content: body?.content ?? '', embeds: body?.embeds ?? [], flags: body?.flags ?? 0 });
  }

  function memberOf(u: FakeUser, permissions: bigint) {
    const roles = u.id === world.users.morgan.id ? [world.roles.moderator] : [];
    return { user: u, roles, permissions: permissions.toString(), joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, nick: null, avatar: null, premium_since: null, pending: false, communication_disabled_until: null };
  }

  function apiOptions(spec: CommandSpec): unknown[] {
    const typeOf = (v: string | number | boolean) => (typeof v === 'boolean' ? 5 : typeof v === 'number' ? 4 : 3);
    const leaf = Object.entries(spec.options ?? {}).map(([name, value]) => ({ name, type: typeOf(value), value, ...(spec.focused === name ? { focused: true } : {}) }));
    return spec.subcommand ? [{ name: spec.subcommand, type: 1, options: leaf }] : leaf;
  }

  function interactionPayload(type: number, spec: CommandSpec) {
    const id = snowflake();
    const interactionToken = `itok_${id}_${Math.random().toString(36).slice(2)}`;
    const channelId = spec.channelId ?? world.channels.general;
    const channel = channels.get(channelId);
    const u = spec.user ?? world.users.alice;
    const permissions = spec.permissions ?? world.memberPermissions[u.id] ?? 0n;
    interactions.set(interactionToken, { id, token: interactionToken, channelId, acked: false, type, originalId: null, callbacks: [] });
    const appPermissions = spec.appPermissions ?? appPermissionsIn(channelId);
    return {
      id, application_id: world.applicationId, type, token: interactionToken, version: 1,
      data: { id: snowflake(), name: spec.name, type: 1, options: apiOptions(spec), guild_id: world.guildId },
      guild_id: world.guildId, channel_id: channelId,
      channel: channel ? { ...channel } : { id: channelId, type: 0, guild_id: world.guildId, name: 'unknown' },
      member: memberOf(u, permissions),
      app_permissions: appPermissions.toString(),
      locale: 'en-US', guild_locale: 'en-US', entitlements: [], authorizing_integration_owners: { '0': world.guildId }, context: 0, attachment_size_limit: 26214400,
    };
  }

  /** Bot permissions after channel overwrites for its role (threads inherit the parent's). */
  function appPermissionsIn(channelId: string): bigint {
    let channel = channels.get(channelId);
    if (channel?.parent_id && channel.type >= 10 && channel.type <= 12) channel = channels.get(channel.parent_id);
    let perms = BOT_PERMS | (PERM.ViewChannel | PERM.SendMessages | PERM.EmbedLinks | PERM.ReadMessageHistory | PERM.UseApplicationCommands);
    for (const o of channel?.permission_overwrites ?? []) {
      if (o.id === world.roles.bot || o.id === world.guildId) perms = (perms & ~BigInt(o.deny)) | BigInt(o.allow);
    }
    return perms;
  }

  // ─── REST ──────────────────────────────────────────────────────────────────────────────
  async function readBody(req: IncomingMessage): Promise<any> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (!chunks.length) return null;
    const text = Buffer.concat(chunks).toString('utf8');
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }

  /** Like Discord, one bucket per route shape (ids and tokens generalised). */
  function bucketOf(method: string, path: string): string {
    const shape = `${method} ${path.replace(/\/(webhooks|interactions)\/(\d+)\/[^/]+/, '/$1/:id/:token').replace(/\d{17,20}/g, ':id')}`;
    let h = 0;
    for (const ch of shape) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    return `bucket${h.toString(16)}`;
  }

  function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>, bucket: string) {
    const common = { 'x-ratelimit-limit': '50', 'x-ratelimit-remaining': '49', 'x-ratelimit-reset-after': '1', 'x-ratelimit-bucket': bucket, ...headers };
    if (body === undefined) {
      res.writeHead(status, common);
      res.end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json', ...common });
    res.end(JSON.stringify(body));
  }

  const error = (code: number, message: string) => ({ code, message });

  async function handleHttp(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const at = performance.now();
    const prefix = '/api/v10';
    const rawPath = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
    const path = rawPath.split('/').map((s) => decodeURIComponent(s)).join('/');
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readBody(req);
    const authorized = req.headers.authorization === `Bot ${token}`;
    const record: RecordedRequest = { seq: ++seq, method, path, query: Object.fromEntries(url.searchParams), body, authorized, status: 0, at };

    const reply = (status: number, payload?: unknown, headers?: Record<string, string>) => {
      record.status = status;
      requests.push(record);
      json(res, status, payload, headers ?? {}, bucketOf(method, path));
      events.emit('request', record);
    };

    const failure = failures.find((f) => f.left > 0 && (!f.method || f.method === method) && (typeof f.path === 'string' ? path === f.path : f.path.test(path)));
    if (failure) {
      failure.left--;
      return reply(failure.status, failure.body ?? error(0, 'scripted failure'), failure.headers);
    }

    const parts = path.split('/').filter(Boolean);
    const needsAuth = !(parts[0] === 'interactions' || parts[0] === 'webhooks');
    if (needsAuth && !authorized) return reply(401, error(0, '401: Unauthorized'));

    // Gateway and identity
    if (method === 'GET' && path === '/gateway/bot') {
      return reply(200, { url: gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 } });
    }
    if (method === 'GET' && path === '/gateway') return reply(200, { url: gatewayUrl });
    if (method === 'GET' && path === '/users/@me') return reply(200, world.bot);
    if (method === 'GET' && (path === '/applications/@me' || path === '/oauth2/applications/@me')) {
      return reply(200, { id: world.applicationId, name: 'briefbot', icon: null, description: '', bot_public: true, bot_require_code_grant: false, flags: 0, bot: world.bot, owner: world.users.morgan, verify_key: 'fake' });
    }

    // Interaction callbacks: POST /interactions/:id/:token/callback
    if (parts[0] === 'interactions' && parts[3] === 'callback' && method === 'POST') {
      const state = interactions.get(parts[2]);
      if (!state || state.id !== parts[1]) return reply(404, error(10062, 'Unknown interaction'));
      if (state.acked) return reply(400, error(40060, 'Interaction has already been acknowledged.'));
      state.acked = true;
      state.callbacks.push(body?.type);
      if (body?.type === 5 || body?.type === 4) {
        const original = messageFromBody(body?.type === 4 ? body.data : { flags: (body?.data?.flags ?? 0) | 128 }, {
          channel_id: state.channelId, author: world.bot, webhook_id: world.applicationId, application_id: world.applicationId, type: 20,
        });
        state.originalId = original.id;
      }
      if (body?.type === 8) state.autocompleteChoices = body?.data?.choices;
      return reply(204);
    }

    // Interaction webhooks: /webhooks/:app/:token[/messages/:id]
    if (parts[0] === 'webhooks') {
      const state = interactions.get(parts[2]);
      if (parts[1] !== world.applicationId || !state) return reply(404, error(10015, 'Unknown Webhook'));
      if (parts.length === 3 && method === 'POST') {
        if (!state.acked) return reply(404, error(10015, 'Unknown Webhook'));
        const msg = messageFromBody(body, { channel_id: state.channelId, author: world.bot, webhook_id: world.applicationId, application_id: world.applicationId, type: 20 });
        return reply(200, msg);
      }
      if (parts[3] === 'messages' && parts[4]) {
        const id = parts[4] === '@original' ? state.originalId : parts[4];
        const msg = id ? messages.get(id) : undefined;
        if (!msg || msg.deleted) return reply(404, error(10008, 'Unknown Message'));
        if (method === 'GET') return reply(200, msg);
        if (method === 'DELETE') {
          msg.deleted = true;
          return reply(204);
        }
        if (method === 'PATCH') {
          if (body && 'content' in body) msg.content = body.content ?? '';
          if (body && 'embeds' in body) msg.embeds = body.embeds ?? [];
          msg.flags &= ~128;
          msg.edited_timestamp = new Date().toISOString();
          return reply(200, msg);
        }
      }
      return reply(405, error(0, '405: Method Not Allowed'));
    }

    // Channels
    if (parts[0] === 'channels' && parts[1]) {
      const channel = channels.get(parts[1]);
      if (!channel) return reply(404, error(10003, 'Unknown Channel'));
      const perms = appPermissionsIn(channel.id);
      const isThread = channel.type >= 10 && channel.type <= 12;
      if (parts.length === 2 && method === 'GET') return reply(200, channel);
      if (parts[2] === 'typing' && method === 'POST') return reply(204);
      if (parts[2] === 'messages' && parts.length === 3 && method === 'POST') {
        const needed = isThread ? PERM.SendMessagesInThreads : PERM.SendMessages;
        if (!(perms & PERM.ViewChannel) || !(perms & needed)) return reply(403, error(50013, 'Missing Permissions'));
        const msg = messageFromBody(body, { channel_id: channel.id, author: world.bot });
        if (body?.message_reference) {
          msg.type = 19;
          msg.message_reference = { ...body.message_reference, channel_id: channel.id, guild_id: world.guildId };
        }
        if (options.echoOwnMessages !== false) setImmediate(() => dispatch('MESSAGE_CREATE', { ...msg, member: memberOf(world.bot, 0n) }));
        return reply(200, msg);
      }
      if (parts[2] === 'messages' && parts[4] === 'threads' && method === 'POST') {
        if (!(perms & PERM.CreatePublicThreads)) return reply(403, error(50013, 'Missing Permissions'));
        const starter = messages.get(parts[3]);
        if (!starter || starter.channel_id !== channel.id) return reply(404, error(10008, 'Unknown Message'));
        if (starter.thread) return reply(400, error(160004, 'A thread has already been created for this message'));
        const now = new Date().toISOString();
        // A thread started from a message has the message's id.
        const thread: FakeChannel = {
          id: starter.id, type: channel.type === 5 ? 10 : 11, guild_id: world.guildId, name: String(body?.name ?? 'thread').slice(0, 100), position: 0,
          parent_id: channel.id, permission_overwrites: [], last_message_id: null, rate_limit_per_user: 0, flags: 0, owner_id: world.bot.id,
          message_count: 0, member_count: 1, total_message_sent: 0,
          thread_metadata: { archived: false, auto_archive_duration: body?.auto_archive_duration ?? 1440, archive_timestamp: now, locked: false, create_timestamp: now },
        };
        channels.set(thread.id, thread);
        starter.thread = thread;
        setImmediate(() => dispatch('THREAD_CREATE', { ...thread, newly_created: true }));
        return reply(201, thread);
      }
      return reply(404, error(0, '404: Not Found'));
    }

    // Application commands: /applications/:app/commands and /applications/:app/guilds/:guild/commands
    if (parts[0] === 'applications' && parts[1] && parts.at(-1) === 'commands') {
      if (parts[1] !== world.applicationId) return reply(403, error(50001, 'Missing Access'));
      const guildId = parts[2] === 'guilds' ? parts[3] : null;
      const list = () => (guildId ? (commands.guild.get(guildId) ?? []) : commands.global);
      const store = (next: any[]) => (guildId ? commands.guild.set(guildId, next) : (commands.global = next));
      const stored = (c: any) => ({
        id: snowflake(), application_id: world.applicationId, version: snowflake(), default_member_permissions: null, type: 1, nsfw: false,
        ...(guildId ? { guild_id: guildId } : { dm_permission: true, contexts: null, integration_types: [0] }),
        ...c,
        // Discord omits `required: false` in what it returns.
        options: (c.options ?? []).map(function strip(o: any): any {
          const { required, ...rest } = o;
          return { ...rest, ...(required ? { required: true } : {}), ...(o.options ? { options: o.options.map(strip) } : {}) };
        }),
      });
      if (method === 'GET') return reply(200, list());
      if (method === 'PUT') {
        if (!Array.isArray(body)) return reply(400, error(50035, 'Invalid Form Body'));
        store(body.map(stored));
        return reply(200, list());
      }
      if (method === 'POST') {
        const created = stored(body);
        store([...list().filter((c) => c.name !== created.name), created]);
        return reply(201, created);
      }
    }

    return reply(404, error(0, '404: Not Found'));
  }

  // ─── Public API ────────────────────────────────────────────────────────────────────────
  return {
    apiUrl,
    gatewayUrl,
    token,
    world,
    requests,
    identifies,
    messages,
    get commands() {
      return commands;
    },
    events,

    failNext(rule) {
      failures.push({ ...rule, left: rule.times ?? 1 });
    },

    rateLimitNext(path, opts = {}) {
      const retryAfter = opts.retryAfterSeconds ?? 0.2;
      failures.push({
        method: opts.method, path, status: 429, left: opts.times ?? 1,
        body: { message: 'You are being rate limited.', retry_after: retryAfter, global: false },
        headers: {
          'retry-after': String(retryAfter), 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': String(retryAfter),
          'x-ratelimit-bucket': 'fakebucket-limited', 'x-ratelimit-scope': 'user',
        },
      });
    },

    waitForRequest(predicate, timeoutMs = 10_000) {
      const existing = requests.find(predicate);
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          events.off('request', listener);
          reject(new Error(`fake discord: no matching request within ${timeoutMs} ms`));
        }, timeoutMs);
        const listener = (r: RecordedRequest) => {
          if (!predicate(r)) return;
          clearTimeout(timer);
          events.off('request', listener);
          resolve(r);
        };
        events.on('request', listener);
      });
    },

    dispatch,

    sendCommand(spec) {
      const payload = interactionPayload(2, spec);
      dispatch('INTERACTION_CREATE', payload);
      return { id: payload.id, token: payload.token };
    },

    sendAutocomplete(spec) {
      const payload = interactionPayload(4, spec);
      dispatch('INTERACTION_CREATE', payload);
      return { id: payload.id, token: payload.token };
    },

    sendMessage(spec) {
      const author = spec.user ?? world.users.alice;
      const mentioned = spec.mentions ?? [world.bot, ...Object.values(world.users)].filter((u) => spec.content.includes(`<@${u.id}>`) || spec.content.includes(`<@!${u.id}>`));
      const msg = message({ channel_id: spec.channelId, author, content: spec.content, mentions: mentioned });
      const channel = channels.get(spec.channelId);
      for (const session of sessions) {
        if (session.ws.readyState !== session.ws.OPEN) continue;
        // Like Discord: without the Message Content intent, content is empty unless the bot is mentioned.
        const mentionsBot = mentioned.some((u) => u.id === world.bot.id);
        const content = session.intents & (1 << 15) || mentionsBot ? msg.content : '';
        const d = { ...msg, content, guild_id: world.guildId, channel_type: channel?.type ?? 0, member: { roles: memberOf(author, 0n).roles, joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, nick: null, avatar: null, premium_since: null, pending: false, communication_disabled_until: null } };
        session.ws.send(JSON.stringify({ op: 0, t: 'MESSAGE_CREATE', d, s: ++session.seq }));
      }
      return msg;
    },

    interaction: (t) => interactions.get(t),

    messageBodies() {
      return requests.filter((r) => {
        if (r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path)) return true;
        if (r.method === 'PATCH' && /^\/webhooks\/\d+\/[^/]+\/messages\//.test(r.path)) return true;
        if (r.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(r.path)) return true;
        if (r.method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(r.path) && [4, 7].includes(r.body?.type)) return true;
        return false;
      });
    },

    async close() {
      for (const session of sessions) session.ws.terminate();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
