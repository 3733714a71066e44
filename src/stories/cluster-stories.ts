// Articles from many outlets → stories: each event once, with the outlets that reported it.
// Syndicated copies (near-duplicate leads) join first and count once; then same-event pairs
// join, strongest first, but two groups merge only when their centroids are close too, so one
// article that mentions two events cannot chain them into one story.
import type { Document } from '../corpus/corpus-types.ts';
import { nearDuplicatePairs } from './near-duplicates.ts';
import { outletKey, outletOf } from './outlet.ts';
import { cosine, sameEventPairs, weightVectors, type Vector } from './same-event.ts';
import { createTermIds, storyFeatures, type StoryFeatures } from './story-features.ts';

export interface StoryMember {
  doc: Document;
  outlet: string;
  /** The id of the report this document is a syndicated copy of; null for an independent report. */
  copyOf: string | null;
}

export interface Story {
  /** The representative document's id (stable for the same articles). */
  id: string;
  /** Input order; copies included, marked by `copyOf`. */
  members: StoryMember[];
  /** Distinct outlets of the independent reports, in input order. */
  outlets: string[];
  /** Outlets that only carried a copy of another outlet's report. */
  syndicatedBy: string[];
  /** Independent reports: syndicated copies collapsed. */
  coverage: number;
  /** The latest date among the members (ISO), null when none has one. */
  latest: string | null;
  /** The report most like the others (the lead of the story). */
  representative: Document;
}

export interface ClusterOptions {
  /** Estimated shingle Jaccard of two leads at which one is a copy of the other (default 0.6). */
  nearDuplicate?: number;
  /** Cosine of title+lead at which two reports sharing a name tell the same event (default 0.3). */
  sameEvent?: number;
  /** Cosine at which they do without a shared name (default 0.55). */
  strongSameEvent?: number;
  /** The part of that cosine carried by words other than names (default 0.08): "Trump" alone is no event. */
  eventWords?: number;
  /** Cosine two groups' centroids need to merge (default 0.2): a guard against chaining. */
  merge?: number;
  /**
   * Cosine every member of one group needs with every member of the other (default 0.1): the
   * guard a roundup of two events cannot get around, being close to both.
   */
  minLink?: number;
  /** Dated articles further apart than this are different events (default 2 days). */
  maxDays?: number;
}

export const DEFAULT_CLUSTER_OPTIONS: Required<ClusterOptions> = { nearDuplicate: 0.6, sameEvent: 0.25, strongSameEvent: 0.55, eventWords: 0.08, merge: 0.2, minLink: 0.1, maxDays: 2 };

interface Group {
  members: number[];
  centroid: Map<number, number>;
  norm: number;
}

export function clusterStories(documents: readonly Document[], options: ClusterOptions = {}): Story[] {
  const o = { ...DEFAULT_CLUSTER_OPTIONS, ...options };
  const termId = createTermIds();
  const features = documents.map((d, i) => storyFeatures(d, i, termId));
  const window = o.maxDays * 86_400_000;
  // Unknown dates neither help nor forbid.
  const allowed = (a: StoryFeatures, b: StoryFeatures) => a.time === null || b.time === null || Math.abs(a.time - b.time) <= window;
  const { vectors, df } = weightVectors(features);

  const copyParent = features.map((_, i) => i);
  const findCopy = (i: number): number => (copyParent[i] === i ? i : (copyParent[i] = findCopy(copyParent[i])));
  const groupOf = features.map((_, i) => i);
  const groups = new Map<number, Group>(vectors.map((v, i) => [i, newGroup(i, v)]));
  const findGroup = (i: number): number => (groupOf[i] === i ? i : (groupOf[i] = findGroup(groupOf[i])));
  const join = (a: number, b: number) => {
    const [keep, gone] = groups.get(a)!.members.length >= groups.get(b)!.members.length ? [a, b] : [b, a];
    absorb(groups.get(keep)!, groups.get(gone)!);
    groups.delete(gone);
    groupOf[gone] = keep;
  };

  for (const [i, j] of nearDuplicatePairs(features, o.nearDuplicate, allowed)) {
    const a = findCopy(i);
    const b = findCopy(j);
    if (a !== b) copyParent[Math.max(a, b)] = Math.min(a, b);
    const ga = findGroup(i);
    const gb = findGroup(j);
    if (ga !== gb) join(ga, gb);
  }
  const pairs = sameEventPairs(features, vectors, df, { threshold: o.sameEvent, strongThreshold: o.strongSameEvent, eventWords: o.eventWords, allowed });
  pairs.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j);
  for (const { i, j } of pairs) {
    const ga = findGroup(i);
    const gb = findGroup(j);
    if (ga === gb) continue;
    const a = groups.get(ga)!;
    const b = groups.get(gb)!;
    if (centroidCosine(a, b) >= o.merge && linked(a, b, vectors, o.minLink) && groupsWithinWindow(a, b, features, allowed)) join(ga, gb);
  }
  // Stable sort over input order: ties keep the order the documents came in.
  const stories = [...groups.values()].sort((x, y) => x.members[0] - y.members[0]).map((g) => toStory(g, features, vectors, findCopy));
  return stories.sort(byCoverageThenRecency);
}

