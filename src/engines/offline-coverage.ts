// Briefs that cover the whole story: greedy coverage of the documents' concepts (each term once,
// weighted by how many sentences carry it, names and numbers more), under a word budget, with a
// preference for parts of each document not yet drawn from — so a long article is briefed from its
// beginning, middle and end, not four times from its first paragraph. A free-text brief weighs
// the sentences that match its words first. The same development told by several documents
// becomes one bullet that cites each.
import type { Document } from '../corpus/corpus-types.ts';
import { terms } from '../retrieval/terms.ts';
import { compressSentence } from './offline-compress.ts';
import { createFillerCheck, leadNames } from './offline-filler.ts';
import { clip, DANGLING, scoreDocument, setSimilarity, type Candidate } from './offline-summarize.ts';

export interface CoverOptions {
  maxBullets: number;
  wordBudget: number;
  maxWords: number;
  /** Free-text query: matching sentences lead. */
  query?: string;
}

export interface CoveredBullet {
  text: string;
  /** The sentence chosen, then the same development in other documents. */
  sources: Candidate[];
  relevance: number;
}

const REGIONS = 3;
const POOL_SIZE = 300;
const PER_DOCUMENT_FLOOR = 12;
const SAME_EVENT = 0.35;

interface Scored extends Candidate {
  set: Set<string>;
  /** Opens with a pronoun or connective: leans on the sentence before it. */
  dangling: boolean;
  /** Highest similarity to a chosen bullet so far (kept up to date as bullets are chosen). */
  maxSim: number;
  picked: boolean;
  /** The sentence before this one in its document. */
  prev?: Scored;
  compressed: string;
  length: number;
  facts: Set<string>;
  relevance: number;
  region: number;
}

