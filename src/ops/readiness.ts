// Readiness: may this replica take traffic? Yes only when the corpus has loaded, the store
// answered a ping at start-up, every platform says it is connected, and the process is neither
// starting nor stopping. Once running, an unreachable store is reported (`degraded`) but does not
// make the replica unready: every replica shares the database, so failing readiness would take
// all of them out of the load balancer at once, while commands are still answered (offline,
// without memory) and digests wait for the database. The report names what is not ready, in words safe to show to
// anyone who can reach the port: no error messages (they can carry hosts, users or worse), only
// fixed reasons and error codes.
import type { Corpus } from '../corpus/corpus-types.ts';
import type { ChatPlatform } from '../platforms/platform-types.ts';
import type { Store } from '../store/store.ts';

export type Phase = 'starting' | 'running' | 'stopping';

export interface CheckResult {
  ok: boolean;
  /** A fixed, secret-free reason when not ok (or a short detail when ok). */
  detail?: string;
  [extra: string]: unknown;
}

export interface ReadinessReport {
  ready: boolean;
  /** Names of the failing checks, e.g. ['store', 'platform:slack']. */
  notReady: string[];
  /** Checks that fail without making the replica unready (the store, once running). */
  degraded?: string[];
  checks: Record<string, CheckResult>;
}

export interface ReadinessSources {
  phase(): Phase;
  /** Null until the corpus has loaded. */
  corpus(): Pick<Corpus, 'current'> | null;
  /** Null until the store is open. */
  store(): Pick<Store, 'ping'> | null;
  platforms(): readonly Pick<ChatPlatform, 'name' | 'isReady'>[];
  /** Longest wait for `store.ping()` (default 2000 ms). */
  pingTimeoutMs?: number;
}

export interface Readiness {
  check(): Promise<ReadinessReport>;
}

export function createReadiness(sources: ReadinessSources): Readiness {
  const pingTimeoutMs = sources.pingTimeoutMs ?? 2000;

  async function storeCheck(): Promise<CheckResult> {
    const store = sources.store();
    if (!store) return { ok: false, detail: 'not open yet' };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), pingTimeoutMs); });
    try {
      const result = await Promise.race([store.ping().then(() => 'ok' as const), timeout]);
      return result === 'ok' ? { ok: true } : { ok: false, detail: `ping timed out after ${pingTimeoutMs} ms` };
    } catch (error) {
      return { ok: false, detail: 'ping failed', ...safeCode(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async check() {
      const checks: Record<string, CheckResult> = {};
      const phase = sources.phase();
      checks.lifecycle = { ok: phase === 'running', detail: phase };
      const corpus = sources.corpus();
      checks.corpus = corpus ? { ok: true, documents: corpus.current().documents.length } : { ok: false, detail: 'loading' };
      const store = await storeCheck();
      checks.store = store.ok || phase !== 'running' ? store : { ...store, ok: true, degraded: true };
      for (const platform of sources.platforms()) {
        let ok = true;
        try {
          ok = platform.isReady ? platform.isReady() : true;
        } catch {
          ok = false;
        }
        checks[`platform:${platform.name}`] = ok ? { ok } : { ok, detail: 'not connected' };
      }
      const notReady = Object.entries(checks).filter(([, c]) => !c.ok).map(([name]) => name);
      const degraded = Object.entries(checks).filter(([, c]) => c.degraded).map(([name]) => name);
      return { ready: notReady.length === 0, notReady, ...(degraded.length ? { degraded } : {}), checks };
    },
  };
}

/** Error codes such as ECONNREFUSED or 57P01 are safe to show; messages are not. */
function safeCode(error: unknown): { code?: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Za-z0-9_]{1,40}$/.test(code) ? { code } : {};
}
