// Sends requests to an HTTP-mode Slack app the way Slack does: slash commands as
// application/x-www-form-urlencoded, events as JSON, each signed with
// x-slack-signature = v0=hex(hmac_sha256(secret, "v0:" + ts + ":" + body)) and
// x-slack-request-timestamp; events may carry X-Slack-Retry-Num/Reason like Slack's redeliveries.
import { createHmac } from 'node:crypto';
import { request, Agent } from 'node:http';

export interface SignedResponse {
  status: number;
  body: string;
  json: unknown;
  /** performance.now() when the request was fully written to the socket, and when the full response arrived. */
  sentAt: number;
  receivedAt: number;
}

export interface SignOptions {
  /** Seconds since the epoch to sign with (default now). */
  timestamp?: number;
  /** Replace the computed signature (forgeries). */
  signature?: string;
  /** Sign with a different secret. */
  secret?: string;
}

export interface SignedClient {
  command(fields: Record<string, string>, options?: SignOptions): Promise<SignedResponse>;
  event(body: unknown, options?: SignOptions & { retryNum?: number; retryReason?: string }): Promise<SignedResponse>;
  raw(body: string, contentType: string, options?: SignOptions & { headers?: Record<string, string> }): Promise<SignedResponse>;
  close(): void;
}

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function createSignedClient(options: { url: string; signingSecret: string; now?: () => number }): SignedClient {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

  function send(body: string, contentType: string, o: SignOptions & { headers?: Record<string, string> } = {}): Promise<SignedResponse> {
    const timestamp = o.timestamp ?? now();
    const signature = o.signature ?? sign(o.secret ?? options.signingSecret, timestamp, body);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'content-length': String(Buffer.byteLength(body)),
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...o.headers,
    };
    return new Promise((resolve, reject) => {
      let sentAt = performance.now();
      const req = request(options.url, { method: 'POST', headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = null;
          try {
            json = text ? JSON.parse(text) : null;
          } catch {
            json = null;
          }
          resolve({ status: res.statusCode ?? 0, body: text, json, sentAt, receivedAt: performance.now() });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      // From the write, not from the call: a load generator that builds many requests in one
      // synchronous loop would otherwise count its own loop in every request's latency.
      req.on('finish', () => { sentAt = performance.now(); });
      req.end(body);
    });
  }

  return {
    command: (fields, o) => send(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', o),
    event(body, o = {}) {
      const headers: Record<string, string> = {};
      if (o.retryNum !== undefined) {
        headers['x-slack-retry-num'] = String(o.retryNum);
        headers['x-slack-retry-reason'] = o.retryReason ?? 'http_timeout';
      }
      return send(JSON.stringify(body), 'application/json', { ...o, headers });
    },
    raw: (body, contentType, o) => send(body, contentType, o),
    close: () => agent.destroy(),
  };
}
