// IANA timezones as people type them: canonical case, a suggestion for a typo, and whether a
// trailing word of a schedule is a zone at all (so `daily at 08:00 Europe/Berlin` splits).
import { UserFacingError } from '../core/errors.ts';
import { editDistance } from '../core/edit-distance.ts';

let zoneList: string[] | undefined;
function zones(): string[] {
  zoneList ??= Intl.supportedValuesOf('timeZone');
  return zoneList;
}

/** Canonical IANA name ("europe/berlin" → "Europe/Berlin"); UserFacingError (with a suggestion) when unknown. */
export function normaliseTimezone(input: string): string {
  const name = input.trim();
  try {
    if (!name) throw new RangeError('empty');
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    // Fix the case ("europe/berlin"), but keep what was typed when the runtime maps it to another
    // zone name ("EST" resolves to "America/Panama", which would only confuse).
    return resolved.toLowerCase() === name.toLowerCase() ? resolved : name;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const close = suggestTimezones(name);
    const hint = close.length ? ` Did you mean ${close.map((z) => `"${z}"`).join(' or ')}?` : '';
    throw new UserFacingError(
      'invalid_timezone',
      `"${name}" is not a timezone I know.${hint} Use an IANA name such as "Europe/Berlin", "America/New_York" or "UTC".`,
    );
  }
}

/** True when a word reads like a timezone (so `daily at 08:00 Europe/Berlin` splits off the zone). */
export function looksLikeTimezone(word: string): boolean {
  if (/^[A-Za-z][A-Za-z_-]*(?:\/[A-Za-z0-9_+-]+)+$/.test(word)) return true;
  if (/^(?:utc|gmt|z)$/i.test(word)) return true;
  // Abbreviations the runtime knows as zones (CET, EST, …): uppercase only, so "am"/"pm" stay times.
  if (/^[A-Z]{3,5}$/.test(word)) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: word });
      return true;
    } catch {
      return false;
    }
  }
  return false;
}

function suggestTimezones(input: string): string[] {
  const needle = input.toLowerCase().replace(/\s+/g, '_');
  const scored = zones().map((zone) => {
    const z = zone.toLowerCase();
    const city = z.split('/').pop() ?? z;
    return { zone, d: Math.min(editDistance(needle, z), editDistance(needle, city)) };
  });
  scored.sort((a, b) => a.d - b.d);
  const limit = Math.max(2, Math.floor(needle.length / 3));
  return scored.filter((s) => s.d <= limit).slice(0, 2).map((s) => s.zone);
}

/** "daily at 08:00 Europe/Berlin" → schedule + timezone (the zone may also follow "in"). */
export function splitTimezone(when: string): { schedule: string; timezone?: string } {
  const words = when.trim().split(/\s+/).filter(Boolean);
  const last = words[words.length - 1];
  if (words.length && last && looksLikeTimezone(last)) {
    const rest = words.slice(0, -1);
    if (rest[rest.length - 1]?.toLowerCase() === 'in') rest.pop();
    return { schedule: rest.join(' '), timezone: last };
  }
  return { schedule: when.trim() };
}

/** Timezone names containing `partial` (any case), at most 25: an autocomplete list. */
export function completeTimezone(partial: string): string[] {
  const needle = partial.trim().toLowerCase();
  return Intl.supportedValuesOf('timeZone').filter((z) => z.toLowerCase().includes(needle)).slice(0, 25);
}
