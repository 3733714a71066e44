// `docker build` + `docker run` + the HEALTHCHECK, performed as a script (no Docker engine on the
// CI machines). The steps come from the Dockerfile itself: every COPY of every stage (filtered by
// .dockerignore), the stage's RUN commands, ENV, WORKDIR, CMD and the HEALTHCHECK command. Each
// stage gets a directory standing in for its filesystem root (/app → <stage>/app). A RUN command
// this script does not know fails the test, so the two cannot drift apart silently.
//
// Deviations, on purpose: `npm ci` gets `--prefer-offline --no-audit --no-fund` (fast, from the
// local npm cache); `npm cache clean` is skipped (it would empty this machine's cache; in the
// image it only slims a layer); `chown` is skipped (no users to switch to); the runtime gets a
// free PORT and BRIEFBOT_HTTP_HOST=127.0.0.1 (tests stay on loopback); `node` is this Node 24.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../src/config/load.ts';
import { tempDir } from '../helpers/process.ts';
import { freePort, pollHttp } from '../ops/helpers.ts';
import { execForm, healthcheckCommand, parseCopy, parseDockerfile, parseEnv, type Stage } from './dockerfile.ts';

const dockerfile = readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
const stages = parseDockerfile(dockerfile);
const ignore = readFileSync(path.join(PROJECT_ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

/** .dockerignore patterns are relative to the context root; `*` stays within a path segment. */
function ignored(relative: string): boolean {
  const parts = relative.split('/');
  return ignore.some((pattern) => {
    if (pattern.startsWith('!')) throw new Error('negated .dockerignore patterns are not supported by the test script');
    const re = new RegExp(`^${pattern.replace(/^\.?\//, '').replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]').replace(/\u0000/g, '.*')}$`);
    return parts.some((_, i) => re.test(parts.slice(0, i + 1).join('/')));
  });
}

function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

function makeWritable(dir: string): void {
  if (!existsSync(dir)) return;
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) makeWritable(path.join(dir, entry.name));
  }
}

interface Built {
  roots: Map<string, string>;
  workdir: string;
  env: Record<string, string>;
  cmd: string[];
  healthcheck: string;
}