export function selectCovering(documents: readonly Document[], options: CoverOptions): CoveredBullet[] {
  const queryTerms = new Set(options.query ? terms(options.query) : []);
  const pool: Scored[] = [];
  /** Every sentence, filler too: a sentence that leans on its predecessor needs it whatever it is. */
  const all: Scored[] = [];
  for (const [rank, doc] of documents.entries()) {
    const known = leadNames(doc);
    const filler = createFillerCheck(doc, known);
    const list = scoreDocument(doc, rank, queryTerms, options.maxWords);
    // Many documents share the budget: the tail of each of twenty articles is not needed, and
    // reading it would cost more than the brief may take. One document is read to its end.
    const limit = Math.max(PER_DOCUMENT_FLOOR, Math.ceil(POOL_SIZE / documents.length));
    const kept = queryTerms.size ? list.filter((c, i) => i < limit || c.terms.some((t) => queryTerms.has(t))) : list.slice(0, limit);
    for (const c of kept) {
      // The lead sentence itself keeps its clauses: nothing is known before it.
      const compressed = clip(compressSentence(c.text, c.position === 0 ? undefined : known), options.maxWords);
      const unique = new Set(c.terms);
      const relevance = queryTerms.size ? [...queryTerms].filter((q) => unique.has(q)).length / queryTerms.size : 0;
      const scored = { ...c, set: unique, dangling: DANGLING.test(c.text), maxSim: 0, picked: false, compressed, length: compressed.split(/\s+/).length, facts: factTerms(c.text), relevance, region: Math.min(REGIONS - 1, Math.floor((REGIONS * c.position) / Math.max(1, list.length))) };
      const prev = all.at(-1);
      if (prev && prev.doc === c.doc && prev.position === c.position - 1) (scored as Scored).prev = prev;
      all.push(scored);
      if (!filler(c.text)) pool.push(scored);
    }
  }
  const weight = conceptWeights(pool);
  const chosen: Scored[] = [];
  const covered = new Set<string>();
  const regionsUsed = new Map<string, Set<number>>();
  let words = 0;

  const gain = (c: Scored) => {
    let g = 0;
    for (const t of c.set) if (!covered.has(t)) g += (weight.get(t) ?? 1) * (c.facts.has(t) ? 1.5 : 1);
    return g;
  };
  const eligible = (c: Scored) => !c.dangling || Boolean(c.prev?.picked);
  const take = (c: Scored) => {
    for (const other of pool) other.maxSim = Math.max(other.maxSim, setSimilarity(other.set, c.set));
    chosen.push(c);
    c.picked = true;
    words += c.length;
    for (const t of c.terms) covered.add(t);
    if (!regionsUsed.has(c.doc.id)) regionsUsed.set(c.doc.id, new Set());
    regionsUsed.get(c.doc.id)!.add(c.region);
  };

  while (chosen.length < options.maxBullets) {
    let best: Scored | null = null;
    let bestScore = 0;
    for (const c of pool) {
      if (c.picked) continue;
      // A sentence that leans on the one before it ("This move comes…") brings that one along.
      const lean = eligible(c) ? null : c.prev;
      if (!eligible(c) && (!lean || !eligible(lean) || chosen.length + 2 > options.maxBullets)) continue;
      const length = c.length + (lean?.length ?? 0);
      if (words + length > options.wordBudget) continue;
      if (c.maxSim > 0.5) continue;
      let score = (gain(c) + (lean ? 0.5 * gain(lean) : 0)) / Math.pow(length, 0.8);
      if (queryTerms.size) score *= 0.25 + 1.5 * c.relevance;
      if (!regionsUsed.get(c.doc.id)?.has(c.region)) score *= 1.3;
      // The lead of the top document opens a topic brief: news puts what matters first.
      if (!queryTerms.size && !chosen.length && c.docRank === 0 && c.position === 0) score *= 3;
      score /= 1 + 0.15 * c.docRank;
      if (score > bestScore) { best = c; bestScore = score; }
    }
    if (!best || bestScore < 0.2) break;
    const lean = eligible(best) ? null : best.prev;
    if (lean) {
      lean.relevance = Math.max(lean.relevance, best.relevance);
      take(lean);
    }
    take(best);
  }

  const bullets = chosen.map((c) => ({ text: c.compressed, sources: [c, ...sameEvent(c, pool, chosen)], relevance: c.relevance, c }));
  // Matching sentences lead a free-text brief; otherwise the story's own order.
  bullets.sort((a, b) => (queryTerms.size ? Math.sign(b.relevance - a.relevance) : 0) || a.c.docRank - b.c.docRank || a.c.position - b.c.position);
  return bullets.map(({ text, sources, relevance }) => ({ text, sources, relevance }));
}

/** The same development in other documents: one sentence per document, close in content. */
function sameEvent(c: Scored, pool: readonly Scored[], chosen: readonly Scored[]): Scored[] {
  const out: Scored[] = [];
  for (const other of pool) {
    if (other.doc.id === c.doc.id || out.some((o) => o.doc.id === other.doc.id) || chosen.includes(other)) continue;
    if (setSimilarity(c.set, other.set) >= SAME_EVENT && sharesFact(c, other)) out.push(other);
  }
  return out;
}

function sharesFact(a: Scored, b: Scored): boolean {
  for (const t of a.facts) if (b.facts.has(t)) return true;
  return a.facts.size === 0 && b.facts.size === 0;
}

/** A term's weight: 1 + ln(number of sentences carrying it) — what the documents keep coming back to. */
function conceptWeights(pool: readonly Scored[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const c of pool) for (const t of c.set) df.set(t, (df.get(t) ?? 0) + 1);
  return new Map([...df].map(([t, n]) => [t, 1 + Math.log(n)]));
}

/** Terms of names and numbers: the facts of a sentence. */
function factTerms(sentence: string): Set<string> {
  const out = new Set<string>();
  for (const m of sentence.matchAll(/(?<=\s)\p{Lu}[\p{L}'’.-]*|\d[\d,.]*/gu)) for (const t of terms(m[0])) out.add(t);
  return out;
}
