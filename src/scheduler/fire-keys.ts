// A fire is one subscription at one minute; its key names the delivery row replicas race to claim.

/** Fires are keyed by minute: node-cron hands over the slot it computed; seconds carry no meaning here. */
export function floorMinute(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 60_000) * 60_000);
}

export function fireKeyOf(subscriptionId: string, scheduledAt: Date): string {
  return `${subscriptionId}@${scheduledAt.toISOString()}`;
}
