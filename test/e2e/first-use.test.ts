// What a first-time user hits with the CLI, as real processes: one-shot output, exit codes and
// the words of usage errors.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { cleanEnv, runCli, seedsCopy, tempDir } from '../helpers/process.ts';

describe('first use: one-shot verbs', () => {
  it('a one-shot brief does not invite a follow-up it cannot take', async () => {
    const r = await runCli(['brief', 'us-russia', '--seeds', seedsCopy()]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Sources/);
    assert.doesNotMatch(r.stdout, /follow up/i);
  });

  it('topics says "1 document", not "1 documents"', async () => {
    const r = await runCli(['topics', '--seeds', seedsCopy()]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'us-russia\tUS–Russia relations\t1 document\n');
  });
});

describe('first use: the console as a script', () => {
  it('answers a piped script of more lines than the chat rate limit allows a minute', async () => {
    const lines = Array.from({ length: 25 }, () => '/topics');
    const r = await runCli(['start'], { env: cleanEnv({ BRIEFBOT_SEEDS: seedsCopy() }), input: `${lines.join('\n')}\n` });
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /faster than I can brief/);
    assert.equal(r.stdout.match(/Brief one with/g)?.length, 25);
  });
});

describe('first use: check validates what start validates', () => {
  it('a digest with an unknown timezone and an irregular schedule fails check and start alike, listed, without a stack trace', async () => {
    const config = path.join(tempDir(), 'digests.yaml');
    writeFileSync(config, 'digests:\n  - platform: console\n    channel: local\n    topic: us-russia\n    schedule: every 7 hours\n    timezone: Europe/Berln\n');
    const env = cleanEnv({ BRIEFBOT_SEEDS: seedsCopy(), BRIEFBOT_CONFIG: config });
    const check = await runCli(['check'], { env });
    const start = await runCli(['start'], { env, input: '/topics\n' });
    for (const [verb, r] of [['check', check], ['start', start]] as const) {
      assert.equal(r.code, 1, `${verb}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /Invalid configuration:\n {2}- digests\.0\.timezone: "Europe\/Berln" is not a timezone I know\. Did you mean "Europe\/Berlin"/, verb);
      assert.match(r.stderr, /\n {2}- digests\.0\.schedule: "every 7 hours" cannot be a regular cron schedule/, verb);
      assert.doesNotMatch(r.stderr, /\bat \S+ \(file:|"stack"/, `${verb} printed a stack trace:\n${r.stderr}`);
      assert.doesNotMatch(r.stdout, /Config: OK|Topics/, verb);
    }
  });

  it('check reports the config digests it validated', async () => {
    const config = path.join(tempDir(), 'digests.yaml');
    writeFileSync(config, 'digests:\n  - platform: console\n    channel: local\n    topic: us-russia\n    schedule: every 2 hours\n    timezone: Europe/Berlin\n');
    const r = await runCli(['check'], { env: cleanEnv({ BRIEFBOT_SEEDS: seedsCopy(), BRIEFBOT_CONFIG: config }) });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Digests in config: 1\n/);
  });
});

describe('first use: usage errors', () => {
  it('exits 2 with our own words for a bad flag value, an unknown flag (with a suggestion) and a flag without its value', async () => {
    const seeds = seedsCopy();
    const cases: Array<[string[], RegExp]> = [
      [['brief', 'us-russia', '--engine', 'gpt', '--seeds', seeds], /^--engine must be one of offline, openai \(got "gpt"\)\n/],
      [['brief', 'us-russia', '--lenght', 'short', '--seeds', seeds], /^unknown option --lenght; did you mean --length\?\n/],
      [['brief', 'us-russia', '--json=yes', '--seeds', seeds], /^--json takes no value\n/],
      [['topics', '--seeds'], /^--seeds needs a value\n/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /Usage: briefbot/);
      assert.doesNotMatch(r.stderr, /To specify a positional argument|Invalid configuration/);
      assert.equal(r.stdout, '');
    }
  });
});
