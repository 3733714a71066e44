// Payloads shaped like Slack's: slash command form fields and Events API envelopes
// (event_callback with event_id), for both HTTP mode and Socket Mode.

export interface SlashCommandInput {
  text: string;
  responseUrl: string;
  channel?: string;
  user?: string;
  userName?: string;
  command?: string;
  team?: string;
}

/** The form fields of a slash command (HTTP body, or the Socket Mode `payload` object). */
let triggerCounter = 0;

export function slashCommand(input: SlashCommandInput): Record<string, string> {
  return {
    token: 'verification-token-unused',
    team_id: input.team ?? 'T1',
    team_domain: 'fake',
    channel_id: input.channel ?? 'C1',
    channel_name: 'general',
    user_id: input.user ?? 'U1',
    user_name: input.userName ?? 'ada',
    command: input.command ?? '/brief',
    // Slack escapes &, < and > in the text it sends.
    text: input.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    api_app_id: 'A1',
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: `${Date.now()}.${++triggerCounter}.abc`,
  };
}

let eventCounter = 0;

export function eventCallback(event: Record<string, unknown>, options: { eventId?: string; botUserId?: string; team?: string } = {}): Record<string, unknown> {
  return {
    token: 'verification-token-unused',
    team_id: options.team ?? 'T1',
    api_app_id: 'A1',
    event,
    type: 'event_callback',
    event_id: options.eventId ?? `Ev${Date.now()}${++eventCounter}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: options.team ?? 'T1', user_id: options.botUserId ?? 'UBOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${eventCounter}`,
  };
}

export interface MessageInput {
  text: string;
  ts: string;
  channel?: string;
  user?: string;
  threadTs?: string;
  botId?: string;
  subtype?: string;
  edited?: boolean;
}

export function messageEvent(input: MessageInput): Record<string, unknown> {
  return {
    type: 'message',
    channel: input.channel ?? 'C1',
    user: input.user ?? 'U1',
    text: input.text,
    ts: input.ts,
    event_ts: input.ts,
    channel_type: 'channel',
    team: 'T1',
    ...(input.threadTs ? { thread_ts: input.threadTs, parent_user_id: 'UBOT' } : {}),
    ...(input.botId ? { bot_id: input.botId, subtype: input.subtype ?? 'bot_message' } : {}),
    ...(input.subtype && !input.botId ? { subtype: input.subtype } : {}),
    ...(input.edited ? { edited: { user: input.user ?? 'U1', ts: input.ts } } : {}),
  };
}

export function appMentionEvent(input: Omit<MessageInput, 'botId' | 'subtype'>): Record<string, unknown> {
  return {
    type: 'app_mention',
    channel: input.channel ?? 'C1',
    user: input.user ?? 'U1',
    text: input.text,
    ts: input.ts,
    event_ts: input.ts,
    team: 'T1',
    ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
  };
}
