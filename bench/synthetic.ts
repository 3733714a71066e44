// Deterministic synthetic news articles for benchmarks: realistic length (~3 KB), paragraphs,
// names, places and attributed quotes, so parsing, indexing and briefing do real work.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUBJECTS = ['The government', 'Officials in Berlin', 'The central bank', 'Negotiators', 'The ministry', 'Analysts', 'The company', 'Lawmakers', 'Regulators', 'The delegation'];
const VERBS = ['announced', 'rejected', 'approved', 'postponed', 'expanded', 'questioned', 'welcomed', 'criticised', 'reviewed', 'finalised'];
const OBJECTS = ['a new trade agreement', 'the energy pipeline project', 'sanctions on steel imports', 'a ceasefire proposal', 'the interest rate decision', 'plans for a summit', 'the climate package', 'a rare earth mining deal', 'the budget for next year', 'talks on grain exports'];
const PLACES = ['Riyadh', 'Geneva', 'Brussels', 'Ankara', 'Nairobi', 'Jakarta', 'Lima', 'Oslo', 'Hanoi', 'Warsaw', 'Doha', 'Vienna'];
const TOPICS = ['energy', 'trade', 'security', 'climate', 'finance', 'shipping', 'agriculture', 'technology', 'health', 'mining'];
const PEOPLE = [['Anna Keller', 'finance minister'], ['Omar Haddad', 'trade envoy'], ['Li Wen', 'central bank governor'], ['Maria Santos', 'foreign minister'], ['Jonas Berg', 'energy commissioner'], ['Fatima Diallo', 'union leader']];
const FILLER = ['Observers said the move could reshape regional markets within months.', 'The decision followed weeks of intense negotiations behind closed doors.', 'Critics warned that smaller partners could be left out of the arrangement.', 'Markets reacted cautiously, with prices moving only slightly on the news.', 'A second round of meetings is expected before the end of the quarter.', 'Details of the financing have not yet been made public.'];

export function article(i: number, random: () => number): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const topic = TOPICS[i % TOPICS.length];
  const place = pick(PLACES);
  const paragraphs: string[] = [];
  paragraphs.push(`${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)} in ${place} on ${topic} policy, article ${i}. The announcement came after a meeting of senior officials in ${place}. ${pick(FILLER)}`);
  for (let p = 0; p < 6; p++) {
    const sentences = Array.from({ length: 3 + Math.floor(random() * 3) }, () => `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)} in ${pick(PLACES)}. ${pick(FILLER)}`);
    paragraphs.push(sentences.join(' '));
    if (p === 2) {
      const [name, role] = pick(PEOPLE);
      paragraphs.push(`"We ${pick(VERBS)} ${pick(OBJECTS)} because the ${topic} sector needs certainty," said ${name}, the ${role}.`);
    }
  }
  return paragraphs.join('\n\n');
}

/** Writes `count` articles into `dir`; returns total bytes. */
export function writeArticles(dir: string, count: number, seed = 42): number {
  mkdirSync(dir, { recursive: true });
  const random = rng(seed);
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const text = article(i, random);
    bytes += Buffer.byteLength(text);
    writeFileSync(path.join(dir, `article-${String(i).padStart(5, '0')}.txt`), text);
  }
  return bytes;
}
