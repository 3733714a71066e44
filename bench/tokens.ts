// Tokens and model calls of the openai engine against a naive baseline that sends every
// document in one call, every time. Runs the real SDK against the in-repo fake server (which
// counts tokens with gpt-tokenizer, as the engine does). Prints; asserts nothing.
//
//   node --disable-warning=ExperimentalWarning bench/tokens.ts [N=20] [k=3] [paragraphs=10]
import { createHash } from 'node:crypto';
import OpenAI from 'openai';
import { configSchema } from '../src/config/schema.ts';
import { createManualClock } from '../src/core/clock.ts';
import { silentLogger } from '../src/core/logger.ts';
import type { Document } from '../src/corpus/corpus-types.ts';
import type { Brief, BriefRequest, Engine, Usage } from '../src/engines/engine-types.ts';
import { createOpenAIEngine } from '../src/engines/openai-engine.ts';
import { briefSystemPrompt, briefUserPrompt, passageLine } from '../src/engines/prompts.ts';
import { jsonSchemas } from '../src/engines/schemas.ts';
import { countTokens } from '../src/engines/token-budget.ts';
import { createMemoryStore } from '../src/store/memory-store.ts';
import { extractiveModel, startFakeOpenAI } from '../test/fakes/openai-server.ts';

const N = Number(process.argv[2] ?? 20);
const K = Number(process.argv[3] ?? 3);
const PARAGRAPHS = Number(process.argv[4] ?? 10);

// News-like English sentences (the seed article and its kind), recombined per document so the
// tokenizer sees realistic text.
const SENTENCES = [
  'The United States and Russia are entering a new phase in their relationship, marked by a surprising shift in foreign policy.',
  'Opting to prioritize ties with Moscow over traditional partners, the administration is taking steps that could alter global dynamics.',
  'The move reflects strategic interests, including rare earth reserves and possible collaboration on the Nord Stream 2 gas pipeline.',
  'Officials in Brussels said they had not been consulted before the announcement was made on Tuesday evening.',
  'The Kremlin has specifically noted the rapid pace at which these changes are occurring.',
  'Secretary of State Marco Rubio and Foreign Minister Sergey Lavrov led the first round of talks in Riyadh, Saudi Arabia.',
  'Ukraine was largely sidelined during these discussions, indicating a potential shift in priorities.',
  'Preparations for a summit between the two presidents are being expedited, according to people familiar with the plans.',
  'Kirill Dmitriev, the Kremlin envoy for economic affairs, called for expanded cooperation in energy deals.',
  'Analysts cautioned that the pivot risks alienating Western allies and potentially isolating Europe.',
  'A second round of talks is already being prepared and could take place in another Gulf state.',
  'Energy markets reacted calmly, with benchmark gas prices in Europe rising by less than two percent.',
  'European diplomats met in Paris on Monday to discuss a common response to the negotiations.',
  'The finance ministry said any easing of sanctions would have to be approved by parliament.',
  'Investors in the region are watching closely for signals about the future of frozen assets.',
  'Polls suggest that public opinion on the rapprochement remains sharply divided along party lines.',
  'Military observers reported no change in troop positions along the front line during the week.',
  'The talks are expected to cover prisoner exchanges, shipping in the Black Sea and embassy staffing.',
  'Critics in Congress demanded that the administration brief lawmakers before any agreement is signed.',
  'A spokesperson for the European Commission declined to comment on the details of the proposal.',
  'Several companies have already registered interest in returning to the Russian market if sanctions ease.',
  'The central bank kept interest rates unchanged, citing uncertainty about trade and energy flows.',
  'Humanitarian groups urged negotiators to put the protection of civilians at the top of the agenda.',
  'Officials said a technical working group would meet in Istanbul to prepare the next steps.',
];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function makeDocument(n: number, version = 0): Document {
  const rand = rng(n * 7919 + version * 104729 + 1);
  const paragraphs = Array.from({ length: PARAGRAPHS }, (_, i) => {
    const picks = [0, 1, 2].map(() => SENTENCES[Math.floor(rand() * SENTENCES.length)]!);
    return `${i === 0 ? `Report ${n}${version ? ` (update ${version})` : ''}: ` : ''}${picks.join(' ')}`;
  });
  const text = paragraphs.join('\n\n');
  const hash = createHash('sha256').update(text).digest('hex');
  const id = hash.slice(0, 12);
  return {
    id, hash, path: `seeds/report-${n}.txt`, title: `Report ${n} on US–Russia talks`, date: '2025-03-01', source: 'Bench Wire', url: null,
    topics: ['us-russia'], text,
    passages: paragraphs.map((p, index) => ({ id: `${id}.${index}`, docId: id, index, text: p, sentences: [{ text: p, start: 0 }] })),
    quotes: [],
  };
}

