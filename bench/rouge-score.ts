// One fixed ROUGE implementation so figures stay comparable: lowercase, tokens [a-z0-9]+, no
// stemming, no stopword removal; F1; multiple references averaged.

export function tokens(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

function ngrams(list: string[], n: number): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i + n <= list.length; i++) {
    const key = list.slice(i, i + n).join(' ');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

function f1(overlap: number, candidate: number, reference: number): number {
  if (!candidate || !reference || !overlap) return 0;
  const p = overlap / candidate;
  const r = overlap / reference;
  return (2 * p * r) / (p + r);
}

export function rougeN(candidate: string, reference: string, n: number): number {
  const c = ngrams(tokens(candidate), n);
  const r = ngrams(tokens(reference), n);
  let overlap = 0;
  for (const [key, count] of c) overlap += Math.min(count, r.get(key) ?? 0);
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  return f1(overlap, total(c), total(r));
}

export function rougeL(candidate: string, reference: string): number {
  const a = tokens(candidate);
  const b = tokens(reference);
  const prev = new Array(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = a[i - 1] === b[j - 1] ? diag + 1 : Math.max(prev[j], prev[j - 1]);
      diag = tmp;
    }
  }
  return f1(prev[b.length], a.length, b.length);
}

export interface RougeScores { r1: number; r2: number; rl: number }

export function rouge(candidate: string, references: readonly string[]): RougeScores {
  const mean = (f: (ref: string) => number) => references.reduce((s, ref) => s + f(ref), 0) / references.length;
  return { r1: mean((r) => rougeN(candidate, r, 1)), r2: mean((r) => rougeN(candidate, r, 2)), rl: mean((r) => rougeL(candidate, r)) };
}

/** ROUGE-1 recall: the share of a reference's words the candidate has (coverage, whatever its length). */
export function rouge1Recall(candidate: string, references: readonly string[]): number {
  const c = ngrams(tokens(candidate), 1);
  const recall = (reference: string) => {
    const r = ngrams(tokens(reference), 1);
    let overlap = 0;
    let total = 0;
    for (const [key, count] of r) { overlap += Math.min(count, c.get(key) ?? 0); total += count; }
    return total ? overlap / total : 0;
  };
  return references.reduce((s, ref) => s + recall(ref), 0) / references.length;
}
