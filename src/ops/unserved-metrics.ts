// Metrics for a process that serves no HTTP port: nobody could scrape them, so nothing is kept
// and prom-client (about 20 MB) is never loaded.
import type { Metrics } from './metrics-types.ts';

export function createUnservedMetrics(): Metrics {
  const ignore = () => {};
  return {
    command: ignore,
    ack: ignore,
    llmCall: ignore,
    llmFallback: ignore,
    digestFire: ignore,
    setDocumentCount: ignore,
    setInflight: ignore,
    text: async () => '',
    contentType: 'text/plain; version=0.0.4; charset=utf-8',
  };
}
