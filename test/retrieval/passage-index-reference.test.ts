// The index's pruned top-k search against exhaustive BM25 written out here: on a Zipfian
// synthetic corpus, for common and rare terms, with and without document filters, after
// additions, removals (tombstones) and the compaction rebuild, a search must return the same
// passages in the same order with the same scores.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Document } from '../../src/corpus/corpus-types.ts';
import { createPassageIndex, tokenTerms } from '../../src/retrieval/passage-index.ts';
import { makeDocument, makeSnapshot } from '../helpers/documents.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VOCABULARY = Array.from({ length: 3000 }, (_, i) => `q${i.toString(36)}x`);

function zipfPicker(random: () => number): () => string {
  const weights = VOCABULARY.map((_, r) => 1 / (r + 1) ** 1.1);
  const cumulative: number[] = [];
  weights.reduce((sum, w) => (cumulative.push(sum + w), sum + w), 0);
  const total = cumulative[cumulative.length - 1];
  return () => {
    const x = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return VOCABULARY[lo];
  };
}

function makeDocs(random: () => number, zipf: () => string, count: number, from: number): Document[] {
  const words = (n: number) => Array.from({ length: n }, zipf).join(' ');
  return Array.from({ length: count }, (_, i) => makeDocument({
    title: `${words(1 + Math.floor(random() * 4))} ${from + i}`,
    paragraphs: Array.from({ length: 1 + Math.floor(random() * 8) }, () => `${words(3 + Math.floor(random() * 60))}.`),
  }));
}

/** Exhaustive BM25 over passages in slot order, with the index's slot bookkeeping. */
class Reference {
  private slots: Array<{ id: string; docId: string; tf: Map<string, number>; length: number; alive: boolean }> = [];

  update(previous: Document[], next: Document[]): void {
    const nextIds = new Set(next.map((d) => d.id));
    const had = new Set(previous.map((d) => d.id));
    for (const slot of this.slots) if (!nextIds.has(slot.docId)) slot.alive = false;
    for (const doc of next) if (!had.has(doc.id)) this.add(doc);
    const live = this.slots.filter((s) => s.alive).length;
    if (this.slots.length > 1000 && live < this.slots.length / 2) {
      this.slots = [];
      for (const doc of next) this.add(doc);
    }
  }

  search(query: string, limit: number, docIds?: ReadonlySet<string>): Array<{ id: string; score: number }> {
    const live = this.slots.filter((s) => s.alive);
    const avgLength = live.reduce((n, s) => n + s.length, 0) / live.length;
    const scored: Array<{ id: string; score: number; slot: number }> = [];
    const terms = [...new Set(tokenTerms(query))];
    const idf = new Map(terms.map((term) => {
      const df = live.filter((l) => l.tf.has(term)).length;
      return [term, Math.log(1 + (live.length - df + 0.5) / (df + 0.5))];
    }));
    this.slots.forEach((s, slot) => {
      if (!s.alive || (docIds && !docIds.has(s.docId))) return;
      let score = 0;
      for (const term of terms) {
        const tf = s.tf.get(term);
        if (!tf) continue;
        score += idf.get(term)! * (tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * s.length) / avgLength));
      }
      if (score > 0) scored.push({ id: s.id, score, slot });
    });
    scored.sort((a, b) => b.score - a.score || a.slot - b.slot);
    return scored.slice(0, limit);
  }

  private add(doc: Document): void {
    const title = tokenTerms(doc.title);
    for (const passage of doc.passages) {
      const words = tokenTerms(passage.text);
      const tf = new Map<string, number>();
      for (const w of words) tf.set(w, (tf.get(w) ?? 0) + 1);
      for (const w of title) tf.set(w, (tf.get(w) ?? 0) + 0.5);
      this.slots.push({ id: passage.id, docId: doc.id, tf, length: words.length + 0.5 * title.length, alive: true });
    }
  }
}

describe('passage index against exhaustive BM25', () => {
  it('returns the same passages, order and scores through adds, removes and compaction', () => {
    const random = rng(11);
    const zipf = zipfPicker(random);
    const rare = () => VOCABULARY[Math.floor(random() * VOCABULARY.length)];
    const query = () => Array.from({ length: 1 + Math.floor(random() * 8) }, () => (random() < 0.6 ? zipf() : rare())).join(' ');

    let docs = makeDocs(random, zipf, 500, 0);
    const index = createPassageIndex(makeSnapshot(docs));
    const reference = new Reference();
    reference.update([], docs);
    const check = (phase: string) => {
      for (let q = 0; q < 120; q++) {
        const text = query();
        const limit = [1, 3, 10, 50, Infinity][q % 5];
        const filters: Array<Set<string> | undefined> = [
          undefined,
          new Set(docs.filter(() => random() < 0.01).map((d) => d.id)),
          new Set(docs.filter(() => random() < 0.6).map((d) => d.id)),
        ];
        for (const docIds of filters) {
          const got = index.search(text, { limit, docIds });
          const want = reference.search(text, limit, docIds);
          const where = `${phase}: "${text}" limit ${limit} filter ${docIds?.size ?? 'none'}`;
          assert.deepEqual(got.map((h) => h.passage.id), want.map((h) => h.id), where);
          got.forEach((h, i) => assert.ok(Math.abs(h.score - want[i].score) <= 1e-9 * want[i].score, where));
        }
      }
    };

    check('initial');
    const update = (next: Document[]) => {
      reference.update(docs, next);
      index.update(makeSnapshot(next));
      docs = next;
    };
    update([...docs, ...makeDocs(random, zipf, 200, 500)]);
    check('after adding');
    update(docs.filter(() => random() < 0.8));
    check('with tombstones');
    update(docs.filter(() => random() < 0.3));
    check('after compaction');
    update([...docs, ...makeDocs(random, zipf, 300, 700)]);
    check('after compaction and adding');
  });
});
