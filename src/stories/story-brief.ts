// How briefs use stories, for both engines. Story mode applies when the documents hold at least
// two stories and at least one of them came from more than one document (several outlets, or
// copies): then a brief gives one bullet per story, citing each independent report once.
// Otherwise — one document, one story, or only distinct stories — a brief is what it was,
// minus syndicated copies, which never count twice.
import { citationOf } from '../core/citations.ts';
import type { Document } from '../corpus/corpus-types.ts';
import type { BriefBullet } from '../engines/engine-types.ts';
import { terms } from '../retrieval/terms.ts';
import { clusterStories, type Story } from './cluster-stories.ts';
import { outletKey } from './outlet.ts';

export interface StoryPlan {
  /** Story mode: one bullet per story. */
  storyMode: boolean;
  /** In the order of the documents they first appear in (the request's relevance order). */
  stories: Story[];
  /** The documents without syndicated copies, in their original order. */
  reports: Document[];
}

export function planStories(documents: readonly Document[]): StoryPlan {
  if (documents.length < 2) return { storyMode: false, stories: [], reports: [...documents] };
  const position = new Map(documents.map((d, i) => [d.id, i]));
  const first = (s: Story) => Math.min(...s.members.map((m) => position.get(m.doc.id)!));
  const stories = clusterStories(documents).sort((a, b) => first(a) - first(b));
  const copies = new Set(stories.flatMap((s) => s.members.filter((m) => m.copyOf !== null).map((m) => m.doc.id)));
  const reports = documents.filter((d) => !copies.has(d.id));
  const storyMode = stories.length >= 2 && stories.some((s) => s.members.length >= 2);
  return { storyMode, stories, reports };
}

/** The independent reports of a story, representative first. */
export function storyReports(story: Story): Document[] {
  const reports = story.members.filter((m) => m.copyOf === null).map((m) => m.doc);
  return [story.representative, ...reports.filter((d) => d.id !== story.representative.id)];
}

/** The passage of `doc` that best carries `text` (shared terms, the lead breaking ties). */
export function bestPassage(doc: Document, text: string): string | null {
  const wanted = new Set(terms(text));
  let best: string | null = doc.passages[0]?.id ?? null;
  let bestScore = 0;
  for (const p of doc.passages.slice(0, 6)) {
    let score = 0;
    for (const t of new Set(terms(p.text))) if (wanted.has(t)) score++;
    if (score > bestScore) { best = p.id; bestScore = score; }
  }
  return best;
}

export interface StoryFixes {
  bullets: BriefBullet[];
  /** Citations removed because they pointed outside their bullet's story. */
  foreignCitations: number;
  /** Bullets removed because an earlier bullet already told their story. */
  repeatedStories: number;
}

/**
 * Holds bullets to the story rules whatever wrote them: each bullet belongs to the story most
 * of its citations point at; citations outside it go; a second bullet on a story goes; and
 * every independent report of the story is cited (its passage closest to the bullet's words).
 */
export function applyStories(bullets: readonly BriefBullet[], stories: readonly Story[], available?: ReadonlySet<string>): StoryFixes {
  const storyOf = new Map<string, Story>();
  for (const s of stories) for (const m of s.members) storyOf.set(m.doc.id, s);
  const told = new Set<Story>();
  const out: BriefBullet[] = [];
  let foreignCitations = 0;
  let repeatedStories = 0;
  for (const bullet of bullets) {
    const story = majorityStory(bullet, storyOf);
    if (!story) {
      out.push(bullet);
      continue;
    }
    if (told.has(story)) {
      repeatedStories++;
      continue;
    }
    told.add(story);
    // A citation of no known document is left for the grounding check to judge and count.
    const own = bullet.citations.filter((c) => !storyOf.has(c.docId) || storyOf.get(c.docId) === story);
    foreignCitations += bullet.citations.length - own.length;
    out.push(storyBullet({ ...bullet, citations: own }, story, available));
  }
  return { bullets: out, foreignCitations, repeatedStories };
}

/**
 * The bullet citing each independent report once, copies replaced by their original, with its
 * story. `available`: the documents that may be cited (those the engine was shown).
 */
export function storyBullet(bullet: BriefBullet, story: Story, available?: ReadonlySet<string>): BriefBullet {
  const copyOf = new Map(story.members.map((m) => [m.doc.id, m.copyOf]));
  const reports = storyReports(story).filter((d) => !available || available.has(d.id));
  const citations = bullet.citations.filter((c) => !copyOf.get(c.docId));
  for (const doc of reports) {
    if (citations.some((c) => c.docId === doc.id)) continue;
    const passage = bestPassage(doc, bullet.text);
    if (passage) citations.push(citationOf(doc, passage));
  }
  // One citation per report: the first the bullet gave.
  const seen = new Set<string>();
  const once = citations.filter((c) => !seen.has(c.docId) && Boolean(seen.add(c.docId)));
  const cited = new Set(once.map((c) => c.docId));
  const outlets: string[] = [];
  for (const { doc, outlet } of story.members) {
    if (cited.has(doc.id) && !outlets.some((o) => outletKey(o) === outletKey(outlet))) outlets.push(outlet);
  }
  return { ...bullet, citations: once, story: { outlets, coverage: story.coverage } };
}

function majorityStory(bullet: BriefBullet, storyOf: ReadonlyMap<string, Story>): Story | undefined {
  const votes = new Map<Story, number>();
  let best: Story | undefined;
  for (const c of bullet.citations) {
    const s = storyOf.get(c.docId);
    if (!s) continue;
    const n = (votes.get(s) ?? 0) + 1;
    votes.set(s, n);
    if (!best || n > votes.get(best)!) best = s;
  }
  return best;
}

/** Story mode (`stories` given): an engine's bullets held to the story rules, with notes on what was fixed. */
export function storyModeBullets(bullets: BriefBullet[], stories: readonly Story[] | undefined, shown: readonly Document[]): { bullets: BriefBullet[]; notes: string[] } {
  if (!stories) return { bullets, notes: [] };
  const fixes = applyStories(bullets, stories, new Set(shown.map((d) => d.id)));
  return { bullets: fixes.bullets, notes: storyNotes(fixes) };
}

/** What the brief's notes say about fixes; empty when there were none. */
export function storyNotes(fixes: StoryFixes): string[] {
  const notes: string[] = [];
  if (fixes.repeatedStories) notes.push(`${fixes.repeatedStories} bullet${fixes.repeatedStories === 1 ? '' : 's'} repeated a story already told and ${fixes.repeatedStories === 1 ? 'was' : 'were'} removed`);
  if (fixes.foreignCitations) notes.push(`${fixes.foreignCitations} citation${fixes.foreignCitations === 1 ? '' : 's'} pointed outside ${fixes.foreignCitations === 1 ? 'its' : 'their'} bullet's story and ${fixes.foreignCitations === 1 ? 'was' : 'were'} removed`);
  return notes;
}
