// Discord sharding with real processes: discord.js's ShardingManager (through runShardManager)
// forks `src/cli.ts start` once per shard against the fake Discord, all shards on one PostgreSQL
// database. The fake gateway delivers every interaction to every session, so each command
// reaches both shards and the shared store decides which answers. A shard killed with SIGKILL is
// respawned and identifies again. Also: the digest path when a channel's guild lives on another
// shard (the Discord platform posts over REST). Needs TEST_DATABASE_URL.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { Pool } from 'pg';
import { PROJECT_ROOT } from '../../src/config/load.ts';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { CLI_SCRIPT, parseShardsOption, resolveShardCount, runShardManager, shardChildEnv, startDiscordShards } from '../../src/platforms/discord/sharding.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { startFakeDiscord, type RecordedRequest } from '../fakes/discord/fake-discord.ts';
import { startRig, waitFor, watchUnhandled } from '../faults/rig.ts';

const url = process.env.TEST_DATABASE_URL;
const CLI = path.join(PROJECT_ROOT, 'src', 'cli.ts');

describe('Discord shards', () => {
  it('parses --shards and strips once-per-deployment settings from the shard environment', async () => {
    assert.equal(parseShardsOption('auto'), 'auto');
    assert.equal(parseShardsOption(' 4 '), 4);
    assert.throws(() => parseShardsOption('0'), /--shards must be "auto" or a whole number/);
    assert.throws(() => parseShardsOption('two'), (e: Error & { exitCode?: number }) => /--shards/.test(e.message) && e.exitCode === 2);
    assert.equal(CLI_SCRIPT, CLI);
    await assert.rejects(startDiscordShards({ config: { platforms: { discord: { settings: {}, secrets: { token: null }, endpoints: { apiUrl: null } } } }, logger: createMemoryLogger(), shards: 'auto' }), /set DISCORD_TOKEN/);
    const env = shardChildEnv({ PATH: '/bin', DISCORD_TOKEN: 't', DATABASE_URL: 'postgres://x', SLACK_BOT_TOKEN: 'xoxb', SLACK_SIGNING_SECRET: 's', PORT: '3000' });
    assert.deepEqual(env, { PATH: '/bin', DISCORD_TOKEN: 't', DATABASE_URL: 'postgres://x' });

    const fake = await startFakeDiscord();
    try {
      assert.deepEqual(await resolveShardCount({ token: fake.token, apiUrl: fake.apiUrl }), { shards: 1, remainingSessions: 999 }, "'auto' asks the configured API, not discord.com");
      await assert.rejects(resolveShardCount({ token: 'wrong', apiUrl: fake.apiUrl }), /rejected the bot token/);
    } finally {
      await fake.close();
    }
  });

  it('a digest for a channel whose guild is on another shard is posted over REST', async () => {
    const unhandled = watchUnhandled();
    const fake = await startFakeDiscord();
    const rig = await startRig({ store: createMemoryStore(), discord: { fake } });
    try {
      const { client } = rig.discord!;
      // On a shard that does not own the guild, discord.js has neither the guild nor its channels.
      client.guilds.cache.delete(fake.world.guildId);
      for (const id of Object.values(fake.world.channels)) client.channels.cache.delete(id);
      const reply = { kind: 'brief' as const, brief: await rig.app.services.briefing.brief('us-russia') };
      const { messageId } = await rig.discord!.outbox(`discord:${fake.world.channels.news}`).post(reply, { followUps: true });
      const sent = fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${fake.world.channels.news}/messages`);
      assert.equal(sent.length, 1);
      assert.equal(sent[0].status, 200);
      assert.equal(sent[0].body.embeds.length > 0, true);
      assert.deepEqual(sent[0].body.allowed_mentions.parse, [], 'no pings over REST either');
      assert.ok(messageId);
      // A channel that does not exist still fails clearly.
      await assert.rejects(rig.discord!.outbox('discord:123456789012345678').post(reply, { followUps: true }), /Cannot reach Discord channel/);
    } finally {
      await rig.close();
      await fake.close();
      unhandled.dispose();
    }
    assert.deepEqual(unhandled.reasons, []);
  });

  if (!url) it('shard processes on PostgreSQL', { skip: 'TEST_DATABASE_URL is not set; sharding test skipped' }, () => {});
  else describe('with real shard processes on one PostgreSQL database', () => {
    const database = `bbt_shards_${process.pid}_${Date.now().toString(36)}`;
    let admin: Pool | undefined;
    after(async () => {
      if (!admin) return;
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.end();
    });

    it('two shards: each identifies with its shard id, each command is answered once, a killed shard comes back', async () => {
      admin = new Pool({ connectionString: url, max: 1 });
      await admin.query(`CREATE DATABASE "${database}"`);
      const dbUrl = new URL(url!);
      dbUrl.pathname = `/${database}`;
      const fake = await startFakeDiscord();
      const dataDir = mkdtempSync(path.join(tmpdir(), 'briefbot-shards-'));
      const logger = createMemoryLogger();
      const handle = await runShardManager({
        token: fake.token,
        apiUrl: fake.apiUrl,
        totalShards: 2,
        script: CLI,
        scriptArgs: ['start'],
        execArgv: ['--disable-warning=ExperimentalWarning'],
        env: shardChildEnv({ PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'error', BRIEFBOT_DATA_DIR: dataDir, DATABASE_URL: dbUrl.toString(), BRIEFBOT_SHUTDOWN_TIMEOUT_MS: '3000' }),
        logger,
        spawnDelayMs: 0,
        readyTimeoutMs: 30_000,
        maxRespawnDelayMs: 200,
      });
      try {
        assert.equal(handle.totalShards, 2);
        assert.deepEqual(fake.identifies.map((d) => d.shard).sort(), [[0, 2], [1, 2]], 'each process identified as its own shard');
        assert.equal(process.env['SHARDING_MANAGER'], undefined, "this process's environment is left alone");
        assert.equal(handle.pids().size, 2);

        const app = fake.world.applicationId;
        const finalEdit = (token: string) => (r: RecordedRequest) =>
          r.method === 'PATCH' && r.path === `/webhooks/${app}/${token}/messages/@original` && Array.isArray(r.body?.embeds) && r.body.embeds.length > 0;
        const callbacks = (id: string) => (r: RecordedRequest) => r.method === 'POST' && r.path.startsWith(`/interactions/${id}/`);
        const answeredOnce = async (i: { id: string; token: string }) => {
          await fake.waitForRequest(finalEdit(i.token), 15_000);
          await new Promise((resolve) => setTimeout(resolve, 300));
          // Normally the other shard sees the claim and does nothing. If the store is slower than
          // the platform's claim timeout (1 s; a starved CI machine), both try to acknowledge and
          // Discord refuses the second: still one answer.
          assert.equal(fake.requests.filter((r) => callbacks(i.id)(r) && r.status === 204).length, 1, 'acknowledged by one shard');
          assert.equal(fake.requests.filter(finalEdit(i.token)).length, 1, 'answered once');
        };

        // Every interaction reaches both shards' sessions.
        const first = [fake.sendCommand({ name: 'brief', options: { topic: 'us-russia' } }), fake.sendCommand({ name: 'ask', options: { question: 'what did Peskov say?' } }), fake.sendCommand({ name: 'topics' })];
        for (const i of first) await answeredOnce(i);

        // A shard crashes: it is started again and identifies with the same shard id.
        const [victim, pid] = [...handle.pids()][0];
        process.kill(pid, 'SIGKILL');
        await waitFor(() => fake.identifies.filter((d) => d.shard?.[0] === victim).length >= 2 && handle.pids().get(victim) !== pid && handle.pids().size === 2, 'shard respawned', 30_000);
        await waitFor(() => handle.manager.shards.get(victim)?.ready, 'respawned shard ready', 30_000);
        await answeredOnce(fake.sendCommand({ name: 'brief', options: { topic: 'us-russia' } }));
        assert.ok(logger.lines.some((l) => l.msg === 'shard process exited' && l.shard === victim), 'the death is logged');
      } finally {
        await handle.stop();
        await fake.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
      assert.equal(handle.pids().size, 0, 'every shard process has exited');
      assert.ok(!JSON.stringify(logger.lines).includes(fake.token), 'the token is never logged');
    });
  });
});
