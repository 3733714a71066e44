// A digest's documents as stories: the most widely covered first, then the most recent, so the
// brief (whose bullets follow the order of its documents) leads with what most outlets ran. The
// header says how many stories there are and how many outlets covered each.
import type { Document } from '../corpus/corpus-types.ts';
import { clusterStories, type Story } from '../stories/cluster-stories.ts';

export interface DigestStories {
  /** The documents, story by story (coverage, then recency), each story's representative first. */
  documents: Document[];
  stories: Story[];
}

const LISTED = 5;

export function digestStories(documents: readonly Document[]): DigestStories {
  const stories = clusterStories(documents);
  const ordered = stories.flatMap((s) => [s.representative, ...s.members.map((m) => m.doc).filter((d) => d.id !== s.representative.id)]);
  return { documents: ordered, stories };
}

/** "3 stories" — with the outlet count of the widely covered ones, for the digest's header. */
export function storiesLine(stories: readonly Story[]): string {
  const count = `${stories.length} stor${stories.length === 1 ? 'y' : 'ies'}`;
  const wide = stories.filter((s) => s.outlets.length >= 2);
  if (!wide.length) return count;
  const listed = wide.slice(0, LISTED).map((s) => `“${oneLine(s.representative.title)}”: ${s.outlets.length} outlets`);
  const more = wide.length > LISTED ? `; ${wide.length - LISTED} more covered by several outlets` : '';
  return `${count} (${listed.join('; ')}${more})`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim() || 'Untitled';
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}
