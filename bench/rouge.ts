// ROUGE of the offline engine's `short` brief (bullets joined) beside Lead-3, on the writer
// summaries in ../shared/eval (read in place; never copied into the project).
// Usage: node bench/rouge.ts [path/to/cnndm-writer-dev.json]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/config/load.ts';
import { parseDocument } from '../src/corpus/parse.ts';
import { splitSentences } from '../src/corpus/sentences.ts';
import { offlineBrief } from '../src/engines/offline-engine.ts';
import { countWords } from '../src/retrieval/terms.ts';
import { rouge, type RougeScores } from './rouge-score.ts';

interface Item { id: string; article: string; summaries: string[] }

const file = process.argv[2] ?? path.resolve(PROJECT_ROOT, '../shared/eval/cnndm-writer-dev.json');
const items = JSON.parse(readFileSync(file, 'utf8')) as Item[];

const totals = { brief: { r1: 0, r2: 0, rl: 0 }, lead3: { r1: 0, r2: 0, rl: 0 } };
const add = (into: RougeScores, s: RougeScores) => { into.r1 += s.r1; into.r2 += s.r2; into.rl += s.rl; };
let maxWords = 0;
let bulletCount = 0;
let bulletsOver40 = 0;

for (const item of items) {
  const { document } = parseDocument({ text: item.article, path: `${item.id}.txt`, format: 'txt' });
  const brief = await offlineBrief({ query: 'eval', topic: { slug: 'eval', title: 'Eval' }, documents: [document], length: 'short' });
  const summary = brief.bullets.map((b) => b.text).join(' ');
  for (const b of brief.bullets) {
    const n = countWords(b.text);
    maxWords = Math.max(maxWords, n);
    bulletCount++;
    if (n > 40) bulletsOver40++;
  }
  const lead3 = splitSentences(item.article.replace(/\s+/g, ' ')).slice(0, 3).map((s) => s.text).join(' ');
  add(totals.brief, rouge(summary, item.summaries));
  add(totals.lead3, rouge(lead3, item.summaries));
}

const row = (name: string, s: RougeScores) =>
  `${name.padEnd(22)} R-1 ${(100 * s.r1 / items.length).toFixed(2)}  R-2 ${(100 * s.r2 / items.length).toFixed(2)}  R-L ${(100 * s.rl / items.length).toFixed(2)}`;
console.log(`articles: ${items.length} (ROUGE F1 ×100, lowercase [a-z0-9]+ tokens, no stemming, mean over references)`);
console.log(row('offline short brief', totals.brief));
console.log(row('Lead-3', totals.lead3));
console.log(`bullets: ${bulletCount}, longest ${maxWords} words, ${bulletsOver40} over 40 words`);