const offline: Engine = {
  name: 'offline',
  async brief(request) {
    return { query: request.query, topic: request.topic, headline: 'offline', bullets: [], quotes: [], entities: { people: [], organizations: [], places: [] }, sources: [], engine: 'offline', notes: [] };
  },
  async answer(request) {
    return { question: request.question, answer: 'offline', found: false, citations: [], engine: 'offline', notes: [] };
  },
};

const fake = await startFakeOpenAI({ handler: extractiveModel });
const defaults = configSchema.parse({}).engine.openai;
const store = createMemoryStore();
const engine = createOpenAIEngine({
  apiKey: 'sk-bench', baseURL: fake.baseURL, ...defaults, maxRetries: 0,
  store, clock: createManualClock('2025-03-01T08:00:00Z'), logger: silentLogger, fallback: offline,
});
const client = new OpenAI({ apiKey: 'sk-bench', baseURL: fake.baseURL, maxRetries: 0 });

const request = (documents: Document[]): BriefRequest => ({ query: 'us-russia', topic: { slug: 'us-russia', title: 'US–Russia relations' }, documents, length: 'standard' });

/** Naive: all documents in one brief call, every time. */
async function naive(documents: Document[]): Promise<Usage> {
  const r = request(documents);
  const completion = await client.chat.completions.create({
    model: defaults.model,
    messages: [{ role: 'system', content: briefSystemPrompt(r.length) }, { role: 'user', content: briefUserPrompt(r) }],
    response_format: { type: 'json_schema', json_schema: { name: 'brief', schema: jsonSchemas.brief, strict: true } },
  });
  return { calls: 1, promptTokens: completion.usage!.prompt_tokens, completionTokens: completion.usage!.completion_tokens };
}

interface Row { scenario: string; engine: Usage; naive: Usage; brief: Brief; requests: ReturnType<typeof fake.chatRequests> }
const rows: Row[] = [];
async function scenario(name: string, documents: Document[]) {
  const before = fake.chatRequests().length;
  const brief = await engine.brief(request(documents));
  const requests = fake.chatRequests().slice(before);
  const calls = requests.length;
  if (brief.engine !== 'openai') throw new Error(`${name}: fell back: ${brief.notes.join(' | ')}`);
  if ((brief.usage?.calls ?? 0) !== calls) throw new Error(`${name}: usage says ${brief.usage?.calls} calls, server saw ${calls}`);
  rows.push({ scenario: name, engine: brief.usage!, naive: await naive(documents), brief, requests });
}

let docs = Array.from({ length: N }, (_, i) => makeDocument(i + 1));
await scenario(`first brief of ${N} documents`, docs);
await scenario('the same brief again', docs);
const changed = docs.map((d, i) => (i >= N - K ? makeDocument(i + 1, 1) : d));
await scenario(`after ${K} of ${N} documents changed`, changed);
const afterRequests = rows[2]!.requests;
docs = changed;
await fake.close();

