// Story clustering: pairwise precision and recall, and cluster purity, on a labelled set built
// from the writer summaries in ../shared/eval (read in place; never copied into the project),
// then the time to cluster 1k and 10k synthetic articles.
// The labelled set: each article is one story; each of its 2–3 writer summaries stands for
// another outlet's short report of the same event (other words, the same names); one copy of
// the article with small edits (a boilerplate line, its title in Title Case) is a syndicated
// copy; every other article is a different story.
// Usage: node bench/stories.ts [path/to/cnndm-writer-dev.json]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/config/load.ts';
import type { Document } from '../src/corpus/corpus-types.ts';
import { parseDocument } from '../src/corpus/parse.ts';
import { clusterStories, DEFAULT_CLUSTER_OPTIONS, type ClusterOptions, type Story } from '../src/stories/cluster-stories.ts';
import { syntheticNews } from './synthetic-news.ts';

interface Item { id: string; article: string; summaries: string[] }

const file = process.argv[2] ?? path.resolve(PROJECT_ROOT, '../shared/eval/cnndm-writer-dev.json');
const items = JSON.parse(readFileSync(file, 'utf8')) as Item[];

function doc(text: string, name: string, source: string, title?: string): Document {
  const { document } = parseDocument({ text: title ? `# ${title}\n\n${text}` : text, path: `${name}.md`, format: title ? 'md' : 'txt' });
  return { ...document, source, date: '2026-03-01T08:00:00.000Z' };
}

function titleCase(s: string): string {
  return s.replace(/\b\p{Ll}/gu, (c) => c.toUpperCase());
}

const label = new Map<string, number>();
const docs: Document[] = [];
items.forEach((item, k) => {
  const paragraphs = item.article.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  const title = paragraphs[0].split(/(?<=[.!?])\s/)[0].split(/\s+/).slice(0, 12).join(' ').replace(/[.!?]$/, '');
  const add = (d: Document) => { label.set(d.id, k); docs.push(d); };
  add(doc(paragraphs.join('\n\n'), `${item.id}-a`, 'Daily Outlet', title));
  item.summaries.forEach((s, n) => {
    const sTitle = s.split(/(?<=[.!?])\s/)[0].split(/\s+/).slice(0, 10).join(' ').replace(/[.!?]$/, '');
    add(doc(s, `${item.id}-s${n}`, `Outlet ${n + 1}`, sTitle));
  });
  add(doc(['Syndicated from our partners. All rights reserved.', ...paragraphs].join('\n\n'), `${item.id}-c`, 'Partner Site', titleCase(title)));
});

/** Pairwise precision and recall by counting (linear), and purity. */
function score(stories: Story[], labelOf: (id: string) => number, total: number) {
  const pairs = (k: number) => (k * (k - 1)) / 2;
  let together = 0, tp = 0, pure = 0;
  const sizes = new Map<number, number>();
  for (const s of stories) {
    const counts = new Map<number, number>();
    for (const m of s.members) counts.set(labelOf(m.doc.id), (counts.get(labelOf(m.doc.id)) ?? 0) + 1);
    together += pairs(s.members.length);
    for (const [l, c] of counts) { tp += pairs(c); sizes.set(l, (sizes.get(l) ?? 0) + c); }
    pure += Math.max(...counts.values());
  }
  const same = [...sizes.values()].reduce((sum, c) => sum + pairs(c), 0);
  const copiesFound = stories.flatMap((s) => s.members).filter((m) => m.copyOf !== null).length;
  return { precision: tp / (together || 1), recall: tp / (same || 1), purity: pure / total, stories: stories.length, copiesFound };
}

const pct = (x: number) => (100 * x).toFixed(1).padStart(5);
console.log(`labelled set: ${items.length} stories, ${docs.length} documents (article + ${docs.length - 2 * items.length} writer summaries + ${items.length} syndicated copies)`);
const variants: Array<[string, ClusterOptions]> = [
  ['chosen (defaults)', {}],
  ['sameEvent 0.3, merge 0.25', { sameEvent: 0.3, merge: 0.25 }],
  ['looser: sameEvent 0.2, merge 0.15', { sameEvent: 0.2, merge: 0.15 }],
  ['stricter: sameEvent 0.4, merge 0.35', { sameEvent: 0.4, merge: 0.35 }],
  ['no chaining guard (merge 0, minLink 0)', { merge: 0, minLink: 0 }],
  ['minLink 0.15', { minLink: 0.15 }],
  ['eventWords 0 (a shared name suffices)', { eventWords: 0 }],
  ['eventWords 0.15', { eventWords: 0.15 }],
];
for (const [name, options] of variants) {
  const r = score(clusterStories(docs, options), (id) => label.get(id)!, docs.length);
  console.log(`${name.padEnd(38)} precision ${pct(r.precision)}%  recall ${pct(r.recall)}%  purity ${pct(r.purity)}%  stories ${r.stories}  copies ${r.copiesFound}/${items.length}`);
}
console.log(`defaults: ${JSON.stringify(DEFAULT_CLUSTER_OPTIONS)}`);

for (const n of [1_000, 10_000]) {
  const synthetic = syntheticNews(n);
  clusterStories(synthetic.documents.slice(0, 200));
  const times: number[] = [];
  let result: Story[] = [];
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    result = clusterStories(synthetic.documents);
    times.push(performance.now() - start);
  }
  const truth = new Map(synthetic.documents.map((d, i) => [d.id, synthetic.story[i]]));
  const r = score(result, (id) => truth.get(id)!, n);
  console.log(`${n.toLocaleString('en')} synthetic articles (${synthetic.stories} events): ${times.map((t) => `${(t / 1000).toFixed(2)} s`).join(', ')} (goal ≤ 2 s at 10k); ${result.length} stories, precision ${pct(r.precision)}%, recall ${pct(r.recall)}%`);
}
