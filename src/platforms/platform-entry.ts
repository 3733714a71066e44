// What a chat platform declares to be run: its part of the configuration, whether that enables
// it, how to build it (its SDK is imported only then), and the HTTP paths it serves on the ops
// port. The config loader, start.ts and cli.ts read these entries and name no platform.
import type { PlatformSection } from '../config/platform-section.ts';
import type { Config } from '../config/schema.ts';
import type { Logger } from '../core/logger.ts';
import type { HttpHandler } from '../ops/http-server.ts';
import type { ChatPlatform } from './platform-types.ts';

export interface PlatformContext {
  config: Config;
  logger: Logger;
  /** True the first time a key is seen (store-backed): de-duplicates redeliveries across replicas. */
  firstSeen(key: string): Promise<boolean>;
  /** Observes how long acknowledging an interaction took (the 3-second budgets). */
  onAck(info: { kind: string; ms: number }): void;
  /** Longest wait on stop for replies being posted. */
  stopTimeoutMs: number;
  /** Port the process serves HTTP on (0: none). */
  httpPort: number;
  /** True when the ops server serves this platform's HTTP paths (the platform must not listen itself). */
  httpMounted: boolean;
}

export interface PlatformEntry {
  readonly name: string;
  /**
   * Its settings (the `<name>:` section of the files, with defaults), the env vars that set them,
   * its secrets and endpoints (environment only, scrubbed from logs) and its cross-checks. The
   * entry reads them back, typed, with `config.of(…)`.
   */
  readonly config: PlatformSection;
  /** Its credentials are present. */
  enabled(config: Config): boolean;
  /** Path prefix it serves on the ops HTTP port under this configuration, if any. */
  httpPrefix?(config: Config): string | null;
  create(context: PlatformContext): Promise<ChatPlatform & Partial<HttpHandler>>;
}
