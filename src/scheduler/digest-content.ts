// What one digest says: the documents of the topic that are new or changed since the
// subscription's last successful delivery, briefed; or a one-line "nothing new". Shared by a
// real fire and by `/digest preview`, so a preview is exactly what would be posted now.
import { BriefbotError } from '../core/errors.ts';
import type { Reply, Services } from '../../commands/command-types.ts';
import type { Document } from '../corpus/corpus-types.ts';
import type { Subscription } from './digest-types.ts';
import type { Store } from '../store/store.ts';
import { digestStories, storiesLine } from './digest-stories.ts';
import { digestTitle, formatWallTime } from './describe-schedule.ts';

export interface DigestContent {
  reply: Reply;
  /** The documents the digest covers (to mark seen once it is posted); empty when nothing is new. */
  documents: Document[];
  empty: boolean;
}

export interface BuildDigestOptions {
  scheduledAt: Date;
  late: boolean;
  preview?: boolean;
}

export async function buildDigest(
  deps: { store: Pick<Store, 'getSeenDocuments' | 'lastSuccessfulDelivery'>; services: Pick<Services, 'briefing' | 'topics'> },
  sub: Subscription,
  options: BuildDigestOptions,
): Promise<DigestContent> {
  const { store, services } = deps;
  const topic = services.topics.get(sub.topic);
  if (!topic) throw new BriefbotError('digest_topic_gone', `Topic "${sub.topic}" of digest ${sub.id} no longer exists`);

  const current = services.topics.documentsFor(sub.topic);
  const seen = await store.getSeenDocuments(sub.id);
  // Document ids are content hashes, so a changed file shows up under a new id; the hash check
  // also catches a store that kept an id with different content.
  const documents = current.filter((d) => seen.get(d.id) !== d.hash);
  const last = await store.lastSuccessfulDelivery(sub.id);
  const since = last ? formatWallTime(new Date(last.scheduledAt), sub.timezone) : null;
  const title = `${digestTitle(sub.cron)}: ${topic.title}`;
  const due = formatWallTime(options.scheduledAt, sub.timezone);
  const lateNote = options.late ? `Late: this digest was due ${due} (${sub.timezone}) but the bot was offline then.` : null;
  const previewNote = options.preview ? 'Preview: this is what the digest would post now; nothing was posted or marked as seen.' : null;

  if (!documents.length) {
    const line = since
      ? `Nothing new on ${topic.title} since ${since} (${sub.timezone}).`
      : `Nothing on ${topic.title} yet.`;
    const emptyPreview = options.preview && !sub.postWhenEmpty
      ? 'Preview: with nothing new, this digest would post nothing now (it is skipped).'
      : previewNote;
    const text = [line, lateNote, emptyPreview].filter(Boolean).join('\n');
    return { reply: { kind: 'text', title, text, ...(options.preview ? { ephemeral: true } : {}) }, documents: [], empty: true };
  }

  // Story by story, the most widely covered first: the brief's bullets follow that order.
  const stories = digestStories(documents);
  const brief = await services.briefing.briefDocuments({ slug: topic.slug, title: topic.title }, stories.documents, { length: sub.length });
  // Said only when some story came from several documents; otherwise every document is a story.
  const grouped = stories.stories.length < documents.length ? ` in ${storiesLine(stories.stories)}` : '';
  const count = `${documents.length} new or updated document${documents.length === 1 ? '' : 's'}${grouped}`;
  const header = since ? `${title} — ${count} since ${since} (${sub.timezone}).` : `${title} — first digest: ${count}.`;
  const notes = [lateNote, previewNote, ...brief.notes].filter((n): n is string => Boolean(n));
  return {
    reply: { kind: 'brief', title: header, brief: { ...brief, notes }, ...(options.preview ? { ephemeral: true } : {}) },
    documents,
    empty: false,
  };
}

/** id → hash of the documents a posted digest covered. */
export function seenMap(documents: readonly Document[]): Map<string, string> {
  return new Map(documents.map((d) => [d.id, d.hash]));
}
