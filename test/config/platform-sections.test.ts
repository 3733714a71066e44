// A platform's settings, env vars, secrets and checks come from its registry entry: a made-up
// `webhook` platform gets its own section without any change to src/config, and Slack and
// Discord keep every behaviour they had when the loader named them.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { z } from 'zod';
import { loadConfig, PROJECT_ROOT, type ConfigResult } from '../../src/config/load.ts';
import { definePlatformSection } from '../../src/config/platform-section.ts';
import type { Config } from '../../src/config/schema.ts';
import { secretValues } from '../../src/config/secrets.ts';
import { createLogger } from '../../src/core/logger.ts';
import type { PlatformEntry } from '../../src/platforms/platform-entry.ts';
import { PLATFORMS } from '../../src/platforms/registry.ts';
import { discordConfig } from '../../src/platforms/discord/discord-config.ts';
import { slackConfig } from '../../src/platforms/slack/slack-config.ts';

const webhookConfig = definePlatformSection({
  name: 'webhook',
  settings: z.strictObject({
    channel: z.string().min(1).default('general'),
    retries: z.number().int().min(0).default(3),
  }),
  envSettings: [{ env: 'WEBHOOK_RETRIES', path: ['retries'], kind: 'int' }],
  secrets: { url: { env: 'WEBHOOK_URL', url: true } },
  check: ({ settings, secrets }) => (settings.channel === 'nowhere' && secrets.url ? ['webhook.channel: "nowhere" cannot receive posts'] : []),
});

const webhookEntry: PlatformEntry = {
  name: webhookConfig.name,
  config: webhookConfig,
  enabled: (config) => Boolean(webhookConfig.of(config).secrets.url),
  create: () => Promise.reject(new Error('not run in this test')),
};

const WITH_WEBHOOK = [...PLATFORMS, webhookEntry];