/** More outlets first, then the most recent, then the order the documents came in. */
export function byCoverageThenRecency(a: Story, b: Story): number {
  return b.coverage - a.coverage || (b.latest ?? '').localeCompare(a.latest ?? '');
}

function newGroup(i: number, v: Vector): Group {
  const centroid = new Map<number, number>();
  v.ids.forEach((id, k) => centroid.set(id, v.weights[k]));
  return { members: [i], centroid, norm: 1 };
}

function absorb(into: Group, from: Group): void {
  into.members.push(...from.members);
  into.members.sort((a, b) => a - b);
  for (const [id, w] of from.centroid) into.centroid.set(id, (into.centroid.get(id) ?? 0) + w);
  let norm = 0;
  for (const w of into.centroid.values()) norm += w * w;
  into.norm = Math.sqrt(norm) || 1;
}

function centroidCosine(a: Group, b: Group): number {
  const [small, large] = a.centroid.size <= b.centroid.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [id, w] of small.centroid) dot += w * (large.centroid.get(id) ?? 0);
  return dot / (a.norm * b.norm);
}

function linked(a: Group, b: Group, vectors: readonly Vector[], minLink: number): boolean {
  if (minLink <= 0) return true;
  for (const i of a.members) for (const j of b.members) if (cosine(vectors[i], vectors[j]) < minLink) return false;
  return true;
}

/** Every dated pair across the two groups within the window: a story does not stretch over weeks. */
function groupsWithinWindow(a: Group, b: Group, features: readonly StoryFeatures[], allowed: (x: StoryFeatures, y: StoryFeatures) => boolean): boolean {
  for (const i of a.members) for (const j of b.members) if (!allowed(features[i], features[j])) return false;
  return true;
}

function toStory(group: Group, features: readonly StoryFeatures[], vectors: readonly Vector[], findCopy: (i: number) => number): Story {
  // The first of a set of copies in input order stands for them; the others are its copies.
  const members: StoryMember[] = group.members.map((i) => {
    const root = findCopy(i);
    return { doc: features[i].doc, outlet: outletOf(features[i].doc), copyOf: root === i ? null : features[root].doc.id };
  });
  const reports = group.members.filter((i) => findCopy(i) === i);
  const outlets = distinct(members.filter((m) => m.copyOf === null).map((m) => m.outlet));
  const known = new Set(outlets.map(outletKey));
  const syndicatedBy = distinct(members.filter((m) => m.copyOf !== null && !known.has(outletKey(m.outlet))).map((m) => m.outlet));
  const latest = members.map((m) => m.doc.date).filter((d): d is string => Boolean(d)).sort().at(-1) ?? null;
  let best = reports[0];
  let bestScore = -1;
  for (const i of reports) {
    let score = 0;
    for (const j of reports) if (j !== i) score += cosine(vectors[i], vectors[j]);
    if (score > bestScore + 1e-9) { best = i; bestScore = score; }
  }
  return { id: features[best].doc.id, members, outlets, syndicatedBy, coverage: reports.length, latest, representative: features[best].doc };
}

function distinct(list: readonly string[]): string[] {
  const seen = new Set<string>();
  return list.filter((x) => !seen.has(outletKey(x)) && Boolean(seen.add(outletKey(x))));
}
