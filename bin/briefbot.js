#!/usr/bin/env node
// Entry for `npm link` / `npm install -g <checkout>`: Node (>= 22.18) strips the TypeScript types.
import { runCli } from '../src/cli.ts';

process.exitCode = await runCli(process.argv.slice(2));