const dirs: string[] = [];
after(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function load(yaml: string, env: NodeJS.ProcessEnv = {}, platforms = WITH_WEBHOOK): Promise<ConfigResult> {
  const dir = await mkdtemp(join(tmpdir(), 'briefbot-platform-config-'));
  dirs.push(dir);
  const file = join(dir, 'config.yaml');
  await writeFile(file, yaml);
  return loadConfig({ platforms, env: { BRIEFBOT_CONFIG: file, ...env } });
}

function loaded(result: ConfigResult): Config {
  assert.ok(result.ok, JSON.stringify(!result.ok && result.issues));
  return result.config;
}

function issues(result: ConfigResult): string[] {
  assert.equal(result.ok, false, 'the configuration is refused');
  return result.ok ? [] : result.issues;
}

describe('a platform declares its own configuration', () => {
  it('its section is parsed with defaults, set by its env vars, and read back typed by the platform', async () => {
    const url = 'https://hooks.example/T000/B000/XXXXsecretXXXX';
    const config = loaded(await load('webhook:\n  channel: news\n', { WEBHOOK_RETRIES: '5', WEBHOOK_URL: `  ${url}  ` }));
    const own = webhookConfig.of(config);
    assert.deepEqual(own, { settings: { channel: 'news', retries: 5 }, secrets: { url }, endpoints: {} });
    assert.ok(webhookEntry.enabled(config));
    assert.ok(config.sources.includes('env WEBHOOK_RETRIES'));
    assert.ok(!('webhook' in config), 'platform settings live under config.platforms only');

    const defaults = webhookConfig.of(loaded(await load('{}\n')));
    assert.deepEqual(defaults, { settings: { channel: 'general', retries: 3 }, secrets: { url: null }, endpoints: {} });
  });

  it('its problems are listed together with every other one, by dotted path', async () => {
    const result = await load('webhook:\n  colour: blue\n  retries: -1\nslack:\n  colour: red\nlimits:\n  conversationTurns: -1\n', {
      WEBHOOK_URL: 'not a url', SLACK_API_URL: 'also not a url', PORT: 'eighty', WEBHOOK_RETRIES: 'many',
    });
    const text = issues(result).join('\n');
    for (const expected of [
      'webhook: unknown setting(s) "colour"',
      'webhook.retries:',
      'webhook.retries (from WEBHOOK_RETRIES): expected a whole number, got "many"',
      'slack: unknown setting(s) "colour"',
      'limits.conversationTurns:',
      'http.port (from PORT): expected a whole number, got "eighty"',
      'WEBHOOK_URL: expected a URL such as https://example.com/api/, got something else',
      'SLACK_API_URL: expected a URL such as https://example.com/api/, got something else',
    ]) assert.ok(text.includes(expected), `${expected} missing from:\n${text}`);
  });

  it('its cross-checks run once everything parsed', async () => {
    const result = await load('webhook:\n  channel: nowhere\n', { WEBHOOK_URL: 'https://hooks.example/x' });
    assert.deepEqual(issues(result), ['webhook.channel: "nowhere" cannot receive posts']);
  });

  it('its secrets are scrubbed from logs whole; its endpoints for the credentials they carry', async () => {
    const hook = 'https://hooks.example/T000/B000/XXXXsecretXXXX';
    const config = loaded(await load('{}\n', {
      WEBHOOK_URL: hook, SLACK_BOT_TOKEN: 'xoxb-bot-1', SLACK_APP_TOKEN: 'xapp-app-1', SLACK_SIGNING_SECRET: 'signing-1',
      SLACK_API_URL: 'http://slackuser:SlackPass0rd@proxy.example/api/', DISCORD_TOKEN: 'discord-token-1',
      DISCORD_API_URL: 'http://discorduser:DiscordPass0rd@proxy.example/api', OPENAI_API_KEY: 'sk-key-1',
    }));
    const values = secretValues(config);
    for (const secret of [hook, 'xoxb-bot-1', 'xapp-app-1', 'signing-1', 'discord-token-1', 'sk-key-1', 'SlackPass0rd', 'DiscordPass0rd']) {
      assert.ok(values.includes(secret), `${secret} is scrubbed`);
    }
    assert.ok(!values.includes('http://slackuser:SlackPass0rd@proxy.example/api/'), 'an endpoint itself stays readable in logs');

    const lines: string[] = [];
    const logger = createLogger({ level: 'info', pretty: false, secrets: values, destination: { write: (s: string) => { lines.push(s); } } });
    logger.warn({ target: hook }, `posting to ${hook} with xoxb-bot-1 failed`);
    assert.ok(!lines.join('').includes('XXXXsecretXXXX') && !lines.join('').includes('xoxb-bot-1'), lines.join(''));
  });

  it('a section may not take a core key or another platform\'s', () => {
    const clash = (name: string): PlatformEntry => ({ ...webhookEntry, name, config: definePlatformSection({ name, settings: z.strictObject({}) }) });
    assert.throws(() => loadConfig({ platforms: [...PLATFORMS, clash('log')], env: {} }), /"log" clashes/);
    assert.throws(() => loadConfig({ platforms: [...PLATFORMS, clash('slack')], env: {} }), /"slack" clashes/);
  });

  it('without the registry, the platform sections of the files are unknown settings', async () => {
    const text = issues(await load('{}\n', {}, [])).join('\n');
    assert.match(text, /\(top level\): unknown setting\(s\) "slack", "discord"/);
  });
});

describe('Slack and Discord sections, from their entries', () => {
  it('keep the `slack:` and `discord:` settings and defaults of the files', async () => {
    const config = loaded(await load('{}\n', {}, [...PLATFORMS]));
    assert.deepEqual(slackConfig.of(config).settings, { adminUserIds: [], command: '/brief' });
    assert.deepEqual(discordConfig.of(config).settings, { guildId: null, createThreads: true, messageContent: false });
    assert.deepEqual(Object.keys(config.platforms), ['slack', 'discord']);

    const set = loaded(await load('slack:\n  command: /news\ndiscord:\n  createThreads: false\n', { SLACK_ADMIN_USER_IDS: 'U1, U2:U3', DISCORD_GUILD_ID: '123' }));
    assert.deepEqual(slackConfig.of(set).settings, { adminUserIds: ['U1', 'U2', 'U3'], command: '/news' });
    assert.deepEqual(discordConfig.of(set).settings, { guildId: '123', createThreads: false, messageContent: false });
    assert.ok(set.sources.includes('env SLACK_ADMIN_USER_IDS') && set.sources.includes('env DISCORD_GUILD_ID'));
  });

  it('read their secrets from the environment, trimmed, empty as unset', async () => {
    const config = loaded(await load('{}\n', { SLACK_BOT_TOKEN: ' xoxb-1 ', SLACK_APP_TOKEN: 'xapp-1', SLACK_SIGNING_SECRET: '   ', DISCORD_TOKEN: '', SLACK_API_URL: 'https://slack-gov.com/api/' }));
    assert.deepEqual(slackConfig.of(config).secrets, { botToken: 'xoxb-1', appToken: 'xapp-1', signingSecret: null });
    assert.deepEqual(slackConfig.of(config).endpoints, { apiUrl: 'https://slack-gov.com/api/' });
    assert.deepEqual(discordConfig.of(config), { settings: discordConfig.of(config).settings, secrets: { token: null }, endpoints: { apiUrl: null } });
  });

  it('an unknown setting under `slack:` is reported by its dotted path', async () => {
    assert.deepEqual(issues(await load('slack:\n  comand: /news\n')), ['slack: unknown setting(s) "comand"']);
    assert.match(issues(await load('slack:\n  command: "/Not A Command"\n')).join('\n'), /^slack\.command: /m);
  });

  it('a bad SLACK_API_URL or DISCORD_API_URL is refused with the same message, without quoting it', async () => {
    assert.deepEqual(issues(await load('{}\n', { SLACK_API_URL: 'slack dot com', DISCORD_API_URL: '::' })), [
      'SLACK_API_URL: expected a URL such as https://example.com/api/, got something else',
      'DISCORD_API_URL: expected a URL such as https://example.com/api/, got something else',
    ]);
  });

  it('SLACK_BOT_TOKEN alone is refused: Slack needs Socket Mode or HTTP mode', async () => {
    assert.deepEqual(issues(await load('{}\n', { SLACK_BOT_TOKEN: 'xoxb-1' })), [
      'SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is',
    ]);
    loaded(await load('{}\n', { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }));
  });

  it('every env var a platform declares is documented in the README configuration table', () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    for (const { config: section } of PLATFORMS) {
      const names = [
        ...(section.envSettings ?? []).map((s) => s.env),
        ...Object.values(section.secrets ?? {}).map((s) => s.env),
        ...Object.values(section.endpoints ?? {}).map((s) => s.env),
      ];
      for (const name of names) assert.match(readme, new RegExp(`^\\| \`${name}\` \\|`, 'm'), `${name} (${section.name}) is in the README table`);
    }
  });
});
