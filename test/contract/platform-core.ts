// The real core for the platform contract: createBriefbot over a temp seeds folder the contract
// writes, the in-memory store, the offline engine, and its reply path behind a recording sink.
import { rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config/load.ts';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { createBriefbot, type Briefbot } from '../../src/main.ts';
import type { PlatformContext, PlatformEntry } from '../../src/platforms/platform-entry.ts';
import { PLATFORMS } from '../../src/platforms/registry.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { tempDir } from '../helpers/process.ts';
import { writeContractSeeds } from './platform-seeds.ts';
import { createRecordingSink, type RecordingSink } from './recording-sink.ts';

export interface ContractCore {
  app: Briefbot;
  /** What the platform is started with: the app's reply path, recorded. */
  sink: RecordingSink;
  logger: ReturnType<typeof createMemoryLogger>;
  /** The context start.ts would hand a registry entry. */
  context(): PlatformContext;
  close(): Promise<void>;
}

export interface ContractCoreOptions {
  /** The platforms the configuration knows (default: the registry's). */
  platforms?: readonly PlatformEntry[];
  /** Environment besides the contract's own (a platform's secrets and endpoints). */
  env?: Record<string, string>;
}

export async function createContractCore(options: ContractCoreOptions = {}): Promise<ContractCore> {
  const seeds = tempDir('briefbot-contract-seeds-');
  const data = tempDir('briefbot-contract-data-');
  writeContractSeeds(seeds);
  const loaded = loadConfig({
    env: { ...options.env, BRIEFBOT_SEEDS: seeds, BRIEFBOT_DATA_DIR: data, BRIEFBOT_ENGINE: 'offline', LOG_LEVEL: 'warn' },
    platforms: options.platforms ?? PLATFORMS,
  });
  if (!loaded.ok) throw new Error(`config: ${loaded.issues.join('; ')}`);
  const config = loaded.config;
  // The suite sends more commands than a chat user may in a minute.
  config.limits.commandsPerUserPerMinute = 10_000;
  const logger = createMemoryLogger();
  const app = await createBriefbot({ config, logger, store: createMemoryStore(), watch: false, onLoadProgress: () => {} });
  return {
    app,
    sink: createRecordingSink(app.replies),
    logger,
    context: () => ({
      config: app.config,
      logger: logger.child({ platform: 'contract' }),
      firstSeen: (key) => app.commandStore.claim(key, randomUUID(), 24 * 60 * 60 * 1000),
      onAck: () => {},
      stopTimeoutMs: 5000,
      httpPort: 0,
      httpMounted: false,
    }),
    async close() {
      await app.close();
      rmSync(seeds, { recursive: true, force: true });
      rmSync(data, { recursive: true, force: true });
    },
  };
}
