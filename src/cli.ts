// `briefbot <verb>`: a stable contract others script against. stdout carries results (exactly
// one JSON document with --json); logs and progress go to stderr. Exit 0 ok, 2 usage/unknown
// topic, 1 anything else.
//
// A verb loads only what it uses: `start` the platforms, scheduler and metrics; `brief` the app
// and the renderer; `topics` no renderer. A one-shot verb is mostly module loading, so the
// modules go through Node's compile cache (type-stripped output and V8 code, kept in the OS temp
// directory; a read-only one only means no cache).
import { enableCompileCache } from 'node:module';
import { parseCliArgs, UsageError } from './cli-args.ts';
import { loadConfig } from './config/load.ts';
import { secretValues } from './config/secrets.ts';
import { ConfigError, isUserFacing } from './core/errors.ts';
import { createLogger, scrubText } from './core/logger.ts';
import { PLATFORMS } from './platforms/registry.ts';
import { runVerb } from './cli-verbs.ts';

const USAGE = `Usage: briefbot <verb> [options]

  brief <topic-or-query> [--json] [--length short|standard|detailed] [--engine offline|openai] [--seeds DIR]
  ask "<question>" [--topic SLUG] [--json] [--seeds DIR]
  topics [--json]
  sources [topic] [--json]
  fetch [--json]           poll every feed once (a line per feed; exit 0 even if some failed)
  check                    validate config and seeds, list what was found
  start [--console] [--shards auto|N]
                           run the bot: Slack/Discord when configured, else the console;
                           --shards runs Discord through discord.js's ShardingManager
                           (no terminal + PORT set: serves /healthz, /readyz, /metrics only)
  discord-register [--guild ID]

Examples:
  briefbot brief us-russia --length short
  briefbot ask "what did Peskov say?" --json`;

export async function runCli(argv: string[]): Promise<number> {
  // Before the verb's modules load (those imported above are compiled already).
  enableCompileCache();
  let parsed;
  try {
    parsed = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [verb, ...rest] = positionals;
  if (values.help || !verb || verb === 'help') {
    (values.help || verb === 'help' ? process.stdout : process.stderr).write(`${USAGE}\n`);
    return values.help || verb === 'help' ? 0 : 2;
  }

  const loaded = loadConfig({ platforms: PLATFORMS, overrides: { seeds: values.seeds, engine: values.engine } });
  if (!loaded.ok) {
    process.stderr.write(`Invalid configuration:\n${loaded.issues.map((i) => `  - ${i}`).join('\n')}\n`);
    return 1;
  }
  const config = loaded.config;
  // Info logs would bury a one-shot answer or a chat on a terminal: there they start at `warn`
  // unless LOG_LEVEL says otherwise. A running service (no terminal, or chat platforms) logs `info`.
  const chatConsole = verb === 'start' && Boolean(process.stdin.isTTY) && (values.console || !PLATFORMS.some((p) => p.enabled(config)));
  const quiet = !process.env.LOG_LEVEL && (verb !== 'start' || chatConsole);
  const secretList = secretValues(config);
  const logger = createLogger({ level: quiet ? 'warn' : config.log.level, secrets: secretList });
  // Errors printed for the operator go through the same scrubbing as the logs.
  const say = (text: string) => process.stderr.write(scrubText(text, secretList));

  try {
    return await runVerb(verb, rest, values, config, logger);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (isUserFacing(error)) {
      say(`${error.message.replace(/`/g, '')}\n`);
      return error.exitCode;
    }
    // A configuration problem is the user's to fix: the message lists it, a stack trace would bury it.
    if (error instanceof ConfigError) {
      say(`${error.message.replace(/`/g, '')}\n`);
      return 1;
    }
    logger.error({ err: error }, 'briefbot failed');
    say(`briefbot: ${(error as Error).message}\n`);
    return 1;
  }
}

if (import.meta.main) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
      // A chat SDK that keeps reconnecting after a failed start must not keep the process alive;
      // unref'd, so a normal exit (and stdout flushing) is never cut short.
      setTimeout(() => process.exit(code), 2000).unref();
    },
    (error) => {
      process.stderr.write(scrubText(`briefbot: ${(error as Error).message}\n`, []));
      process.exitCode = 1;
    },
  );
}
