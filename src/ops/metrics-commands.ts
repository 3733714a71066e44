import { Counter, Histogram, type Registry } from 'prom-client';
import type { Metrics } from './metrics-types.ts';

// Metrics of commands and follow-ups (count and reply latency) and of acknowledging interactions.

/** Slack and Discord drop an interaction not acknowledged within 3 s: buckets cluster below that. */
const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];
/** Replies range from milliseconds (offline, cached) to tens of seconds (map-reduce over many documents). */
const REPLY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120];

export function createCommandMetrics(registry: Registry, prefix: string): Pick<Metrics, 'command' | 'ack'> {
  const commands = new Counter({
    name: `${prefix}commands_total`,
    help: 'Commands and follow-up questions handled, by command, platform and outcome (ok, user_error, error, rate_limited).',
    labelNames: ['command', 'platform', 'outcome'] as const,
    registers: [registry],
  });
  const replyLatency = new Histogram({
    name: `${prefix}brief_latency_seconds`,
    help: 'Time from a command or follow-up reaching the router to its reply (brief, answer or text) being ready, engine included.',
    labelNames: ['platform', 'command'] as const,
    buckets: REPLY_BUCKETS,
    registers: [registry],
  });
  const ackLatency = new Histogram({
    name: `${prefix}ack_latency_seconds`,
    help: 'Time to acknowledge a slash command or autocomplete request (platforms give 3 s).',
    labelNames: ['platform', 'kind'] as const,
    buckets: ACK_BUCKETS,
    registers: [registry],
  });

  return {
    command(info) {
      commands.inc({ command: info.command, platform: info.platform, outcome: info.outcome });
      replyLatency.observe({ platform: info.platform, command: info.command }, info.ms / 1000);
    },
    ack(platform, kind, ms) {
      ackLatency.observe({ platform, kind }, ms / 1000);
    },
  };
}
