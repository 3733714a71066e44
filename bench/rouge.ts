// ROUGE of the offline engine on the writer summaries in ../shared/eval (read in place; never
// copied into the project):
// - the `short` brief (bullets joined) beside Lead-3, F1, on the dev half (the first half of the
//   articles, which the engine was tuned on) and on the held-out half;
// - the `standard` brief's ROUGE-1 recall beside Lead-5's: how much of what the writers kept a
//   brief covers.
// Usage: node bench/rouge.ts [path/to/cnndm-writer-dev.json]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/config/load.ts';
import { parseDocument } from '../src/corpus/parse.ts';
import { splitSentences } from '../src/corpus/sentences.ts';
import type { BriefLength } from '../src/engines/engine-types.ts';
import { offlineBrief } from '../src/engines/offline-engine.ts';
import { countWords } from '../src/retrieval/terms.ts';
import { rouge, rouge1Recall, type RougeScores } from './rouge-score.ts';

interface Item { id: string; article: string; summaries: string[] }

const file = process.argv[2] ?? path.resolve(PROJECT_ROOT, '../shared/eval/cnndm-writer-dev.json');
const items = JSON.parse(readFileSync(file, 'utf8')) as Item[];
const half = Math.ceil(items.length / 2);

async function brief(item: Item, length: BriefLength) {
  const { document } = parseDocument({ text: item.article, path: `${item.id}.txt`, format: 'txt' });
  return offlineBrief({ query: 'eval', topic: { slug: 'eval', title: 'Eval' }, documents: [document], length });
}
const lead = (item: Item, n: number) => splitSentences(item.article.replace(/\s+/g, ' ')).slice(0, n).map((s) => s.text).join(' ');
const zero = (): RougeScores => ({ r1: 0, r2: 0, rl: 0 });
const add = (into: RougeScores, s: RougeScores) => { into.r1 += s.r1; into.r2 += s.r2; into.rl += s.rl; };
const row = (name: string, s: RougeScores, n: number) =>
  `${name.padEnd(28)} R-1 ${(100 * s.r1 / n).toFixed(2)}  R-2 ${(100 * s.r2 / n).toFixed(2)}  R-L ${(100 * s.rl / n).toFixed(2)}`;

const parts = [{ name: 'dev half', list: items.slice(0, half) }, { name: 'held-out half', list: items.slice(half) }, { name: 'all', list: items }];
console.log(`articles: ${items.length} (ROUGE ×100, lowercase [a-z0-9]+ tokens, no stemming, mean over references)`);
for (const { name, list } of parts) {
  const short = zero();
  const lead3 = zero();
  for (const item of list) {
    add(short, rouge((await brief(item, 'short')).bullets.map((b) => b.text).join(' '), item.summaries));
    add(lead3, rouge(lead(item, 3), item.summaries));
  }
  console.log(`\n${name} (${list.length} articles), F1`);
  console.log(row('offline short brief', short, list.length));
  console.log(row('Lead-3', lead3, list.length));
}

let recallStandard = 0;
let recallLead5 = 0;
let standardWords = 0;
let lead5Words = 0;
let bulletCount = 0;
let maxWords = 0;
for (const item of items) {
  const b = await brief(item, 'standard');
  const text = b.bullets.map((x) => x.text).join(' ');
  recallStandard += rouge1Recall(text, item.summaries);
  recallLead5 += rouge1Recall(lead(item, 5), item.summaries);
  standardWords += countWords(text);
  lead5Words += countWords(lead(item, 5));
  bulletCount += b.bullets.length;
  for (const x of b.bullets) maxWords = Math.max(maxWords, countWords(x.text));
}
console.log(`\nall ${items.length} articles, ROUGE-1 recall`);
console.log(`offline standard brief       R-1 recall ${(100 * recallStandard / items.length).toFixed(2)}  (${(standardWords / items.length).toFixed(0)} words, ${(bulletCount / items.length).toFixed(1)} bullets on average, longest bullet ${maxWords} words)`);
console.log(`Lead-5                       R-1 recall ${(100 * recallLead5 / items.length).toFixed(2)}  (${(lead5Words / items.length).toFixed(0)} words on average)`);
