import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createMemoryLogger } from '../../../src/core/logger.ts';
import type { CommandDefinition } from '../../../commands/command-types.ts';
import { buildCommandPayload, CommandDefinitionError, commandsHash, registerDiscordCommands } from '../../../src/platforms/discord/command-registration.ts';
import { startFakeDiscord } from '../../fakes/discord/fake-discord.ts';

const run = async () => ({ kind: 'text' as const, text: 'ok' });

const definitions: CommandDefinition[] = [
  {
    name: 'brief', description: 'Brief a topic or any question-free text from the documents', example: 'brief us-russia', run,
    options: [
      { name: 'length', description: 'How long the brief should be', type: 'choice', choices: ['short', 'standard', 'detailed'] },
      { name: 'topic', description: 'A topic slug (see /topics) or a few words to search for', type: 'string', required: true, rest: true, autocomplete: true },
    ],
  },
  {
    name: 'ask', description: 'Ask a question; answered from the documents with citations', example: 'ask what?', run,
    options: [
      { name: 'question', description: 'Your question', type: 'string', required: true, rest: true },
      { name: 'limit', description: 'At most this many sources', type: 'integer' },
      { name: 'private', description: 'Only you see the answer', type: 'boolean' },
    ],
  },
  {
    name: 'digest', description: 'Scheduled digests of a topic in this channel', example: 'digest list', run, options: [],
    subcommands: [
      { name: 'subscribe', description: 'Post a digest here on a schedule (channel admins)', options: [
        { name: 'topic', description: 'A topic slug', type: 'string', required: true, autocomplete: true },
        { name: 'when', description: 'e.g. "daily at 08:00"', type: 'string', rest: true },
      ] },
      { name: 'list', description: "This channel's digests", options: [] },
    ],
  },
];

test('payload: option types 3/4/5, choices, autocomplete, required first, subcommands as type 1', () => {
  const payload = buildCommandPayload(definitions) as any[];
  assert.deepEqual(payload.map((c) => c.name), ['brief', 'ask', 'digest']);
  const [brief, ask, digest] = payload;
  assert.equal(brief.type, 1);
  assert.deepEqual(brief.contexts, [0]);
  assert.deepEqual(brief.options, [
    { name: 'topic', description: 'A topic slug (see /topics) or a few words to search for', required: true, type: 3, autocomplete: true },
    { name: 'length', description: 'How long the brief should be', required: false, type: 3, choices: [{ name: 'short', value: 'short' }, { name: 'standard', value: 'standard' }, { name: 'detailed', value: 'detailed' }] },
  ]);
  assert.deepEqual(ask.options.map((o: any) => [o.name, o.type, o.required]), [['question', 3, true], ['limit', 4, false], ['private', 5, false]]);
  assert.deepEqual(digest.options.map((o: any) => [o.name, o.type]), [['subscribe', 1], ['list', 1]]);
  assert.deepEqual(digest.options[0].options.map((o: any) => [o.name, o.type, o.required, o.autocomplete ?? false]), [['topic', 3, true, true], ['when', 3, false, false]]);
  for (const c of payload) assert.equal('rest' in c, false);
});

test('payload: descriptions are cut to 100 characters; invalid definitions are refused with every problem', () => {
  const [cmd] = buildCommandPayload([{ name: 'x', description: 'd'.repeat(150), example: 'x', run, options: [] }]) as any[];
  assert.equal(cmd.description.length, 100);
  assert.throws(
    () => buildCommandPayload([
      { name: 'Bad Name', description: 'x', example: 'x', run, options: [] },
      { name: 'many', description: 'x', example: 'x', run, options: [{ name: 'c', description: 'c', type: 'choice', choices: Array.from({ length: 30 }, (_, i) => `c${i}`) }] },
    ]),
    (error: unknown) => error instanceof CommandDefinitionError && error.problems.length === 2,
  );
});

test('the hash of our payload equals the hash of what Discord returns for it', () => {
  const payload = buildCommandPayload(definitions) as any[];
  const returned = payload.map((c) => ({
    id: '1', application_id: '2', version: '3', default_member_permissions: null, nsfw: false, ...c,
    options: c.options.map((o: any) => {
      const { required, ...rest } = o;
      return required ? o : rest;
    }),
  }));
  assert.equal(commandsHash(returned), commandsHash(payload));
  returned[0].description = 'changed';
  assert.notEqual(commandsHash(returned), commandsHash(payload));
});

