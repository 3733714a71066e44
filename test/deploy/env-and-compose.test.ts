// .env.example lists every variable the code reads (found by scanning the source, so a new one
// without documentation fails here), and compose.yaml has the shape the README promises.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../src/config/load.ts';

/** Read by the code but owned by the operating system, not by briefbot's configuration. */
const SYSTEM = new Set(['PATH', 'HOME', 'USER']);

function files(dir: string): string[] {
  const root = path.join(PROJECT_ROOT, dir);
  return (readdirSync(root, { recursive: true }) as string[])
    .filter((f) => /\.(ts|js|mjs)$/.test(f))
    .map((f) => path.join(root, f));
}

/** Every environment variable name the source reads, with one file that reads it. */
function variablesRead(): Map<string, string> {
  const found = new Map<string, string>();
  const add = (name: string, file: string) => {
    if (!SYSTEM.has(name) && !found.has(name)) found.set(name, path.relative(PROJECT_ROOT, file));
  };
  for (const file of [...files('src'), ...files('commands'), ...files('bin'), ...files('bench')]) {
    const text = readFileSync(file, 'utf8');
    const patterns = [
      /\benv(?:\?)?\.([A-Z][A-Z0-9_]+)\b/g, // process.env.X, env.X
      /\benv\[['"]([A-Z][A-Z0-9_]+)['"]\]/g, // env['X']
      /\benv:\s*['"]([A-Z][A-Z0-9_]+)['"]/g, // { env: 'X', path: [...] } (config/load.ts)
      /\b(?:get|url)\(['"]([A-Z][A-Z0-9_]+)['"]\)/g, // readSecrets: get('X'), url('X')
      /_ENV\s*=\s*['"]([A-Z][A-Z0-9_]+)['"]/g, // SHUTDOWN_TIMEOUT_ENV = 'X'
    ];
    for (const re of patterns) for (const m of text.matchAll(re)) add(m[1]!, file);
  }
  for (const file of files('test')) {
    for (const m of readFileSync(file, 'utf8').matchAll(/process\.env\.([A-Z][A-Z0-9_]+)/g)) add(m[1]!, file);
  }
  return found;
}

const example = readFileSync(path.join(PROJECT_ROOT, '.env.example'), 'utf8');
const listed = new Set([...example.matchAll(/^(?:#\s*)?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!));
const composeText = readFileSync(path.join(PROJECT_ROOT, 'compose.yaml'), 'utf8');

describe('.env.example', () => {
  it('lists every environment variable the code reads', () => {
    const read = variablesRead();
    for (const name of ['OPENAI_API_KEY', 'SLACK_BOT_TOKEN', 'DISCORD_TOKEN', 'DATABASE_URL', 'PORT', 'LOG_LEVEL', 'BRIEFBOT_SHUTDOWN_TIMEOUT_MS', 'TEST_DATABASE_URL']) {
      assert.ok(read.has(name), `the scan finds ${name} (sanity check of the scan itself)`);
    }
    const missing = [...read].filter(([name]) => !listed.has(name)).map(([name, file]) => `${name} (read in ${file})`);
    assert.deepEqual(missing, [], 'add these to .env.example with a comment');
  });

  it('lists nothing stale, and every variable has a comment above it', () => {
    const read = variablesRead();
    const stale = [...listed].filter((name) => !read.has(name) && !composeText.includes(`\${${name}`));
    assert.deepEqual(stale, [], 'listed but read neither by the code nor by compose.yaml');
    const lines = example.split('\n');
    for (const [i, line] of lines.entries()) {
      if (!/^(?:#\s*)?[A-Z][A-Z0-9_]+=/.test(line)) continue;
      let j = i - 1;
      while (j >= 0 && /^(?:#\s*)?[A-Z][A-Z0-9_]+=/.test(lines[j]!)) j--;
      assert.ok(j >= 0 && /^# \S/.test(lines[j]!) && !/^# ─/.test(lines[j]!), `${line.replace(/^#\s*/, '')} has a comment above it`);
    }
  });

  it('holds no values for secrets', () => {
    for (const name of ['OPENAI_API_KEY', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'DISCORD_TOKEN', 'DATABASE_URL', 'POSTGRES_PASSWORD']) {
      assert.match(example, new RegExp(`^(?:#\\s*)?${name}=$`, 'm'), `${name} is empty`);
    }
  });
});

describe('compose.yaml', () => {
  const compose = parse(composeText, { merge: true }) as { services: Record<string, any>; volumes: Record<string, unknown> };

  it('runs briefbot on PostgreSQL 16 with a volume, env from .env, healthchecks and service_healthy ordering', () => {
    const { postgres, briefbot } = compose.services;
    assert.equal(postgres.image, 'postgres:16');
    assert.ok(postgres.volumes.some((v: string) => /^pgdata:\/var\/lib\/postgresql\/data$/.test(v)));
    assert.ok('pgdata' in compose.volumes);
    assert.match(JSON.stringify(postgres.healthcheck.test), /pg_isready/);

    assert.equal(briefbot.build, '.');
    assert.deepEqual([briefbot.env_file].flat(), ['.env']);
    assert.equal(briefbot.depends_on.postgres.condition, 'service_healthy');
    assert.match(briefbot.environment.DATABASE_URL, /^postgres:\/\/\$\{POSTGRES_USER[^}]*\}:\$\{POSTGRES_PASSWORD[^}]*\}@postgres:5432\//);
    assert.ok(Number(briefbot.environment.PORT) > 0);
    assert.match(JSON.stringify(briefbot.healthcheck.test), /\/readyz|\/healthz/);
    assert.ok(briefbot.volumes.includes('./seeds:/app/seeds:ro'));
    assert.ok(/^\d+s$/.test(briefbot.stop_grace_period) && parseInt(briefbot.stop_grace_period, 10) > 10, 'longer than the 10 s shutdown bound');
  });

  it('has a second replica on the same PostgreSQL', () => {
    const replicas = Object.entries(compose.services).filter(([, s]) => s.build === '.' && /@postgres:5432\//.test(s.environment?.DATABASE_URL ?? ''));
    const scaled = Object.values(compose.services).some((s) => (s.deploy?.replicas ?? 1) > 1);
    assert.ok(replicas.length >= 2 || scaled, 'two briefbot services (or deploy.replicas > 1) share the database');
    const ports = replicas.flatMap(([, s]) => (s.ports ?? []).map((p: string) => p.split(':')[0]));
    assert.equal(new Set(ports).size, ports.length, 'replicas do not fight over a host port');
  });

  it('every ${VAR} it interpolates is documented in .env.example', () => {
    const used = new Set([...composeText.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!));
    assert.deepEqual([...used].filter((name) => !listed.has(name)), []);
  });
});
