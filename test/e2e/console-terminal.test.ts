// `npm start` in a real terminal: the interactive console behaves differently from a piped script
// (prompt, colour), so it gets a pseudo-terminal from util-linux `script`. Node has no pty of its own.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CLI, cleanEnv, seedsCopy, tempDir } from '../helpers/process.ts';

const hasScript = spawnSync('script', ['-qec', 'true', '/dev/null'], { stdio: 'ignore' }).status === 0;
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

interface TerminalRun { code: number | null; output: string; hung: boolean }

/** Runs `briefbot start` on a pseudo-terminal, types `lines` one by one (waiting for the prompt), and waits for it to exit. */
async function inTerminal(lines: string[], env: NodeJS.ProcessEnv, exitWithinMs = 10_000): Promise<TerminalRun> {
  const command = [process.execPath, '--disable-warning=ExperimentalWarning', CLI, 'start'].map(quote).join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const prompts = () => output.split('> ').length - 1;
  const waitFor = async (check: () => boolean, ms: number) => {
    const deadline = Date.now() + ms;
    while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return check();
  };
  try {
    for (const [i, line] of lines.entries()) {
      // The i-th line is typed at the (i+1)-th prompt: the previous reply is complete.
      assert.ok(await waitFor(() => prompts() > i, 20_000), `no prompt for ${JSON.stringify(line)} in:\n${output}`);
      child.stdin.write(`${line}\r`);
    }
    let code: number | null = null;
    let done = false;
    void exited.then((c) => { code = c; done = true; });
    const hung = !(await waitFor(() => done, exitWithinMs));
    return { code, output, hung };
  } finally {
    child.kill('SIGKILL');
    child.stdin.destroy();
  }
}

describe('console chat in a terminal', { skip: hasScript ? false : 'util-linux `script` (for a pseudo-terminal) is not installed' }, () => {
  it('/quit exits at once, with a digest subscription and without an unhandled rejection', async () => {
    const dir = tempDir();
    const config = path.join(dir, 'digests.yaml');
    // A digest subscription keeps node-cron's timers alive: a console that never finishes hangs.
    writeFileSync(config, 'digests:\n  - platform: console\n    channel: local\n    topic: us-russia\n    schedule: every 30 minutes\n');
    const r = await inTerminal(['/topics', '/quit'], cleanEnv({ BRIEFBOT_SEEDS: seedsCopy(), BRIEFBOT_CONFIG: config }));
    assert.equal(r.hung, false, `still running 10 s after /quit:\n${r.output}`);
    assert.equal(r.code, 0, r.output);
    assert.doesNotMatch(r.output, /readline was closed|ERR_USE_AFTER_CLOSE|unhandled/i);
    // Item seen alongside: headings keep their escape byte, and `code` is coloured, not backticked.
    assert.ok(r.output.includes('\x1b[1mTopics\x1b[0m'), JSON.stringify(r.output));
    assert.doesNotMatch(r.output, /`us-russia`/);
  });
});
