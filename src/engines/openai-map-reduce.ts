import type { Document, Passage } from '../corpus/corpus-types.ts';
import type { BriefRequest } from './engine-types.ts';
import type { Story } from '../stories/cluster-stories.ts';
import { sanitizeNotes } from './openai-convert.ts';
import {
  PROMPT_VERSION,
  briefSystemPrompt,
  briefUserPrompt,
  notesBlock,
  notesSystemPrompt,
  notesUserPrompt,
  passageLine,
  reduceUserPrompt,
  type StoryLayout,
} from './prompts.ts';
import { STORY_RULE, storyBlocks } from './story-prompts.ts';
import type { BriefOutput, NotesOutput, OutputOf, SchemaName } from './schemas.ts';
import type { SingleFlight } from './single-flight.ts';
import { countMessageTokens, countTokens, type PromptMessage } from './token-budget.ts';
import { yieldToEventLoop } from './openai-yield.ts';

// Many documents, few tokens. When all passages fit `briefPromptTokens`, one `brief` call.
// Otherwise map-reduce: one `document_notes` call per document (cached by document hash, model
// and prompt version, so an unchanged document is never read twice), then one `brief` call
// over the notes, whose lines keep the passage ids so the brief can still cite passages.

export interface PlanOptions {
  model: string;
  maxOutputTokens: number;
  briefPromptTokens: number;
  /** Tokens one brief may spend; map-reduce leaves out the least relevant documents beyond it. */
  budgetPerBrief: number;
  readNotes(key: string): Promise<NotesOutput | undefined>;
  /** Story mode: the stories of the request's documents (copies already left out). */
  stories?: readonly Story[];
}

export type BriefPlan =
  | { kind: 'single'; messages: PromptMessage[]; estimate: number }
  | {
      kind: 'map-reduce';
      /** The documents this brief will cover, most relevant first. */
      docs: DocumentPlan[];
      /** Documents left out because their notes would not fit the per-brief budget. */
      skippedForBudget: number;
      total: number;
      estimate: number;
    };

export interface DocumentPlan {
  doc: Document;
  cacheKey: string;
  cached: NotesOutput | undefined;
  /** Passages per `document_notes` call (a very long document takes several). */
  parts: Passage[][];
}

export function notesCacheKey(model: string, doc: Pick<Document, 'hash'>): string {
  return `openai:notes:v${PROMPT_VERSION}:${model}:${doc.hash}`;
}

/** What a notes call is expected to produce; notes are much shorter than their document. */
function expectedNotesTokens(promptTokens: number, maxOutputTokens: number): number {
  return Math.min(maxOutputTokens, 60 + Math.ceil(promptTokens / 4));
}

export async function planBrief(request: BriefRequest, options: PlanOptions): Promise<BriefPlan> {
  const messages: PromptMessage[] = [
    { role: 'system', content: briefSystemPrompt(request.length) },
    { role: 'user', content: briefUserPrompt(request, layoutFor(options.stories)) },
  ];
  await yieldToEventLoop();
  const single = countMessageTokens(messages);
  if (single <= options.briefPromptTokens) return { kind: 'single', messages, estimate: single + options.maxOutputTokens };

  const docs = await Promise.all(
    request.documents.map(async (doc): Promise<DocumentPlan> => {
      const cacheKey = notesCacheKey(options.model, doc);
      const cached = await options.readNotes(cacheKey);
      if (cached) return { doc, cacheKey, cached, parts: [] };
      await yieldToEventLoop();
      return { doc, cacheKey, cached, parts: splitParts(doc, options.briefPromptTokens) };
    }),
  );

  // Cached notes cost only their share of the reduce prompt; a new document costs its notes
  // call(s) too. Most relevant first; whatever would break the per-brief budget is left out
  // (and said so) rather than dropping the whole brief to the fallback: its notes get taken
  // by a later brief, once the others are cached.
  let estimate = countMessageTokens(reduceMessages(request, [], options.stories)) + options.maxOutputTokens;
  const selected: DocumentPlan[] = [];
  let skipped = 0;
  for (const plan of docs) {
    if (!plan.cached) await yieldToEventLoop();
    let cost = 0;
    if (plan.cached) {
      cost = countTokens(notesBlock(plan.doc, plan.cached)) + 2;
    } else {
      plan.parts.forEach((passages, index) => {
        const prompt = countMessageTokens(notesMessages(plan.doc, passages, { index, count: plan.parts.length }));
        const expected = expectedNotesTokens(prompt, options.maxOutputTokens);
        cost += prompt + 2 * expected; // the call, and its notes again in the reduce prompt
      });
    }
    if (estimate + cost > options.budgetPerBrief) {
      skipped += 1;
      continue;
    }
    selected.push(plan);
    estimate += cost;
  }
  return { kind: 'map-reduce', docs: selected, skippedForBudget: skipped, total: docs.length, estimate };
}

function notesMessages(doc: Document, passages: readonly Passage[], part: { index: number; count: number }): PromptMessage[] {
  return [
    { role: 'system', content: notesSystemPrompt() },
    { role: 'user', content: notesUserPrompt(doc, passages, part) },
  ];
}

function reduceMessages(request: BriefRequest, blocks: readonly string[], stories?: readonly Story[]): PromptMessage[] {
  return [
    { role: 'system', content: briefSystemPrompt(request.length) },
    { role: 'user', content: reduceUserPrompt(request, blocks, stories ? STORY_RULE : undefined) },
  ];
}

function layoutFor(stories: readonly Story[] | undefined): StoryLayout | undefined {
  return stories ? { rule: STORY_RULE, blocks: (blocks) => storyBlocks(stories, blocks) } : undefined;
}

