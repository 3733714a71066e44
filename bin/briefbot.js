#!/usr/bin/env node
// Entry for `npm link` / `npm install -g <checkout>`: Node (>= 22.18) strips the TypeScript types.
// The compile cache is on before the CLI loads, so a warm start does not strip them again.
import './compile-cache.js';

const { runCli } = await import('../src/cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
