import { Counter, type Registry } from 'prom-client';
import type { Metrics } from './metrics-types.ts';

// Metrics of the digest scheduler: the fires this replica handled, and of those the posted and failed.

export function createDigestMetrics(registry: Registry, prefix: string): Pick<Metrics, 'digestFire'> {
  const digestFires = new Counter({
    name: `${prefix}digest_fires_total`,
    help: 'Digest fires handled by this replica, by final status (sent, skipped, failed, missed, unknown, error).',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const digestDeliveries = new Counter({
    name: `${prefix}digest_deliveries_total`,
    help: 'Digests posted by this replica.',
    registers: [registry],
  });
  const digestFailures = new Counter({
    name: `${prefix}digest_failures_total`,
    help: 'Digest fires that could not be prepared or posted (status failed or error).',
    registers: [registry],
  });

  return {
    digestFire(info) {
      digestFires.inc({ status: info.status });
      if (info.status === 'sent') digestDeliveries.inc();
      if (info.status === 'failed' || info.status === 'error') digestFailures.inc();
    },
  };
}
