// Preloaded with `--import` into a real briefbot process: records every module URL it resolves and
// writes the list (one per line) to the file named by BRIEFBOT_RECORD_LOADS when the process exits.
// Resolution is where any import, static or dynamic, passes: a module that is never resolved is
// never loaded.
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const out = process.env.BRIEFBOT_RECORD_LOADS;
const seen = new Set<string>();

if (out) {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const resolved = nextResolve(specifier, context);
      seen.add(resolved.url);
      return resolved;
    },
  });
  process.on('exit', () => writeFileSync(out, [...seen].join('\n')));
}
