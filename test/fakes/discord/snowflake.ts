// Real-shaped snowflakes (17–19 digits): discord.js buckets REST rate limits by matching
// `\d{17,19}` ids in routes, and derives timestamps from them.
const DISCORD_EPOCH = 1420070400000n;
let counter = 0n;
let lastMs = 0n;

export function snowflake(): string {
  let ms = BigInt(Date.now());
  if (ms < lastMs) ms = lastMs;
  if (ms === lastMs) {
    counter++;
    if (counter > 4095n) {
      ms++;
      counter = 0n;
    }
  } else counter = 0n;
  lastMs = ms;
  return (((ms - DISCORD_EPOCH) << 22n) | (1n << 17n) | counter).toString();
}
