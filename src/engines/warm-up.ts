// Work the first brief used to do on the event loop: loading compromise (the entity tagger)
// evaluates its lexicon synchronously, ~0.4 s, plus ~60 ms for its first document. Under load
// that was a 0.5–1 s /healthz stall at the first /brief. `briefbot start` does it while starting
// up instead (before /readyz says ready), so no user request pays for it.
import { extractEntities } from './brief-entities.ts';

/** Loads and exercises the entity tagger; resolves with how long it took (ms). */
export async function warmUpEngines(): Promise<number> {
  const started = performance.now();
  await extractEntities('Dmitry Peskov said the Kremlin welcomed the talks with Marco Rubio in Riyadh, Saudi Arabia.');
  return performance.now() - started;
}
