// `npm start` without tokens: the console chat as a real process, scripted through stdin.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CLI, cleanEnv, runCli, seedsCopy } from '../helpers/process.ts';

describe('console chat', () => {
  it('answers a scripted session: brief, follow-ups, typo, help; exits 0 at EOF', async () => {
    const seeds = seedsCopy();
    const script = ['/brief us-russia', 'what did Peskov say?', 'Where is the next round of talks?', '/brief us-rusia', '/ask what is the capital of Peru?', '/help', ''].join('\n');
    const r = await runCli(['start'], { env: cleanEnv({ BRIEFBOT_SEEDS: seeds }), input: script });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /• The United States and Russia are entering a new phase/);
    assert.match(r.stdout, /— Dmitry Peskov, Kremlin spokesman \[\d\]/);
    assert.match(r.stdout, /Dmitry Peskov \(Kremlin spokesman\) said: “The new \(US\) administration/);
    assert.match(r.stdout, /second round of talks .* Gulf state\. \[1\]/);
    assert.match(r.stdout, /Did you mean `us-russia`\?/);
    assert.match(r.stdout, /The documents don't cover this\./);
    assert.match(r.stdout, /\/brief <topic…>/);
  });

  it('a second session on the same data answers its own follow-ups (memory is per session)', async () => {
    const seeds = seedsCopy();
    const env = cleanEnv({ BRIEFBOT_SEEDS: seeds });
    const script = ['/brief us-russia', 'what did Peskov say?', ''].join('\n');
    const first = await runCli(['start'], { env, input: script });
    const second = await runCli(['start'], { env, input: script });
    for (const r of [first, second]) {
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Dmitry Peskov \(Kremlin spokesman\) said:/);
    }
  });

  it('sees a file added, changed and removed while running, without a restart', async () => {
    const seeds = seedsCopy();
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CLI, 'start'], { env: cleanEnv({ BRIEFBOT_SEEDS: seeds }), stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const waitFor = async (pattern: RegExp, send: () => void) => {
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const mark = out.length;
        send();
        await new Promise((r) => setTimeout(r, 300));
        if (pattern.test(out.slice(mark))) return;
      }
      assert.fail(`no ${pattern} in:\n${out}`);
    };
    try {
      const file = path.join(seeds, 'volcano.md');
      await waitFor(/The documents don't cover this/, () => child.stdin.write('/ask what erupted in Iceland?\n'));
      writeFileSync(file, '---\ntitle: Volcano erupts in Iceland\n---\nA volcano erupted near Grindavik in Iceland on Tuesday, sending lava toward the town.\n');
      await waitFor(/volcano erupted near Grindavik/i, () => child.stdin.write('/ask what erupted in Iceland?\n'));
      writeFileSync(file, '---\ntitle: Volcano erupts in Iceland\n---\nA geyser erupted near Reykjavik in Iceland on Wednesday, surprising tourists.\n');
      await waitFor(/geyser erupted near Reykjavik/i, () => child.stdin.write('/ask what erupted in Iceland?\n'));
      rmSync(file);
      await waitFor(/The documents don't cover this/, () => child.stdin.write('/ask what erupted in Iceland?\n'));
    } finally {
      child.stdin.end();
    }
    assert.equal(await exited, 0);
  });
});
