// A file the process may not read is skipped with a warning. Root reads a chmod-000 file anyway,
// so as root the loader runs in a child that cannot override file permissions:
//   1. root without CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH (util-linux `setpriv`): still the owner
//      of the checkout, so it reaches node and the source even in a 0700 directory (a clone
//      under /root), while the root-owned chmod-000 file gives it EACCES from the real file system;
//   2. else the user `nobody`, which works when the checkout is world-readable.
// A child that cannot even load the loader is not a test result: each way is tried with a
// preflight first, and the test is skipped, saying why, only when neither can run.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadDocuments } from '../../src/corpus/load.ts';

const LOAD_MODULE = fileURLToPath(new URL('../../src/corpus/load.ts', import.meta.url));
const NODE_ARGS = ['--disable-warning=ExperimentalWarning', '--input-type=module', '-e'];

interface Unprivileged {
  name: string;
  run(script: string): SpawnSyncReturns<string>;
}

const ways: Unprivileged[] = [
  {
    name: 'root without file-permission override (setpriv)',
    run: (script) => spawnSync('setpriv', ['--bounding-set=-dac_override,-dac_read_search', '--', process.execPath, ...NODE_ARGS, script], { encoding: 'utf8', cwd: '/', timeout: 20_000 }),
  },
  {
    name: 'user nobody',
    run: (script) => spawnSync(process.execPath, [...NODE_ARGS, script], { uid: 65534, gid: 65534, encoding: 'utf8', cwd: '/', timeout: 20_000 }),
  },
];

/** The first way that can load the loader, or the reasons none can. */
function unprivileged(): { way: Unprivileged } | { reasons: string[] } {
  const reasons: string[] = [];
  for (const way of ways) {
    const probe = way.run(`await import(${JSON.stringify(LOAD_MODULE)}); console.log('ready');`);
    if (probe.status === 0 && probe.stdout.trim() === 'ready') return { way };
    const why = probe.error?.message ?? probe.stderr.split('\n').find((l) => l.trim()) ?? `exit ${probe.status}`;
    reasons.push(`${way.name}: ${why}`);
  }
  return { reasons };
}

type Loaded = { documents: Array<{ path: string }>; warnings: Array<{ path: string; reason: string }> };

describe('loadDocuments: unreadable files', () => {
  it('skips a file without read permission with a warning', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'briefbot-corpus-perm-'));
    try {
      writeFileSync(join(dir, 'locked.txt'), 'You cannot read me.\n');
      writeFileSync(join(dir, 'open.txt'), 'You can read me.\n');
      chmodSync(join(dir, 'locked.txt'), 0o000);
      chmodSync(dir, 0o755);
      let result: Loaded;
      if (process.getuid?.() === 0) {
        const found = unprivileged();
        if ('reasons' in found) {
          t.skip(`no way to run the loader without root's file-permission override here (${found.reasons.join('; ')})`);
          return;
        }
        const child = found.way.run(`const { loadDocuments } = await import(${JSON.stringify(LOAD_MODULE)});
          const r = await loadDocuments({ dirs: [${JSON.stringify(dir)}], maxFileBytes: 1e6, cwd: ${JSON.stringify(dir)} });
          console.log(JSON.stringify({ documents: r.documents.map((d) => ({ path: d.path })), warnings: r.warnings }));`);
        assert.equal(child.status, 0, `${found.way.name}: ${child.error?.message ?? child.stderr}`);
        result = JSON.parse(child.stdout);
      } else {
        result = await loadDocuments({ dirs: [dir], maxFileBytes: 1e6, cwd: dir });
        if (result.documents.length === 2) {
          t.skip('this user can read a chmod-000 file');
          return;
        }
      }
      assert.deepEqual(result.documents.map((d) => d.path), ['open.txt']);
      assert.deepEqual(result.warnings, [{ path: 'locked.txt', reason: 'unreadable (permission denied, EACCES)' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
