// `briefbot start` as a real process, the way a container runs it: no terminal on stdin, PORT set.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { runCli, cleanEnv, seedsCopy, tempDir } from '../helpers/process.ts';
import { pollHttp, startBotProcess } from './helpers.ts';

describe('briefbot start as a server process', () => {
  it('with no tokens and no terminal it serves /healthz, /readyz and /metrics, and exits 0 on SIGTERM', async () => {
    const bot = await startBotProcess({ env: { BRIEFBOT_SEEDS: seedsCopy() } });
    try {
      const health = await pollHttp(bot.url('/healthz'), (s) => s === 200, 'healthz');
      assert.deepEqual(health.body, { status: 'ok' });
      const ready = await pollHttp(bot.url('/readyz'), (s) => s === 200, 'readyz');
      assert.equal(ready.body.ready, true);
      assert.ok((ready.body.checks.corpus.documents as number) >= 1);
      assert.deepEqual(ready.body.notReady, []);
      const metrics = await fetch(bot.url('/metrics'));
      assert.equal(metrics.status, 200);
      assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain/);
      const text = await metrics.text();
      assert.match(text, /^briefbot_documents_loaded [1-9]/m);
      assert.match(text, /^process_resident_memory_bytes /m);
      // stdin (not a terminal) is still open: the process must not be waiting on it to decide anything.
      assert.equal(bot.child.exitCode, null);
      assert.ok(bot.logs().some((l) => /serving \/healthz, \/readyz and \/metrics only/.test(String(l.msg))));

      bot.child.kill('SIGTERM');
      const { code } = await bot.exited;
      assert.equal(code, 0, bot.stderr);
      const msgs = bot.logs().map((l) => l.msg);
      assert.ok(msgs.includes('shutting down') && msgs.includes('stopped'), msgs.join(' | '));
    } finally {
      await bot.kill();
    }
  });

  it('SIGINT shuts down the same way (exit 0)', async () => {
    const bot = await startBotProcess({ env: { BRIEFBOT_SEEDS: seedsCopy() } });
    try {
      await pollHttp(bot.url('/readyz'), (s) => s === 200, 'readyz');
      bot.child.kill('SIGINT');
      assert.equal((await bot.exited).code, 0, bot.stderr);
    } finally {
      await bot.kill();
    }
  });

  it('an unhandled promise rejection is logged (secrets scrubbed) and the process keeps serving', async () => {
    const dir = tempDir('briefbot-preload-');
    const preload = path.join(dir, 'reject-later.mjs');
    // Stands in for a code path that forgets a .catch(): rejects once the bot is up.
    writeFileSync(preload, `setTimeout(() => { Promise.reject(new Error('upstream said no to key ' + process.env.OPENAI_API_KEY)); }, 300);\n`);
    const key = 'sk-test-very-secret-key-0123456789';
    const bot = await startBotProcess({
      env: { BRIEFBOT_SEEDS: seedsCopy(), OPENAI_API_KEY: key, BRIEFBOT_ENGINE: 'offline' },
      nodeArgs: ['--import', pathToFileURL(preload).href],
    });
    try {
      const line = await bot.waitForLog((l) => String(l.msg).startsWith('unhandled promise rejection'), 'unhandled rejection');
      assert.equal(line.level, 50);
      assert.match(JSON.stringify(line.err), /upstream said no to key \[redacted\]/);
      assert.doesNotMatch(bot.stderr, new RegExp(key));
      const health = await pollHttp(bot.url('/healthz'), (s) => s === 200, 'healthz after the rejection');
      assert.equal(health.status, 200);
      assert.equal(bot.child.exitCode, null);
      bot.child.kill('SIGTERM');
      assert.equal((await bot.exited).code, 0, bot.stderr);
    } finally {
      await bot.kill();
    }
  });

  it('the store unreachable at start: a clear error naming host:port (no password), exit non-zero', async () => {
    const r = await runCli(['start'], {
      env: cleanEnv({ BRIEFBOT_SEEDS: seedsCopy(), DATABASE_URL: 'postgres://briefbot:hunter2-secret@127.0.0.1:1/briefbot', PORT: '0' }),
      timeoutMs: 30_000,
    });
    assert.notEqual(r.code, 0);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /briefbot: Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/briefbot/);
    assert.match(r.stderr, /ECONNREFUSED/);
    assert.doesNotMatch(r.stderr + r.stdout, /hunter2/);
  });

  it('the store unreachable with the HTTP server on: the port is released and the process still exits non-zero', async () => {
    const bot = await startBotProcess({
      env: { BRIEFBOT_SEEDS: seedsCopy(), DATABASE_URL: 'postgres://briefbot:hunter2-secret@127.0.0.1:1/briefbot' },
    });
    try {
      const { code } = await bot.exited;
      assert.equal(code, 1, bot.stderr);
      assert.match(bot.stderr, /Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/briefbot/);
      assert.doesNotMatch(bot.stderr, /hunter2/);
    } finally {
      await bot.kill();
    }
  });

  it('a port already in use is a clear start error (exit 1)', async () => {
    const first = await startBotProcess({ env: { BRIEFBOT_SEEDS: seedsCopy() } });
    try {
      await pollHttp(first.url('/healthz'), (s) => s === 200, 'first healthz');
      const second = await startBotProcess({ env: { BRIEFBOT_SEEDS: seedsCopy() }, port: first.port });
      try {
        assert.equal((await second.exited).code, 1, second.stderr);
        assert.match(second.stderr, new RegExp(`Cannot listen on port ${first.port} \\(EADDRINUSE\\)`));
      } finally {
        await second.kill();
      }
      first.child.kill('SIGTERM');
      assert.equal((await first.exited).code, 0);
    } finally {
      await first.kill();
    }
  });
});