/** Performs every stage's filesystem steps; returns what `docker run` needs. */
async function build(work: string): Promise<Built> {
  const roots = new Map<string, string>();
  let last: { workdir: string; env: Record<string, string>; cmd: string[] | null; healthcheck: string | null } | null = null;
  for (const [index, stage] of stages.entries()) {
    const name = stage.name ?? String(index);
    const root = path.join(work, name);
    mkdirSync(root, { recursive: true });
    roots.set(name, root);
    const inRoot = (p: string) => path.join(root, p);
    let workdir = '/';
    const env: Record<string, string> = {};
    let cmd: string[] | null = null;
    let healthcheck: string | null = null;
    for (const ins of stage.instructions) {
      switch (ins.op) {
        case 'WORKDIR':
          workdir = path.posix.resolve(workdir, ins.args);
          mkdirSync(inRoot(workdir), { recursive: true });
          break;
        case 'COPY': {
          const copy = parseCopy(ins.args);
          const dest = path.posix.resolve(workdir, copy.dest);
          for (const source of copy.sources) {
            let from: string;
            if (copy.from) {
              const other = roots.get(copy.from);
              assert.ok(other, `line ${ins.line}: COPY --from=${copy.from} names no earlier stage`);
              from = path.join(other, source);
            } else {
              assert.ok(!ignored(source), `line ${ins.line}: COPY ${source} is excluded by .dockerignore`);
              from = path.join(PROJECT_ROOT, source);
            }
            assert.ok(existsSync(from), `line ${ins.line}: COPY source ${source} does not exist`);
            const target = copy.dest.endsWith('/') || copy.sources.length > 1 ? path.posix.join(dest, path.posix.basename(source)) : dest;
            cpSync(from, inRoot(target), {
              recursive: true,
              filter: (src) => copy.from !== null || !ignored(path.relative(PROJECT_ROOT, src).split(path.sep).join('/')),
            });
          }
          break;
        }
        case 'RUN':
          for (const step of ins.args.split('&&').map((s) => s.trim())) {
            if (/^npm ci\b/.test(step)) {
              assert.match(step, /--omit=dev/, 'production dependencies only');
              const args = [...step.split(/\s+/).slice(1), '--prefer-offline', '--no-audit', '--no-fund'];
              const result = await run('npm', args, { cwd: inRoot(workdir) });
              assert.equal(result.code, 0, `npm ${args.join(' ')} failed:\n${result.output}`);
            } else if (/^npm cache clean\b/.test(step) || /^chown\b/.test(step)) {
              // See the header: skipped on purpose.
            } else if (/^mkdir -p /.test(step)) {
              for (const dir of step.split(/\s+/).slice(2)) mkdirSync(inRoot(path.posix.resolve(workdir, dir)), { recursive: true });
            } else {
              assert.fail(`line ${ins.line}: the test script does not know how to perform RUN step "${step}"; teach test/deploy/docker-steps.test.ts`);
            }
          }
          break;
        case 'ENV':
          Object.assign(env, parseEnv(ins.args));
          break;
        case 'CMD':
          cmd = execForm(ins.args);
          assert.ok(cmd, 'CMD in exec form, so node is PID 1 and receives SIGTERM itself');
          break;
        case 'HEALTHCHECK':
          healthcheck = healthcheckCommand(ins.args);
          break;
        case 'USER':
        case 'VOLUME':
        case 'EXPOSE':
          break;
        default:
          assert.fail(`line ${ins.line}: instruction ${ins.op} is not known to the test script`);
      }
    }
    last = { workdir: inRoot(workdir), env, cmd, healthcheck };
  }
  assert.ok(last?.cmd && last.healthcheck, 'the final stage has a CMD and a HEALTHCHECK');
  // Container paths in ENV (BRIEFBOT_DATA_DIR=/data) point into the final stage's root.
  const finalRoot = [...roots.values()].at(-1)!;
  const env = Object.fromEntries(Object.entries(last.env).map(([k, v]) => [k, v.startsWith('/') ? path.join(finalRoot, v) : v]));
  return { roots, workdir: last.workdir, env, cmd: last.cmd, healthcheck: last.healthcheck };
}

function finalStage(): Stage {
  return stages.at(-1)!;
}

