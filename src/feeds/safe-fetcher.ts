import { readFileSync } from 'node:fs';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Clock } from '../core/clock.ts';
import { isAnyAddress, isPublicAddress } from './address-rules.ts';
import { displayUrl, FetchError, parseRetryAfter } from './fetch-error.ts';
import { createHostLimiter, type HostLimiter } from './host-limiter.ts';
import { decodeText, readBody } from './read-body.ts';

// The one way feeds and article pages are fetched. Feed URLs come from chat users and redirects
// come from strangers, so: only http(s); every address judged after DNS and on every hop, and the
// socket connects only to an address that was judged (no second lookup to rebind); bodies and
// time bounded; at most `perHost` requests per host; conditional GET so an unchanged feed is a 304.

export interface SafeFetcherOptions {
  /** `feeds.allowPrivateHosts`: intranet feeds and tests may reach private addresses. */
  allowPrivateHosts: boolean;
  userAgent?: string;
  /** Per request (each redirect hop): connect, headers and body together. */
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  perHost?: number;
  /** Which resolved addresses may be connected to; defaults to public-only, or any when allowPrivateHosts. */
  isAllowedAddress?: (ip: string) => boolean;
  clock?: Clock;
}

export interface FetchOptions {
  etag?: string | null;
  lastModified?: string | null;
  accept?: string;
  maxBytes?: number;
  signal?: AbortSignal;
}

export interface FetchResult {
  status: 'ok' | 'not-modified';
  /** The URL the body came from, after redirects. */
  url: string;
  body: string;
  etag: string | null;
  lastModified: string | null;
  contentType: string | null;
}

export interface SafeFetcher {
  readonly userAgent: string;
  /** Resolves with the body or a 304; rejects only with FetchError. */
  fetch(url: string, options?: FetchOptions): Promise<FetchResult>;
}

export const DEFAULT_FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

export function defaultUserAgent(): string {
  let version = '0.0.0';
  try {
    version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version ?? version;
  } catch {
    // Run from an unusual layout: the name and repository still identify us.
  }
  return `briefbot/${version} (+https://github.com/briefbot/briefbot)`;
}

interface Answer {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: Buffer | null;
}

export function createSafeFetcher(options: SafeFetcherOptions): SafeFetcher {
  const userAgent = options.userAgent ?? defaultUserAgent();
  const timeoutMs = options.timeoutMs ?? 20_000;
  const maxRedirects = options.maxRedirects ?? 5;
  const allowed = options.isAllowedAddress ?? (options.allowPrivateHosts ? isAnyAddress : isPublicAddress);
  const clock = options.clock ?? { now: () => new Date() };
  const limiter = createHostLimiter(options.perHost ?? 2);

  const ctx: RequestContext = { allowed, limiter, lookup: checkedLookup(allowed), timeoutMs };

  async function fetchUrl(rawUrl: string, opts: FetchOptions = {}): Promise<FetchResult> {
    let url = parseHttpUrl(rawUrl);
    const headers: Record<string, string> = {
      'user-agent': userAgent,
      accept: opts.accept ?? DEFAULT_FEED_ACCEPT,
      'accept-encoding': 'gzip, deflate, br',
    };
    if (opts.etag) headers['if-none-match'] = opts.etag;
    if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;
    const maxBytes = opts.maxBytes ?? options.maxBytes ?? 10 * 1024 * 1024;
    for (let hop = 0; ; hop++) {
      if (opts.signal?.aborted) throw new FetchError('aborted', 'the fetch was cancelled');
      const answer = await requestOnce(ctx, url, headers, maxBytes, opts.signal);
      const { statusCode: code, headers: h } = answer;
      if (code >= 300 && code < 400 && code !== 304 && h.location) {
        if (hop >= maxRedirects) throw new FetchError('too-many-redirects', `more than ${maxRedirects} redirects from ${displayUrl(rawUrl)}`);
        url = parseHttpUrl(h.location, url);
        continue;
      }
      const etag = header(h.etag) ?? opts.etag ?? null;
      const lastModified = header(h['last-modified']) ?? opts.lastModified ?? null;
      const contentType = header(h['content-type']);
      if (code === 304) return { status: 'not-modified', url: url.href, body: '', etag, lastModified, contentType };
      const retryAfterMs = parseRetryAfter(h['retry-after'], clock.now());
      if (code === 429 || (code === 503 && retryAfterMs !== null)) {
        throw new FetchError('rate-limited', `${displayUrl(url)} answered ${code}${retryAfterMs !== null ? `, retry after ${Math.round(retryAfterMs / 1000)} s` : ''}`, { status: code, retryAfterMs });
      }
      if (code < 200 || code >= 300 || !answer.body) {
        throw new FetchError('http-status', `${displayUrl(url)} answered ${code}`, { status: code, retryAfterMs });
      }
      return { status: 'ok', url: url.href, body: decodeText(answer.body, contentType), etag: header(h.etag), lastModified: header(h['last-modified']), contentType };
    }
  }

  return { userAgent, fetch: fetchUrl };
}