test('registration sends only when the definitions changed (global and guild)', async () => {
  const fake = await startFakeDiscord();
  const dir = await mkdtemp(join(tmpdir(), 'briefbot-discord-register-'));
  try {
    const logger = createMemoryLogger();
    const common = { token: fake.token, apiUrl: fake.apiUrl, definitions, logger, stateFile: join(dir, 'state.json') };
    const puts = () => fake.requests.filter((r) => r.method === 'PUT');

    const first = await registerDiscordCommands(common);
    assert.equal(first.changed, true);
    assert.equal(first.applicationId, fake.world.applicationId, 'application id looked up via /applications/@me');
    assert.equal(puts().length, 1);
    assert.equal(puts()[0].path, `/applications/${fake.world.applicationId}/commands`);
    assert.deepEqual(puts()[0].body, JSON.parse(JSON.stringify(buildCommandPayload(definitions))));
    assert.deepEqual(fake.commands.global.map((c) => c.name), ['brief', 'ask', 'digest']);
    assert.equal(JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')).hash, first.hash);

    const second = await registerDiscordCommands(common);
    assert.equal(second.changed, false);
    assert.equal(puts().length, 1, 'unchanged: nothing sent');
    assert.ok(fake.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/commands')).length >= 2, 'compared with what Discord has');

    const edited = definitions.map((d) => (d.name === 'ask' ? { ...d, description: 'Ask anything about the documents' } : d));
    const third = await registerDiscordCommands({ ...common, definitions: edited, applicationId: fake.world.applicationId });
    assert.equal(third.changed, true);
    assert.equal(puts().length, 2);

    const guild = await registerDiscordCommands({ ...common, guildId: fake.world.guildId });
    assert.equal(guild.changed, true);
    assert.equal(guild.scope, `guild:${fake.world.guildId}`);
    assert.equal(puts().at(-1)!.path, `/applications/${fake.world.applicationId}/guilds/${fake.world.guildId}/commands`);
    assert.equal((await registerDiscordCommands({ ...common, guildId: fake.world.guildId })).changed, false);
    assert.ok(fake.requests.every((r) => r.authorized), 'bot token sent on every call');
    assert.ok(!JSON.stringify(logger.lines).includes(fake.token), 'token never logged');
  } finally {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('the discord:register CLI verb: guild or global, prints what it did and the invite URL; clear errors', async () => {
  const { registerFromCli } = await import('../../../src/platforms/discord/register-cli.ts');
  const { UserFacingError } = await import('../../../src/core/errors.ts');
  const fake = await startFakeDiscord();
  const dir = await mkdtemp(join(tmpdir(), 'briefbot-discord-cli-'));
  try {
    const config = (token: string | null) => ({ platforms: { discord: { settings: { guildId: null }, secrets: { token }, endpoints: { apiUrl: fake.apiUrl } } }, store: { dataDir: dir } }) as unknown as Parameters<typeof registerFromCli>[0]['config'];
    const lines: string[] = [];
    const run = (token: string | null, guildId: string | null) => registerFromCli({ config: config(token), logger: createMemoryLogger(), guildId, definitions, print: (l) => lines.push(l) });

    assert.equal(await run(fake.token, fake.world.guildId), 0);
    assert.equal(await run(fake.token, fake.world.guildId), 0);
    assert.equal(lines[0], `Registered 3 commands in guild ${fake.world.guildId}.`);
    assert.match(lines[1], /^Invite URL: https:\/\/discord\.com\/oauth2\/authorize\?client_id=\d+&scope=bot\+applications\.commands&permissions=309237730304$/);
    assert.equal(lines[2], `Commands unchanged in guild ${fake.world.guildId}: nothing sent.`);
    assert.equal(fake.commands.guild.get(fake.world.guildId)?.length, 3);

    // Without a list it registers the router's own commands, and loads no corpus: the seed
    // folder named in the config does not exist.
    const missingSeeds = { ...config(fake.token), seeds: { paths: [join(dir, 'no-such-folder')] } } as unknown as Parameters<typeof registerFromCli>[0]['config'];
    const { baseCommands } = await import('../../../commands/index.ts');
    assert.equal(await registerFromCli({ config: missingSeeds, logger: createMemoryLogger(), guildId: fake.world.guildId, print: (l) => lines.push(l) }), 0);
    assert.deepEqual(fake.commands.guild.get(fake.world.guildId)?.map((c) => c.name).sort(), baseCommands.map((c) => c.name).sort());

    // Without --guild, the `discord.guildId` setting (DISCORD_GUILD_ID) names the guild.
    const withGuildSetting = { ...config(fake.token), platforms: { discord: { settings: { guildId: fake.world.guildId }, secrets: { token: fake.token }, endpoints: { apiUrl: fake.apiUrl } } } } as unknown as Parameters<typeof registerFromCli>[0]['config'];
    assert.equal(await registerFromCli({ config: withGuildSetting, logger: createMemoryLogger(), definitions, print: (l) => lines.push(l) }), 0);
    assert.equal(lines.at(-2), `Registered 3 commands in guild ${fake.world.guildId}.`);

    await assert.rejects(run(null, null), (e: unknown) => e instanceof UserFacingError && e.code === 'discord_token_missing');
    await assert.rejects(run('not-the-token', null), (e: unknown) => e instanceof UserFacingError && e.code === 'discord_token_invalid' && !e.message.includes('not-the-token'));
  } finally {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  }
});