describe('Dockerfile', () => {
  it('is multi-stage on node:24-slim, production deps only, non-root, with a HEALTHCHECK on /healthz, PORT and a /data volume', () => {
    assert.ok(stages.length >= 2, 'multi-stage');
    for (const stage of stages) assert.equal(stage.image, 'node:24-slim');
    const ops = (stage: Stage, op: string) => stage.instructions.filter((i) => i.op === op).map((i) => i.args);
    assert.ok(stages.some((s) => ops(s, 'RUN').some((r) => /npm ci\b.*--omit=dev/.test(r))), 'npm ci --omit=dev');
    const final = finalStage();
    const user = ops(final, 'USER').at(-1);
    assert.ok(user && !/^(root|0)(:|$)/.test(user), `runs as a non-root user (USER ${user})`);
    assert.match(healthcheckCommand(ops(final, 'HEALTHCHECK').at(-1) ?? ''), /\/healthz/);
    const env = Object.assign({}, ...ops(final, 'ENV').map(parseEnv)) as Record<string, string>;
    assert.ok(Number(env.PORT) > 0, 'PORT is set, so the HTTP server (and the HEALTHCHECK) is on');
    assert.equal(env.BRIEFBOT_DATA_DIR, '/data');
    assert.ok(ops(final, 'VOLUME').some((v) => v.includes('/data')), 'the data dir is a volume');
    assert.ok(ops(final, 'COPY').some((c) => /^seeds\s/.test(c)) && ops(final, 'COPY').some((c) => /^config\s/.test(c)), 'seeds and config are in the image (and can be mounted over)');
    for (const secret of ['.env', '.git', 'node_modules']) assert.ok(ignored(secret), `.dockerignore keeps ${secret} out of the build context`);
  });

  it('its steps, performed as a script: install --omit=dev in a copy, start, /healthz and /readyz answer, HEALTHCHECK passes, SIGTERM exits 0', { timeout: 300_000 }, async () => {
    const work = tempDir('briefbot-docker-');
    let child: ReturnType<typeof spawn> | null = null;
    try {
      const built = await build(work);
      assert.ok(!existsSync(path.join(built.workdir, 'node_modules', 'typescript')), 'no dev dependencies installed');
      assert.ok(!existsSync(path.join(built.workdir, 'test')), 'tests are not in the image');
      assert.ok(statSync(path.join(built.workdir, 'node_modules', 'pino')).isDirectory());

      const port = await freePort();
      const env: NodeJS.ProcessEnv = {
        PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
        HOME: work,
        ...built.env,
        PORT: String(port),
        BRIEFBOT_HTTP_HOST: '127.0.0.1',
      };
      assert.ok(env.BRIEFBOT_DATA_DIR && existsSync(env.BRIEFBOT_DATA_DIR), 'the data dir exists (RUN mkdir)');

      // Every production module loads with production dependencies only (platform modules are
      // otherwise imported only when their tokens are set).
      const modules = ['src', 'commands'].flatMap((dir) => (readdirSync(path.join(built.workdir, dir), { recursive: true }) as string[])
        .filter((f) => f.endsWith('.ts')).map((f) => `./${dir}/${f.split(path.sep).join('/')}`));
      const loader = `for (const m of ${JSON.stringify(modules)}) await import(m);`;
      const loaded = await run(process.execPath, ['--disable-warning=ExperimentalWarning', '--input-type=module', '-e', loader], { cwd: built.workdir, env });
      assert.equal(loaded.code, 0, `a module failed to load with production dependencies:\n${loaded.output}`);

      const [command, ...args] = built.cmd;
      assert.equal(command, 'node');
      // `docker run` without -i: stdin is not a terminal and not open for reading.
      child = spawn(process.execPath, args, { cwd: built.workdir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr += d));
      child.stdout!.resume();
      const exited = new Promise<number | null>((resolve) => child!.on('close', (code) => resolve(code)));

      const health = await pollHttp(`http://127.0.0.1:${port}/healthz`, (s) => s === 200, 'healthz', 30_000);
      assert.deepEqual(health.body, { status: 'ok' });
      const ready = await pollHttp(`http://127.0.0.1:${port}/readyz`, (s) => s === 200, 'readyz', 30_000);
      assert.equal(ready.body.ready, true);
      assert.ok(ready.body.checks.corpus.documents > 0, 'the bundled seeds were copied and loaded');

      const check = await run('sh', ['-c', built.healthcheck], { cwd: built.workdir, env });
      assert.equal(check.code, 0, `HEALTHCHECK failed: ${check.output}`);

      child.kill('SIGTERM');
      assert.equal(await exited, 0, stderr);
      assert.match(stderr, /"msg":"stopped"/);
      assert.ok(existsSync(path.join(env.BRIEFBOT_DATA_DIR!, 'briefbot.sqlite')) || readdirSync(env.BRIEFBOT_DATA_DIR!).length > 0, 'the store lives in the data volume');

      // The HEALTHCHECK fails once nothing answers (so Docker would mark the container unhealthy).
      const down = await run('sh', ['-c', built.healthcheck], { cwd: built.workdir, env });
      assert.notEqual(down.code, 0);
    } finally {
      if (child && child.exitCode === null) child.kill('SIGKILL');
      makeWritable(work);
      rmSync(work, { recursive: true, force: true });
    }
  });
});