/** Consecutive passages grouped so each notes call stays within the prompt budget. */
function splitParts(doc: Document, briefPromptTokens: number): Passage[][] {
  const framing = countMessageTokens(notesMessages(doc, [], { index: 0, count: 2 }));
  const room = Math.max(200, briefPromptTokens - framing);
  const parts: Passage[][] = [];
  let current: Passage[] = [];
  let used = 0;
  for (const passage of doc.passages) {
    const tokens = countTokens(passageLine(passage)) + 1;
    if (current.length && used + tokens > room) {
      parts.push(current);
      current = [];
      used = 0;
    }
    current.push(passage);
    used += tokens;
  }
  if (current.length) parts.push(current);
  return parts.length ? parts : [[]];
}

export type Structured = <N extends SchemaName>(request: {
  schema: N;
  messages: readonly PromptMessage[];
  completionAllowance: number;
  signal?: AbortSignal;
  onProgress?: (partial: string) => void;
}) => Promise<OutputOf<N>>;

export interface MapReduceOptions {
  structured: Structured;
  writeNotes(key: string, notes: NotesOutput): Promise<void>;
  /**
   * Shared by the engine's briefs: a document whose notes another brief is already taking is
   * waited for, not read again (under load, concurrent briefs over overlapping documents made
   * the same notes call up to six times).
   */
  notesFlight?: SingleFlight<NotesOutput>;
  maxOutputTokens: number;
  briefPromptTokens: number;
  signal?: AbortSignal;
  progress?: (partial: string) => void;
  /** Story mode: the reduce step sees notes grouped by story, each story's outlets named. */
  stories?: readonly Story[];
}

export async function runMapReduce(
  request: BriefRequest,
  plan: Extract<BriefPlan, { kind: 'map-reduce' }>,
  options: MapReduceOptions,
): Promise<{ output: BriefOutput; notes: string[]; covered: Document[] }> {
  const pending = plan.docs.filter((d) => !d.cached).length;
  const results = await readAllNotes(plan, options, pending);

  // Most relevant documents first; what does not fit the prompt budget is left out, and said so.
  await yieldToEventLoop();
  const framing = countMessageTokens(reduceMessages(request, [], options.stories));
  const blocks: Array<{ doc: Document; block: string }> = [];
  const covered: Document[] = [];
  let used = framing;
  let omitted = 0;
  for (const { doc, notes } of results) {
    if (!notes.notes.length && !notes.quotes.length) continue;
    const block = notesBlock(doc, notes);
    const tokens = countTokens(block) + 2;
    if (blocks.length && used + tokens > options.briefPromptTokens) {
      omitted += 1;
      continue;
    }
    blocks.push({ doc, block });
    covered.push(doc);
    used += tokens;
  }

  const output = await options.structured({
    schema: 'brief',
    messages: reduceMessages(request, options.stories ? storyBlocks(options.stories, blocks) : blocks.map((b) => b.block), options.stories),
    completionAllowance: options.maxOutputTokens,
    signal: options.signal,
    onProgress: options.progress,
  });

  const reused = plan.docs.length - pending;
  const notes = [
    `Summarised ${plan.docs.length} documents one at a time, then combined them (${reused} document note${reused === 1 ? '' : 's'} reused from the cache)`,
  ];
  if (plan.skippedForBudget) {
    notes.push(`${plan.skippedForBudget} of ${plan.total} documents were left out to stay within the per-brief token budget`);
  }
  if (omitted) notes.push(`${omitted} document${omitted === 1 ? '' : 's'} did not fit in the brief and ${omitted === 1 ? 'was' : 'were'} left out`);
  return { output, notes, covered };
}

/** The map step: notes for every document (cached ones reused), with progress; one failure stops the rest. */
async function readAllNotes(
  plan: Extract<BriefPlan, { kind: 'map-reduce' }>,
  options: MapReduceOptions,
  pending: number,
): Promise<Array<{ doc: Document; notes: NotesOutput }>> {
  // One failed document stops the others: the brief falls back anyway.
  const mapController = new AbortController();
  const mapSignal = options.signal ? AbortSignal.any([options.signal, mapController.signal]) : mapController.signal;
  let done = 0;
  if (pending) options.progress?.(`Reading ${pending} document${pending === 1 ? '' : 's'}…`);
  const read = async (d: (typeof plan.docs)[number], signal: AbortSignal): Promise<NotesOutput> => {
    await yieldToEventLoop();
    const outputs = await Promise.all(
      d.parts.map((passages, index) => {
        const messages = notesMessages(d.doc, passages, { index, count: d.parts.length });
        return options.structured({
          schema: 'document_notes',
          messages,
          completionAllowance: expectedNotesTokens(countMessageTokens(messages), options.maxOutputTokens),
          signal,
        });
      }),
    );
    const result = sanitizeNotes(d.doc, {
      notes: outputs.flatMap((o) => o.notes),
      quotes: outputs.flatMap((o) => o.quotes),
    });
    await options.writeNotes(d.cacheKey, result);
    return result;
  };
  try {
    return await Promise.all(
      plan.docs.map(async (d) => {
        if (d.cached) return { doc: d.doc, notes: d.cached };
        const notes = options.notesFlight
          ? await options.notesFlight.run(d.cacheKey, (flight) => read(d, flight.signal), { signal: mapSignal })
          : await read(d, mapSignal);
        done += 1;
        options.progress?.(`Read ${done} of ${pending} document${pending === 1 ? '' : 's'}…`);
        return { doc: d.doc, notes };
      }),
    );
  } catch (error) {
    mapController.abort();
    throw error;
  }
}