interface RequestContext {
  allowed: (ip: string) => boolean;
  limiter: HostLimiter;
  lookup: LookupFunction;
  timeoutMs: number;
}

/**
 * Resolves every address, refuses the lot if any is not allowed, and hands the socket only the
 * checked addresses: the connection cannot go anywhere the rule did not see.
 */
function checkedLookup(allowed: (ip: string) => boolean): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { all: true, family: lookupOptions.family ?? 0 }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const refused = addresses.find((a) => !allowed(a.address));
      if (refused || addresses.length === 0) {
        return callback(new FetchError('blocked-address', `${hostname} resolves to ${refused?.address ?? 'nothing'}, which feeds may not reach`) as NodeJS.ErrnoException, '', 0);
      }
      if (lookupOptions.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

async function requestOnce(ctx: RequestContext, url: URL, headers: Record<string, string>, maxBytes: number, signal?: AbortSignal): Promise<Answer> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !ctx.allowed(host)) throw new FetchError('blocked-address', `${host} is an address feeds may not reach`);
  const release = await ctx.limiter.acquire(url.host);
  try {
    return await new Promise<Answer>((resolve, reject) => {
      let settled = false;
      const settle = () => {
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const fail = (err: FetchError) => {
        if (settled) return;
        settle();
        req.destroy();
        reject(err);
      };
      const timer = setTimeout(() => fail(new FetchError('timeout', `no complete answer within ${ctx.timeoutMs} ms`)), ctx.timeoutMs);
      const onAbort = () => fail(new FetchError('aborted', 'the fetch was cancelled'));
      signal?.addEventListener('abort', onAbort, { once: true });
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(url, { method: 'GET', headers, lookup: ctx.lookup, agent: false }, (res: IncomingMessage) => {
        const needsBody = res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300;
        if (!needsBody) res.resume();
        const body = needsBody ? readBody(res, maxBytes) : Promise.resolve(null);
        body.then(
          (buf) => {
            if (needsBody === false) res.destroy();
            if (settled) return;
            settle();
            resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: buf });
          },
          (err) => fail(err instanceof FetchError ? err : new FetchError('network', String(err))),
        );
      });
      req.on('error', (err) => fail(err instanceof FetchError ? err : new FetchError('network', `${displayUrl(url)}: ${(err as NodeJS.ErrnoException).code ?? err.message}`)));
      req.end();
    });
  } finally {
    release();
  }
}

function parseHttpUrl(value: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    throw new FetchError('bad-url', 'not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FetchError('bad-url', `only http and https are fetched, not ${url.protocol.slice(0, 20)}`);
  // Credentials in a feed URL would be sent to every host it redirects to; feeds are public.
  url.username = '';
  url.password = '';
  url.hash = '';
  return url;
}

function header(value: string | string[] | undefined): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  return v ? v.slice(0, 1000) : null;
}
