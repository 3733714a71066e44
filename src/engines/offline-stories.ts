// The offline engine in story mode: one bullet per story, its lead fact as the representative
// report states it, citing every independent report of the story.
import { citationOf } from '../core/citations.ts';
import type { BriefBullet, BriefLength } from './engine-types.ts';
import { storyBullet, storyReports, type StoryPlan } from '../stories/story-brief.ts';
import { compressSentence } from './offline-compress.ts';
import type { CoveredBullet } from './offline-coverage.ts';
import { clip, selectSentences } from './offline-summarize.ts';

/** A story per bullet: a short brief leads with the top three, longer ones go further down. */
const STORIES: Record<BriefLength, number> = { short: 3, standard: 8, detailed: 12 };
const MAX_WORDS = 30;

export function storyModeBullets(plan: StoryPlan, length: BriefLength, query: string | undefined): { picked: CoveredBullet[]; bullets: BriefBullet[] } {
  const picked: CoveredBullet[] = [];
  const bullets: BriefBullet[] = [];
  for (const story of plan.stories) {
    if (bullets.length >= STORIES[length]) break;
    const [lead] = storyReports(story);
    const [sentence] = selectSentences([lead], { count: 1, query, maxWords: 40 });
    if (!sentence) continue;
    const text = clip(compressSentence(sentence.text), MAX_WORDS);
    picked.push({ text, sources: [sentence], relevance: 0 });
    bullets.push(storyBullet({ text, citations: [citationOf(lead, sentence.passage)] }, story));
  }
  return { picked, bullets };
}
