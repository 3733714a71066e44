import { Gauge, type Registry } from 'prom-client';
import type { Metrics } from './metrics-types.ts';

// Gauges read at scrape time from what the rest of the code hands in: the corpus size and the
// events in flight. A reader that throws or returns nonsense reports 0.

export function createGaugeMetrics(registry: Registry, prefix: string): Pick<Metrics, 'setDocumentCount' | 'setInflight'> {
  let documentCount: () => number = () => 0;
  new Gauge({
    name: `${prefix}documents_loaded`,
    help: 'Documents in the current corpus snapshot.',
    registers: [registry],
    collect() {
      this.set(safeRead(documentCount));
    },
  });
  let inflight: () => number = () => 0;
  new Gauge({
    name: `${prefix}inflight_events`,
    help: 'Commands and follow-ups being handled right now (graceful shutdown waits for these).',
    registers: [registry],
    collect() {
      this.set(safeRead(inflight));
    },
  });

  return {
    setDocumentCount(read) {
      documentCount = read;
    },
    setInflight(read) {
      inflight = read;
    },
  };
}

function safeRead(read: () => number): number {
  try {
    const n = read();
    return Number.isFinite(n) ? n : 0;
  } catch {
    return 0;
  }
}
