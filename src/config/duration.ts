// Durations in config files are written the way people say them: `90s`, `5m`, `2h`, `1d`.

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(\d{1,9})\s*([smhd])$/;

/** Milliseconds of `90s`, `5m`, `2h` or `1d`; null when the text is not such a duration or is zero. */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text.trim().toLowerCase());
  if (!match) return null;
  const ms = Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  return ms > 0 ? ms : null;
}

/** The largest whole unit: 1 800 000 → `30m`, 90 000 → `90s`. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm'] as const) {
    const size = UNIT_MS[unit] as number;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms / 1000)}s`;
}
