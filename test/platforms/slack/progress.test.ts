import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryLogger } from '../../../src/core/logger.ts';
import { createProgressMessage } from '../../../src/platforms/slack/progress.ts';
import type { SlackMessage } from '../../../src/platforms/slack/render.ts';

async function until(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

function recorder(options: { failPost?: boolean; failUpdate?: boolean; delayMs?: number } = {}) {
  const calls: Array<{ op: 'post' | 'update'; ts?: string; text: string }> = [];
  let active = 0;
  let maxActive = 0;
  const run = async <T>(work: () => T): Promise<T> => {
    active++;
    maxActive = Math.max(maxActive, active);
    await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 1));
    active--;
    return work();
  };
  return {
    calls,
    get maxActive() { return maxActive; },
    messenger: {
      post: (m: SlackMessage) => run(() => {
        calls.push({ op: 'post', text: JSON.stringify(m.blocks) });
        if (options.failPost) throw Object.assign(new Error('x'), { code: 'slack_webapi_platform_error', data: { error: 'not_in_channel' } });
        return 'TS1';
      }),
      update: (ts: string, m: SlackMessage) => run(() => {
        calls.push({ op: 'update', ts, text: JSON.stringify(m.blocks) });
        if (options.failUpdate) throw new Error('boom');
      }),
    },
  };
}

describe('slack progress placeholder', () => {
  it('posts once, then updates at most once per interval with the latest text, one call at a time', async () => {
    const r = recorder({ delayMs: 5 });
    const p = createProgressMessage({ messenger: r.messenger, logger: createMemoryLogger(), intervalMs: 40 });
    p.update('step 1');
    p.update('step 2'); // same tick: coalesced, only the latest is written
    await until(() => r.calls.length === 1);
    assert.equal(r.calls[0].op, 'post');
    assert.match(r.calls[0].text, /step 2/);
    p.update('step 3');
    p.update('step 4');
    await until(() => r.calls.length === 2);
    assert.equal(r.calls[1].op, 'update');
    assert.equal(r.calls[1].ts, 'TS1');
    assert.match(r.calls[1].text, /step 4/);
    assert.ok(!r.calls.some((c) => /step 1|step 3/.test(c.text)), 'superseded texts are never written');
    assert.equal(r.maxActive, 1);
    p.update('pending when finished');
    assert.equal(await p.finish(), 'TS1');
    p.update('after finish');
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(r.calls.length, 2, 'finish() cancels pending updates: the final brief replaces the placeholder');
  });

  it('waits out the interval before the next write', async () => {
    const r = recorder();
    let clock = 0;
    const timers: number[] = [];
    const p = createProgressMessage({
      messenger: r.messenger,
      logger: createMemoryLogger(),
      intervalMs: 1000,
      now: () => clock,
      // Observe the delays the throttle asks for (the clock is fake, so they are exact).
      timers: { set: (fn, ms) => { timers.push(ms); return setTimeout(fn, 0); }, clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
    });
    p.update('a');
    await until(() => r.calls.length === 1);
    clock = 250;
    p.update('b');
    await until(() => r.calls.length === 2);
    assert.equal(timers[0], 0, 'the first write is immediate');
    assert.equal(timers.at(-1), 750, 'the second waits until a full interval after the first');
    await p.finish();
  });

  it('returns null when nothing was posted, and gives up quietly when posting fails', async () => {
    const idle = createProgressMessage({ messenger: recorder().messenger, logger: createMemoryLogger() });
    assert.equal(await idle.finish(), null);
    const logger = createMemoryLogger();
    const failing = recorder({ failPost: true });
    const p = createProgressMessage({ messenger: failing.messenger, logger, intervalMs: 1 });
    p.update('x');
    await new Promise((resolve) => setTimeout(resolve, 10));
    p.update('y');
    assert.equal(await p.finish(), null);
    assert.equal(failing.calls.length, 1);
    assert.equal(logger.lines[0].slackError, 'not_in_channel');
  });

  it('keeps the placeholder ts when a later update fails (the brief can still replace it)', async () => {
    const r = recorder({ failUpdate: true });
    const p = createProgressMessage({ messenger: r.messenger, logger: createMemoryLogger(), intervalMs: 1 });
    p.update('a');
    await new Promise((resolve) => setTimeout(resolve, 10));
    p.update('b');
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(await p.finish(), 'TS1');
  });
});
