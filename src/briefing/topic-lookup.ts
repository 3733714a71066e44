// Finding a topic from what a user typed: "did you mean" suggestions and autocomplete.
import type { Topic, TopicRef } from '../corpus/corpus-types.ts';
import { editDistance } from '../core/edit-distance.ts';

/** Slugs close to `input` (typos, partial words), closest first. */
export function suggestTopics(topics: readonly Topic[], input: string): string[] {
  const needle = input.trim().toLowerCase();
  if (!needle) return [];
  const scored = topics.map((t) => {
    const distance = Math.min(editDistance(needle, t.slug), editDistance(needle, t.title.toLowerCase()));
    const contains = t.slug.includes(needle) || needle.includes(t.slug);
    return { slug: t.slug, distance: contains ? Math.min(distance, 1) : distance };
  });
  const limit = Math.max(2, Math.floor(needle.length / 3));
  return scored.filter((s) => s.distance <= limit).sort((a, b) => a.distance - b.distance || a.slug.localeCompare(b.slug)).map((s) => s.slug);
}

/** Topics for autocomplete: slug prefixes first, then slugs or titles containing the text. */
export function completeTopics(topics: readonly Topic[], partial: string, limit: number): TopicRef[] {
  const needle = partial.trim().toLowerCase();
  const rank = (t: Topic) => {
    if (!needle) return 1;
    if (t.slug.startsWith(needle)) return 0;
    if (t.slug.includes(needle) || t.title.toLowerCase().includes(needle)) return 1;
    return 2;
  };
  return topics
    .filter((t) => rank(t) < 2)
    .sort((a, b) => rank(a) - rank(b) || a.slug.localeCompare(b.slug))
    .slice(0, limit)
    .map((t) => ({ slug: t.slug, title: t.title }));
}
