// Running `briefbot start` as a real process and talking to its HTTP port.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { CLI, cleanEnv } from '../helpers/process.ts';

/** A port that was free a moment ago (the child binds it; tests stay on 127.0.0.1). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface BotProcess {
  child: ChildProcess;
  port: number;
  url(path: string): string;
  readonly stdout: string;
  readonly stderr: string;
  /** Parsed JSON log lines from stderr so far. */
  logs(): Array<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Polls until a log line matches. */
  waitForLog(match: (line: Record<string, unknown>) => boolean, label: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Kills the process if it is still running (cleanup). */
  kill(): Promise<void>;
}

export interface StartBotOptions {
  env?: Record<string, string>;
  args?: string[];
  /** Extra node flags (e.g. --import a preload). */
  nodeArgs?: string[];
  cli?: string;
  cwd?: string;
  /** Default: a free port. */
  port?: number;
}

export async function startBotProcess(options: StartBotOptions = {}): Promise<BotProcess> {
  const port = options.port ?? (await freePort());
  const env = cleanEnv({ PORT: String(port), BRIEFBOT_HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'info', ...options.env });
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', ...(options.nodeArgs ?? []), options.cli ?? CLI, 'start', ...(options.args ?? [])], {
    cwd: options.cwd,
    env,
    // stdin is not a terminal (as in a container); it stays open unless a test closes it.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  const logs = () => stderr.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
  return {
    child,
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    get stdout() { return stdout; },
    get stderr() { return stderr; },
    logs,
    exited,
    async waitForLog(match, label, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = logs().find(match);
        if (found) return found;
        if (child.exitCode !== null) break;
        await sleep(50);
      }
      throw new Error(`no log line "${label}"; stderr:\n${stderr}`);
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** Polls `url` until `accept(status)`; returns the last response's status and JSON/text body. */
export async function pollHttp(url: string, accept: (status: number) => boolean, label: string, timeoutMs = 20_000): Promise<{ status: number; body: any; text: string }> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no response';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      const text = await res.text();
      last = `${res.status} ${text}`;
      if (accept(res.status)) {
        let body: any = null;
        try {
          body = JSON.parse(text);
        } catch {
          body = null;
        }
        return { status: res.status, body, text };
      }
    } catch (error) {
      last = String(error);
    }
    await sleep(100);
  }
  throw new Error(`${label}: gave up polling ${url}; last: ${last}`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
