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
import type { Config } from './config/schema.ts';
import { ConfigError, isUserFacing } from './core/errors.ts';
import { createLogger, scrubText } from './core/logger.ts';
import { stripControl as safe } from './core/terminal-text.ts';
import type { Logger } from './core/logger.ts';
import type { BriefLength } from './engines/engine-types.ts';
import type { Briefbot } from './main.ts';
import { PLATFORMS } from './platforms/registry.ts';

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
    switch (verb) {
      case 'start': {
        const { startBot } = await import('./start.ts');
        return await startBot({ config, logger, forceConsole: values.console, shards: values.shards });
      }
      case 'brief': {
        const query = rest.join(' ').trim();
        if (!query) throw new UsageError('brief needs a topic or query, e.g. `briefbot brief us-russia`');
        // Entities appear only in the JSON; the text brief does not load the tagger for them.
        return await withApp(config, logger, async (app) => {
          const brief = await app.services.briefing.brief(query, { length: values.length, engine: values.engine });
          const { renderReply } = await import('./platforms/console/render.ts');
          print(values.json ? JSON.stringify(brief, null, 2) : renderReply({ kind: 'brief', brief }, { color: Boolean(process.stdout.isTTY) }));
          return 0;
        }, { entities: Boolean(values.json) });
      }
      case 'ask': {
        const question = rest.join(' ').trim();
        if (!question) throw new UsageError('ask needs a question, e.g. `briefbot ask "what did Peskov say?"`');
        return await withApp(config, logger, async (app) => {
          const answer = await app.services.answers.answer(question, { topic: values.topic, engine: values.engine });
          const { renderReply } = await import('./platforms/console/render.ts');
          print(values.json ? JSON.stringify(answer, null, 2) : renderReply({ kind: 'answer', answer }));
          return 0;
        });
      }
      case 'topics':
        return await withApp(config, logger, async (app) => {
          const list = app.services.topics.list();
          print(values.json ? JSON.stringify(list, null, 2) : list.map((t) => `${safe(t.slug)}\t${safe(t.title)}\t${documents(t.documentCount)}`).join('\n') || 'No topics configured.');
          return 0;
        });
      case 'sources':
        return await withApp(config, logger, async (app) => {
          const list = app.services.sources.list(rest[0]);
          print(values.json ? JSON.stringify(list, null, 2) : list.map((s) => `${s.docId}\t${s.date?.slice(0, 10) ?? '-'}\t${safe(s.path)}\t${safe(s.title)}`).join('\n') || 'No documents.');
          return 0;
        });
      case 'fetch': {
        const { runFetch } = await import('./cli-fetch.ts');
        const { code, output } = await runFetch({ config, logger, json: Boolean(values.json) });
        print(output);
        return code;
      }
      case 'check':
        return await check(config, logger);
      case 'discord-register': {
        const { registerFromCli } = await import('./platforms/discord/register-cli.ts');
        return await registerFromCli({ config, logger, guildId: values.guild });
      }
      default:
        throw new UsageError(`Unknown verb "${verb}".`);
    }
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

function documents(n: number): string {
  return `${n} document${n === 1 ? '' : 's'}`;
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

async function withApp(config: Config, logger: Logger, work: (app: Briefbot) => Promise<number>, options: { entities?: boolean } = {}): Promise<number> {
  const { createBriefbot } = await import('./main.ts');
  const app = await createBriefbot({ config, logger, watch: false, entities: options.entities });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

async function check(config: Config, logger: Logger): Promise<number> {
  const { checkStartConfig } = await import('./start-checks.ts');
  return withApp(config, logger, async (app) => {
    const digests = checkStartConfig({ config, topics: app.services.topics, clock: app.clock });
    const snapshot = app.corpus.current();
    const passages = snapshot.documents.reduce((n, d) => n + d.passages.length, 0);
    const quotes = snapshot.documents.reduce((n, d) => n + d.quotes.length, 0);
    const lines = [
      `Config: OK (${config.sources.join(', ')})`,
      `Seeds: ${config.seeds.dirs.join(', ')}`,
      `Documents: ${snapshot.documents.length}`,
      `Passages: ${passages}`,
      `Quotes: ${quotes} (${snapshot.documents.reduce((n, d) => n + d.quotes.filter((q) => q.speaker).length, 0)} attributed)`,
      `Engine: ${app.defaultEngine} (available: ${[...app.engines.keys()].join(', ')})`,
      `Store: ${app.store.kind}`,
      `Digests in config: ${digests.length}`,
      'Topics:',
      ...app.services.topics.list().map((t) => `  ${safe(t.slug)} — ${safe(t.title)}: ${documents(t.documentCount)}`),
    ];
    const warnings = app.corpus.warnings();
    lines.push(`Warnings: ${warnings.length}`, ...warnings.map((w) => `  ${safe(w.path)}: ${safe(w.reason)}`));
    print(lines.join('\n'));
    return 0;
  });
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
