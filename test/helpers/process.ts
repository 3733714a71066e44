// Runs the real CLI as a child process with a clean environment (no chat tokens, no API key).
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config/load.ts';

export const CLI = path.join(PROJECT_ROOT, 'src', 'cli.ts');

export function tempDir(prefix = 'briefbot-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A seeds folder holding a copy of the bundled seed. */
export function seedsCopy(): string {
  const dir = tempDir('briefbot-seeds-');
  cpSync(path.join(PROJECT_ROOT, 'seeds'), dir, { recursive: true });
  return dir;
}

export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', BRIEFBOT_DATA_DIR: tempDir('briefbot-data-'), ...extra };
}

export interface RunResult { code: number | null; stdout: string; stderr: string }

export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CLI, ...args], {
      cwd: options.cwd ?? PROJECT_ROOT,
      env: options.env ?? cleanEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`timed out: ${args.join(' ')}\n${stderr}`)); }, options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
    child.stdin.end(options.input ?? '');
  });
}
