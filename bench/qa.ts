// Question answering on the development set in ../shared/eval/qa-dev.json (read in place; the
// articles are never copied into the project). The three articles are written to a temporary
// seeds folder, loaded by the real corpus loader, and each question is asked on its own through
// the real answer service, as `briefbot ask --seeds DIR` would. A question is right when the
// answer matches `expect` and cites the expected article, or, for `expect: null`, when the
// reply is "not covered" (found false).
// Usage: node bench/qa.ts [qa-dev.json] [cnndm-writer-dev.json] [--verbose]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { configSchema } from '../src/config/schema.ts';
import { PROJECT_ROOT } from '../src/config/load.ts';
import { createCorpus } from '../src/corpus/corpus.ts';
import { systemClock } from '../src/core/clock.ts';
import { silentLogger } from '../src/core/logger.ts';
import type { Engine } from '../src/engines/engine-types.ts';
import { createOfflineEngine } from '../src/engines/offline-engine.ts';
import { createServices } from '../src/services.ts';
import { createMemoryStore } from '../src/store/memory-store.ts';

interface Question { docId: string; question: string; expect: string | null }
interface QaSet { documents: string[]; questions: Question[] }
interface Article { id: string; article: string }

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const verbose = process.argv.includes('--verbose');
const evalDir = path.resolve(PROJECT_ROOT, '../shared/eval');
const qa = JSON.parse((await import('node:fs')).readFileSync(args[0] ?? path.join(evalDir, 'qa-dev.json'), 'utf8')) as QaSet;
const articles = JSON.parse((await import('node:fs')).readFileSync(args[1] ?? path.join(evalDir, 'cnndm-writer-dev.json'), 'utf8')) as Article[];

const dir = mkdtempSync(path.join(tmpdir(), 'briefbot-qa-'));
try {
  for (const id of qa.documents) {
    const item = articles.find((a) => a.id === id);
    if (!item) throw new Error(`article ${id} is not in the articles file`);
    writeFileSync(path.join(dir, `${id}.txt`), item.article);
  }
  const corpus = await createCorpus({ dirs: [dir], maxFileBytes: 5 << 20, watch: false, logger: silentLogger, cwd: dir });
  const config = configSchema.parse({ topics: [] });
  const offline = createOfflineEngine();
  const engines = new Map<string, Engine>([[offline.name, offline]]);
  const { services } = createServices({ config, corpus, store: createMemoryStore({ clock: systemClock }), engines, defaultEngine: 'offline', clock: systemClock });
  const pathToId = new Map(corpus.current().documents.map((d) => [d.id, path.basename(d.path, '.txt')]));

  let right = 0;
  let wrongFound = 0;
  let unanswerable = 0;
  const started = performance.now();
  for (const q of qa.questions) {
    const answer = await services.answers.answer(q.question);
    const citesArticle = answer.citations.some((c) => pathToId.get(c.docId) === q.docId);
    let ok: boolean;
    if (q.expect === null) {
      unanswerable++;
      ok = !answer.found;
      if (answer.found) wrongFound++;
    } else {
      ok = answer.found && citesArticle && new RegExp(q.expect, 'i').test(answer.answer);
    }
    if (ok) right++;
    if (verbose || !ok) console.log(`${ok ? 'ok  ' : 'MISS'} ${q.question}\n     → ${answer.found ? '' : '(not found) '}${answer.answer.replace(/\s+/g, ' ').slice(0, 300)}`);
  }
  const ms = performance.now() - started;
  console.log(`\nright: ${right}/${qa.questions.length}  (wrong "found" on unanswerable: ${wrongFound}/${unanswerable})  ${(ms / qa.questions.length).toFixed(1)} ms/question`);
  await corpus.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
