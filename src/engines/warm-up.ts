// Work a first request would otherwise do on the event loop: importing a lazy engine (the OpenAI
// SDK and tokenizer evaluate synchronously, ~0.3 s) and, where briefs name their entities,
// loading compromise (its lexicon, ~0.45 s, plus ~60 ms for its first document). Under load that
// was a 0.5–1 s /healthz stall at the first /brief. `briefbot start` does it while starting up
// (before /readyz says ready), so no user request pays for it; what the configuration does not
// use is not loaded at all.
import { extractEntities } from './brief-entities.ts';
import type { Engine } from './engine-types.ts';
import { isLazyEngine } from './lazy-engine.ts';

/** Loads the engines' lazy parts; resolves with how long it took (ms). */
export async function warmUpEngines(engines: Iterable<Engine>, options: { entities: boolean }): Promise<number> {
  const started = performance.now();
  for (const engine of engines) if (isLazyEngine(engine)) await engine.load();
  if (options.entities) await extractEntities('Dmitry Peskov said the Kremlin welcomed the talks with Marco Rubio in Riyadh, Saudi Arabia.');
  return performance.now() - started;
}
