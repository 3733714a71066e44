// The offline engine's answers: the sentence that answers the kind of question asked (a place
// for "where", a cause for "why", a plan for "what happens next"), a person's own attributed
// words for "what did X say", the role the documents give for "who is X" — or an honest "not
// covered". Words are the documents' own; the only words added are the frame ("X said:").
import type { Quote } from '../corpus/corpus-types.ts';
import type { Citation } from '../retrieval/retrieval-types.ts';
import type { Answer, AnswerRequest } from './engine-types.ts';
import { gatherEvidence, type EvidenceSentence } from '../retrieval/evidence.ts';
import { analyseQuestion, type QuestionInfo } from '../retrieval/question.ts';
import { ROLE_NOUNS } from '../corpus/names.ts';
import { terms } from '../retrieval/terms.ts';
import { findRole } from './offline-roles.ts';
import { presentSentence, speakerLabel } from './offline-present.ts';

export const NOT_FOUND_ANSWER = "The documents don't cover this.";

type Reply = Pick<Answer, 'answer' | 'found' | 'citations'>;

export function offlineAnswer(request: AnswerRequest): Answer {
  const base = { question: request.question, engine: 'offline', notes: [] as string[] };
  const q = request.analysis ?? analyseQuestion(request.question);
  const evidence = request.evidence ?? gatherEvidence(q, request.hits, { weight: () => 1 });
  const quotes = request.quotes ?? [];
  return { ...base, ...(reply(q, evidence, quotes, request) ?? notFound()) };
}

function reply(q: QuestionInfo, evidence: readonly EvidenceSentence[], quotes: readonly Quote[], request: AnswerRequest): Reply | null {
  switch (q.type) {
    case 'said':
      return fromQuotes(q, quotes, request) ?? reported(q, evidence, quotes) ?? notQuoted(q, evidence, quotes);
    case 'reaction':
      return fromQuotes(q, quotes, request) ?? best(evidence, quotes);
    case 'who-is':
      return whoIs(q, evidence, quotes, request) ?? best(evidence, quotes);
    case 'where':
    case 'when':
    case 'quantity':
      return best(evidence.filter((e) => e.cue > 0), quotes) ?? missingFact(q, evidence, quotes);
    default:
      return best(evidence, quotes);
  }
}

const ASKED: Partial<Record<QuestionInfo['type'], string>> = { where: 'where', when: 'when', quantity: 'how many or how much' };

/** The documents speak of it but give no place, date or number: say that, and what they do say. */
function missingFact(q: QuestionInfo, evidence: readonly EvidenceSentence[], quotes: readonly Quote[]): Reply | null {
  const about = evidence[0];
  if (!about) return null;
  return {
    answer: `The documents don't say ${ASKED[q.type]}. What they say: ${presentSentence(about.text, about.hit.passage, quotes)}`,
    found: false,
    citations: citationsOf([about]),
  };
}

function notFound(): Reply {
  return { answer: NOT_FOUND_ANSWER, found: false, citations: [] };
}

/** The best sentence, and a second one when it adds to it. */
function best(evidence: readonly EvidenceSentence[], quotes: readonly Quote[]): Reply | null {
  const top = evidence[0];
  if (!top) return null;
  const covered = new Set(terms(top.text));
  // A second sentence when it covers more of the question, or holds the asked-for thing more surely.
  const second = evidence.find((e) => e !== top && e.score >= 0.8 * top.score && e.hit.passage.docId === top.hit.passage.docId &&
    ((terms(e.text).some((t) => !covered.has(t)) && e.coverage > top.coverage) || e.cue > top.cue));
  const parts = second ? [top, second] : [top];
  return { answer: parts.map((e) => presentSentence(e.text, e.hit.passage, quotes)).join(' '), found: true, citations: citationsOf(parts) };
}

/** "What did X say?" / "How did X react?": X's own attributed words. */
function fromQuotes(q: QuestionInfo, quotes: readonly Quote[], request: AnswerRequest): Reply | null {
  if (!q.subjectTerms.length) return null;
  const hitByDoc = new Map(request.hits.map((h) => [h.passage.docId, h] as const));
  const extra = q.content.filter((t) => !q.subjectTerms.includes(t));
  const matches: Array<{ quote: Quote; citation: Citation; relevance: number }> = [];
  for (const quote of quotes) {
    const hit = hitByDoc.get(quote.docId);
    if (!hit || !quote.speaker || !speaks(quote, q)) continue;
    if (matches.some((m) => m.quote.text === quote.text)) continue;
    const words = new Set(terms(quote.text));
    const relevance = extra.length ? extra.filter((t) => words.has(t)).length / extra.length : 0;
    matches.push({ quote, citation: { ...hit.citation, passageId: quote.passageId }, relevance });
  }
  if (!matches.length) return null;
  // "What did X say about jobs?" puts X's words about jobs first.
  matches.sort((a, b) => b.relevance - a.relevance);
  // One voice per answer: the label names one speaker.
  const shown = matches.filter((m) => m.quote.speaker === matches[0].quote.speaker).slice(0, 2);
  const text = shown.map((m) => `“${m.quote.text}”`).join(' … ');
  return { answer: `${speakerLabel(shown[0].quote)} said: ${text}`, found: true, citations: dedupe(shown.map((m) => m.citation)) };
}

/**
 * The subject is the speaker, or named by the speaker's role: "the EEF" speaks through its chief
 * economist, "the judge" through a Judge. A common noun matches a role only when it names a
 * position: "the victim" is not Victim Support's director.
 */
function speaks(quote: Quote, q: QuestionInfo): boolean {
  if (q.subjectTerms.every((t) => terms(quote.speaker ?? '').includes(t))) return true;
  const role = terms(quote.role ?? '');
  const named = /^\p{Lu}/u.test(q.subject ?? '');
  return q.subjectTerms.every((t) => role.includes(t)) && (named || q.subjectTerms.some((t) => ROLE_NOUNS.has(t)));
}

/** Reported speech: "Judge Stacey admitted the victim had been 'scarred psychologically'". */
function reported(q: QuestionInfo, evidence: readonly EvidenceSentence[], quotes: readonly Quote[]): Reply | null {
  const said = evidence.filter((e) => e.agent && e.cue > 0);
  return said.length ? best(said, quotes) : null;
}

/** X is in the documents but never quoted: say so, then what the documents say about X. */
function notQuoted(q: QuestionInfo, evidence: readonly EvidenceSentence[], quotes: readonly Quote[]): Reply | null {
  const about = evidence.find((e) => e.subjectHere) ?? evidence[0];
  if (!about || !q.subject) return null;
  const who = /^\p{Lu}/u.test(q.subject) ? q.subject : `the ${q.subject}`;
  return {
    answer: `The documents don't quote ${who}. What they say about ${who}: ${presentSentence(about.text, about.hit.passage, quotes)}`,
    found: false,
    citations: citationsOf([about]),
  };
}

/** "Who is X?": the role the documents give X (an attribution, an apposition or a title). */
function whoIs(q: QuestionInfo, evidence: readonly EvidenceSentence[], quotes: readonly Quote[], request: AnswerRequest): Reply | null {
  if (!q.subject) return null;
  const role = findRole(q.subject, q.subjectTerms, quotes, request.hits);
  if (!role) return null;
  return { answer: `${role.name} is ${role.role}.`, found: true, citations: [role.citation] };
}

function citationsOf(list: readonly EvidenceSentence[]): Citation[] {
  return dedupe(list.map((e) => e.hit.citation));
}

function dedupe<T extends { passageId: string }>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((c) => (seen.has(c.passageId) ? false : (seen.add(c.passageId), true)));
}
