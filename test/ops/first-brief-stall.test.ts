// The first brief after start-up blocked the event loop for ~0.5 s (the entity tagger's lexicon
// loading), a /healthz stall under load. Chat briefs no longer name entities, and `start` warms
// up what a brief does load before it is ready. Measured on a real process: /healthz latency
// while the first brief runs.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI, cleanEnv, seedsCopy } from '../helpers/process.ts';
import { freePort } from './helpers.ts';

async function timedGet(url: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  try {
    const res = await fetch(url);
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - started };
  } catch {
    return { status: 0, ms: performance.now() - started };
  }
}

describe('the first brief after start', () => {
  it('does not stall /healthz (nothing heavy loads on the reply path)', async (t) => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CLI, 'start', '--console'], {
      env: cleanEnv({ PORT: String(port), BRIEFBOT_HTTP_HOST: '127.0.0.1', BRIEFBOT_SEEDS: seedsCopy() }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    try {
      const base = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 30_000;
      while ((await timedGet(`${base}/readyz`)).status !== 200) {
        assert.ok(Date.now() < deadline, 'ready within 30 s');
        await sleep(50);
      }
      await sleep(200);
      let worst = 0;
      let polling = true;
      const poller = (async () => {
        while (polling) {
          const r = await timedGet(`${base}/healthz`);
          assert.equal(r.status, 200);
          worst = Math.max(worst, r.ms);
          await sleep(5);
        }
      })();
      child.stdin.write('/brief us-russia\n');
      while (!stdout.includes('Sources')) {
        assert.ok(Date.now() < deadline + 30_000, 'brief printed');
        await sleep(10);
      }
      await sleep(50);
      polling = false;
      await poller;
      t.diagnostic(`longest /healthz during the first brief: ${Math.round(worst)} ms`);
      // Before: ≥ 450 ms on an idle machine. After: tens of milliseconds.
      assert.ok(worst < 250, `/healthz took up to ${Math.round(worst)} ms during the first brief`);
    } finally {
      child.stdin.end();
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('close', resolve));
    }
  });
});
