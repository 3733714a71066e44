// The CLI's verbs, each loading only what it uses.
import { UsageError, type CliArgs } from './cli-args.ts';
import type { Config } from './config/schema.ts';
import type { Logger } from './core/logger.ts';
import { stripControl as safe } from './core/terminal-text.ts';
import type { Briefbot } from './main.ts';

export async function runVerb(verb: string, rest: string[], values: CliArgs['values'], config: Config, logger: Logger): Promise<number> {
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
