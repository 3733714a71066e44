// Preloaded with `--import <this file's URL>?out=<file>` into a real briefbot process: records every
// module URL it resolves and writes the list (one per line) to <file> when the process exits. (The
// file is named in the URL, not the environment: the process reads only variables it documents.)
// Resolution is where any import, static or dynamic, passes: a module that is never resolved is
// never loaded.
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const out = new URL(import.meta.url).searchParams.get('out');
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