const fmt = (n: number) => n.toLocaleString('en-US');
const docTokens = (d: Document) => countTokens(d.text);
const inPromptTokens = (d: Document) => d.passages.reduce((s, p) => s + countTokens(passageLine(p)) + 1, 0);
const avg = Math.round(docs.reduce((s, d) => s + docTokens(d), 0) / docs.length);
console.log(`bench/tokens.ts — openai engine vs a naive baseline (all documents in one call, every time)`);
console.log(`fake OpenAI server, real SDK; tokens counted with gpt-tokenizer (o200k_base), server-side schema tokens not included`);
console.log(`N=${N} documents × ${PARAGRAPHS} paragraphs (avg ${fmt(avg)} tokens of text), k=${K}; model ${defaults.model}, briefPromptTokens ${fmt(defaults.briefPromptTokens)}, length standard\n`);
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);
console.log(`${pad('scenario', 34)}${lpad('calls', 6)}${lpad('prompt', 9)}${lpad('compl.', 8)}${lpad('total', 9)}   |${lpad('naive calls', 12)}${lpad('prompt', 9)}${lpad('compl.', 8)}${lpad('total', 9)}`);
for (const r of rows) {
  const t = (u: Usage) => u.promptTokens + u.completionTokens;
  console.log(`${pad(r.scenario, 34)}${lpad(String(r.engine.calls), 6)}${lpad(fmt(r.engine.promptTokens), 9)}${lpad(fmt(r.engine.completionTokens), 8)}${lpad(fmt(t(r.engine)), 9)}   |${lpad(String(r.naive.calls), 12)}${lpad(fmt(r.naive.promptTokens), 9)}${lpad(fmt(r.naive.completionTokens), 8)}${lpad(fmt(t(r.naive)), 9)}`);
}

// Goal 2: the k changed documents cost ≤ 1.1 × their tokens, plus one reduce call.
const changedDocs = changed.slice(N - K);
const mapCalls = afterRequests.filter((r) => r.schema === 'document_notes');
const reduceCalls = afterRequests.filter((r) => r.schema === 'brief');
const tokensOf = (reqs: typeof afterRequests) => {
  let prompt = 0;
  for (const r of reqs) prompt += 3 + (r.body.messages as Array<{ content: string }>).reduce((s, m) => s + 4 + countTokens(m.content), 0);
  return prompt;
};
const mapPrompt = tokensOf(mapCalls);
const reducePrompt = tokensOf(reduceCalls);
const kText = changedDocs.reduce((s, d) => s + docTokens(d), 0);
const kInPrompt = changedDocs.reduce((s, d) => s + inPromptTokens(d), 0);
const engineTotal = rows[2]!.engine.promptTokens + rows[2]!.engine.completionTokens;
const reduceCompletion = countTokens(JSON.stringify(extractiveModel(reduceCalls[0]!).json));
const mapTotal = engineTotal - reducePrompt - reduceCompletion;
const idTokens = changedDocs.reduce((s, d) => s + d.passages.reduce((t, p) => t + countTokens(`[${p.id}] `), 0), 0);
for (const r of rows) {
  for (const note of r.brief.notes.filter((n) => n.includes('left out'))) console.log(`  note on "${r.scenario}": ${note}`);
}
console.log('');
console.log(`goal 1 — repeat makes 0 calls: ${rows[1]!.engine.calls === 0 ? 'met' : 'NOT met'} (${rows[1]!.engine.calls} calls)`);
console.log(`goal 2 — after ${K} changed: ${mapCalls.length} document_notes + ${reduceCalls.length} brief (reduce) call${reduceCalls.length === 1 ? '' : 's'}`);
console.log(`  the ${K} documents: ${fmt(kText)} tokens of text, ${fmt(kInPrompt)} as id-prefixed passage lines`);
if (mapCalls.length) {
  console.log(`  map step: ${fmt(mapPrompt)} prompt tokens = ${(mapPrompt / kInPrompt).toFixed(3)} × their passage lines, ${(mapPrompt / kText).toFixed(3)} × their bare text`);
  console.log(`            ${fmt(mapTotal)} prompt + completion tokens = ${(mapTotal / kInPrompt).toFixed(3)} × their passage lines`);
} else {
  console.log('  all documents fit one brief call: no map step');
}
console.log(`  (passage ids alone: ${fmt(idTokens)} tokens, ${((idTokens / kText) * 100).toFixed(0)}% of the text: hex ids tokenize poorly)`);
console.log(`  reduce call: ${fmt(reducePrompt)} prompt + ${fmt(reduceCompletion)} completion tokens`);
console.log(`  engine total ${fmt(engineTotal)} vs naive ${fmt(rows[2]!.naive.promptTokens + rows[2]!.naive.completionTokens)} tokens`);
