// A signed slash command is valid for the five minutes Slack's timestamp check allows, so a
// captured request could be sent again and again (three sends gave three briefs). Each command
// invocation has its own trigger_id (and response_url): a second delivery of one is a replay.
// The key is claimed through the event dedupe (the store when replicas share the work), so a
// replay sent to another replica behind the load balancer is refused too.
import { createHash } from 'node:crypto';

export function commandReplayKey(cmd: { trigger_id?: unknown; response_url?: unknown; [key: string]: unknown }): string {
  if (typeof cmd.trigger_id === 'string' && cmd.trigger_id) return `slack:command:${cmd.trigger_id}`;
  if (typeof cmd.response_url === 'string' && cmd.response_url) return `slack:command:${cmd.response_url}`;
  return `slack:command:${createHash('sha256').update(JSON.stringify(cmd)).digest('hex')}`;
}
