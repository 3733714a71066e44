// The LLM engine's prompts in story mode: documents (or their notes) grouped under one heading
// per story with its outlets, so the model sees each event once with everyone who reported it,
// and is told to write one bullet per story citing a passage from each outlet.
import type { Document } from '../corpus/corpus-types.ts';
import type { Story } from '../stories/cluster-stories.ts';
import { storyReports } from '../stories/story-brief.ts';

export const STORY_RULE =
  'The material is grouped by story: articles from different outlets about the same event. Write exactly one bullet per story, never two; in it cite one passage from each outlet of that story, and never a passage of another story.';

function heading(story: Story, n: number): string {
  const outlets = story.outlets.map((o) => o.replace(/\s+/g, ' ').trim()).join(', ');
  return `### Story ${n} — reported by ${outlets} (${story.outlets.length} outlet${story.outlets.length === 1 ? '' : 's'})`;
}

/**
 * One block per story holding the blocks of its reports that are present, in story order;
 * documents in no story (none, normally) follow on their own.
 */
export function storyBlocks(stories: readonly Story[], blocks: ReadonlyArray<{ doc: Document; block: string }>): string[] {
  const byDoc = new Map(blocks.map((b) => [b.doc.id, b.block]));
  const out: string[] = [];
  const used = new Set<string>();
  let n = 0;
  for (const story of stories) {
    const present = storyReports(story).filter((d) => byDoc.has(d.id));
    if (!present.length) continue;
    n += 1;
    out.push([heading(story, n), ...present.map((d) => byDoc.get(d.id)!)].join('\n\n'));
    for (const d of present) used.add(d.id);
  }
  for (const b of blocks) if (!used.has(b.doc.id)) out.push(b.block);
  return out;
}
