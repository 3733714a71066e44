// Shared pieces for the engine tests: hand-built documents (types.ts shape), a stub fallback
// engine that counts its calls, and engine options pointing at the fake OpenAI server.
import { createHash } from 'node:crypto';
import { createManualClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { CorpusSnapshot, Document } from '../../src/corpus/corpus-types.ts';
import type { Answer, AnswerRequest, Brief, BriefRequest, Engine } from '../../src/engines/engine-types.ts';
import type { SearchHit } from '../../src/retrieval/retrieval-types.ts';
import type { OpenAIEngineOptions } from '../../src/engines/openai-engine.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';

export interface DocSpec {
  title: string;
  paragraphs: string[];
  quotes?: Array<{ text: string; speaker: string | null; role?: string | null; paragraph: number }>;
  date?: string;
}

export function makeDoc(spec: DocSpec): Document {
  const text = spec.paragraphs.join('\n\n');
  const hash = createHash('sha256').update(`${spec.title}\n${text}`).digest('hex');
  const id = hash.slice(0, 10);
  return {
    id,
    hash,
    path: `seeds/${id}.txt`,
    title: spec.title,
    date: spec.date ?? '2025-03-01',
    source: 'Test Wire',
    url: null,
    topics: ['us-russia'],
    text,
    passages: spec.paragraphs.map((p, index) => ({ id: `${id}.${index}`, docId: id, index, text: p, sentences: [{ text: p, start: 0 }] })),
    quotes: (spec.quotes ?? []).map((q) => ({ text: q.text, speaker: q.speaker, role: q.role ?? null, docId: id, passageId: `${id}.${q.paragraph}` })),
  };
}

export function makeSnapshot(documents: readonly Document[]): CorpusSnapshot {
  const docs = new Map(documents.map((d) => [d.id, d]));
  const passages = new Map(documents.flatMap((d) => d.passages.map((p) => [p.id, p] as const)));
  return { version: 1, documents, getDocument: (id) => docs.get(id), getPassage: (id) => passages.get(id) };
}

export function allPassageIds(documents: readonly Document[]): Set<string> {
  return new Set(documents.flatMap((d) => d.passages.map((p) => p.id)));
}

/** From seeds/000_39e2b3da8f387030.txt: a real attributed quote and a sidelined Ukraine. */
export const russiaDoc = makeDoc({
  title: 'US and Russia enter a new phase',
  paragraphs: [
    'The United States and Russia are entering a new phase in their relationship, marked by a surprising shift in foreign policy under President Donald Trump.',
    'The dramatic geopolitical shift initiated by the US administration has drawn global attention. The Kremlin has specifically noted the rapid pace at which these changes are occurring.',
    '“The new (US) administration is rapidly changing all foreign policy configurations. This largely coincides with our vision.” — Dmitry Peskov, Kremlin spokesman',
    'In recent diplomatic developments, US Secretary of State Marco Rubio and Russian Foreign Minister Sergey Lavrov led the first round of talks in Riyadh, Saudi Arabia.',
    '“Trump’s business acumen crushes Biden’s narratives. The attempt to defeat Russia collapsed.” — Kirill Dmitriev, Kremlin\'s key economic envoy',
  ],
  quotes: [
    { text: 'The new (US) administration is rapidly changing all foreign policy configurations. This largely coincides with our vision.', speaker: 'Dmitry Peskov', role: 'Kremlin spokesman', paragraph: 2 },
    { text: 'Trump’s business acumen crushes Biden’s narratives. The attempt to defeat Russia collapsed.', speaker: 'Kirill Dmitriev', role: "Kremlin's key economic envoy", paragraph: 4 },
  ],
});

export const talksDoc = makeDoc({
  title: 'Second round of talks planned',
  paragraphs: [
    'Preparations for a second round of talks are already underway, possibly set to occur in another Gulf state.',
    'The implications of this realignment could be far-reaching, affecting diplomatic ties and global economic structures.',
  ],
});

/** A document long enough that a handful of them overflow a small prompt budget. */
export function longDoc(n: number, paragraphs = 6): Document {
  const words = 'talks sanctions pipeline energy envoy summit ministers delegation treaty ceasefire markets investors'.split(' ');
  return makeDoc({
    title: `Report number ${n}`,
    paragraphs: Array.from({ length: paragraphs }, (_, i) =>
      `Report ${n} paragraph ${i} says ${Array.from({ length: 60 }, (_, k) => words[(n * 7 + i * 3 + k) % words.length]).join(' ')}.`,
    ),
  });
}

export function briefRequest(documents: readonly Document[], overrides: Partial<BriefRequest> = {}): BriefRequest {
  return { query: 'us-russia', topic: { slug: 'us-russia', title: 'US–Russia relations' }, documents, length: 'short', ...overrides };
}

export function hitsFor(doc: Document, indexes: number[]): SearchHit[] {
  return indexes.map((i, rank) => ({
    passage: doc.passages[i]!,
    score: 10 - rank,
    citation: { docId: doc.id, passageId: doc.passages[i]!.id, title: doc.title, path: doc.path },
  }));
}

export interface StubFallback extends Engine {
  briefCalls: number;
  answerCalls: number;
}

/** Stands in for the offline engine: a fixed, recognisable result. */
export function stubFallback(): StubFallback {
  const stub: StubFallback = {
    name: 'offline',
    briefCalls: 0,
    answerCalls: 0,
    async brief(request: BriefRequest): Promise<Brief> {
      stub.briefCalls += 1;
      const first = request.documents[0]?.passages[0];
      return {
        query: request.query,
        topic: request.topic,
        headline: 'Offline headline',
        bullets: first ? [{ text: first.text, citations: [{ docId: first.docId, passageId: first.id, title: request.documents[0]!.title, path: request.documents[0]!.path }] }] : [],
        quotes: [],
        entities: { people: ['Dmitry Peskov'], organizations: ['Kremlin'], places: ['Riyadh'] },
        sources: [],
        engine: 'offline',
        notes: [],
      };
    },
    async answer(request: AnswerRequest): Promise<Answer> {
      stub.answerCalls += 1;
      return { question: request.question, answer: 'Offline answer', found: false, citations: [], engine: 'offline', notes: [] };
    },
  };
  return stub;
}

export function engineOptions(baseURL: string, overrides: Partial<OpenAIEngineOptions> = {}): OpenAIEngineOptions & { fallback: StubFallback } {
  const fallback = (overrides.fallback as StubFallback | undefined) ?? stubFallback();
  return {
    apiKey: 'sk-test-secret-key-123456',
    baseURL,
    model: 'gpt-4.1-mini',
    temperature: 0.2,
    maxOutputTokens: 800,
    timeoutMs: 2_000,
    maxRetries: 0,
    concurrency: 4,
    budgetPerBrief: 32_000,
    budgetPerDay: 2_000_000,
    briefPromptTokens: 6_000,
    store: createMemoryStore(),
    clock: createManualClock('2025-03-01T08:00:00Z'),
    logger: silentLogger,
    ...overrides,
    fallback,
  };
}

/** The content of a `brief` reply citing real passages of russiaDoc. */
export function goodBrief(doc: Document = russiaDoc) {
  return {
    headline: 'US and Russia reset ties as Rubio and Lavrov meet in Riyadh',
    bullets: [
      { text: 'The US is prioritising ties with Russia under Trump.', citations: [doc.passages[0]!.id] },
      { text: 'Rubio and Lavrov led the first round of talks in Riyadh.', citations: [doc.passages[3]!.id] },
    ],
    quotes: [
      { text: 'This largely coincides with our vision.', speaker: 'Dmitry Peskov', citation: doc.passages[2]!.id },
    ],
  };
}
