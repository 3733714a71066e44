// What a configuration does not use is not loaded (start-up time and memory): the model's SDK and
// tokenizer only with a model, the chat SDKs only with their tokens, the entity tagger only where
// entities are shown (`brief --json`), pg only with DATABASE_URL, prom-client only with a port. Checked on real processes with a
// preload that records every module they resolve, so a static import added anywhere on the way
// (a value import of a type, a helper pulled from the wrong file) fails here.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../src/config/load.ts';
import { CLI, cleanEnv, seedsCopy, tempDir } from '../helpers/process.ts';

const RECORDER = path.join(PROJECT_ROOT, 'test', 'helpers', 'record-loads.ts');
const MODEL = ['openai', 'gpt-tokenizer'];
const CHAT = ['@slack/bolt', '@slack/web-api', 'discord.js', '@discordjs/ws'];
const TAGGER = ['compromise'];
const FEEDS = ['feedsmith', 'linkedom', '@mozilla/readability'];
const POSTGRES = ['pg'];
/** Only a process with an HTTP port serves /metrics. */
const METRICS = ['prom-client'];

/** The packages (node_modules/<name>) a run of the CLI loaded, and its output. */
async function loadedPackages(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<{ packages: Set<string>; stdout: string; code: number | null }> {
  const record = path.join(tempDir('briefbot-loads-'), 'loaded.txt');
  const recorder = `${pathToFileURL(RECORDER).href}?out=${encodeURIComponent(record)}`;
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', '--import', recorder, CLI, ...args], {
    cwd: PROJECT_ROOT,
    env: cleanEnv({ BRIEFBOT_SEEDS: seedsCopy(), ...options.env }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(options.input ?? '');
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, stderr);
  const packages = new Set(readFileSync(record, 'utf8').split('\n').flatMap((url) => {
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    return m ? [m[1]] : [];
  }));
  return { packages, stdout, code };
}

function assertNotLoaded(packages: Set<string>, names: string[], why: string): void {
  const loaded = names.filter((n) => packages.has(n));
  assert.deepEqual(loaded, [], `${why}: ${loaded.join(', ')} loaded`);
}

describe('what a configuration does not use is not loaded', () => {
  it('an offline console session without a port loads neither a model, a chat SDK, the entity tagger, feeds parsing, pg nor prom-client', async () => {
    const { packages, stdout } = await loadedPackages(['start'], { input: '/brief us-russia\nwhat did Peskov say?\n/topics\n/feeds list\n' });
    assert.match(stdout, /Dmitry Peskov/, 'the session was answered');
    assert.ok(packages.has('yaml'), 'the recorder sees packages');
    assertNotLoaded(packages, [...MODEL, ...CHAT, ...TAGGER, ...FEEDS, ...POSTGRES, ...METRICS], 'offline console');
  });

  it('a one-shot text brief does not load the entity tagger; brief --json does, and names entities', async () => {
    const text = await loadedPackages(['brief', 'us-russia']);
    assert.match(text.stdout, /Dmitry Peskov/);
    assertNotLoaded(text.packages, [...MODEL, ...CHAT, ...TAGGER, ...FEEDS, ...POSTGRES], 'brief (text)');
    const json = await loadedPackages(['brief', 'us-russia', '--json']);
    assert.ok(json.packages.has('compromise'));
    const brief = JSON.parse(json.stdout);
    assert.ok(brief.entities.people.includes('Dmitry Peskov'), JSON.stringify(brief.entities));
    assert.ok(brief.entities.organizations.includes('Kremlin'), JSON.stringify(brief.entities));
  });

  it('with a model configured, a verb that asks it nothing does not load it', async () => {
    const { packages, stdout } = await loadedPackages(['topics'], { env: { OPENAI_API_KEY: 'sk-not-used', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } });
    assert.match(stdout, /us-russia/);
    assertNotLoaded(packages, [...MODEL, ...CHAT, ...TAGGER], 'topics with a model configured');
  });
});
