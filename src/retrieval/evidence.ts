// Which sentences of the retrieved passages answer a question, and how well. BM25 ranks
// passages but cannot say "nothing here"; IDF-weighted coverage of the question's content can,
// and it does not shrink as the corpus grows the way absolute BM25 scores do. A sentence
// passes when the names the question uses are in its passage and it covers enough of the
// content — less is enough when it also holds the kind of thing asked for (a place for
// "where", a number for "how many").
import type { CorpusSnapshot, Passage } from '../corpus/corpus-types.ts';
import type { SearchHit } from './retrieval-types.ts';
import { acronymTerms } from './acronyms.ts';
import { answerCue, futureCue, isTypedQuestion } from './answer-cues.ts';
import type { QuestionInfo } from './question.ts';
import { ROLE_NOUNS } from '../corpus/names.ts';
import { terms } from './terms.ts';

export interface EvidenceSentence {
  hit: SearchHit;
  /** Index of the sentence in its passage. */
  sentence: number;
  text: string;
  /** IDF-weighted share of the question's content terms found (sentence, then passage). */
  coverage: number;
  /** How much the sentence holds the kind of answer asked for (0–1). */
  cue: number;
  /** The question's subject is named in the sentence itself. */
  subjectHere: boolean;
  /** The subject does the saying or feeling here ("the victim had been…"), for say/react/want questions. */
  agent: boolean;
  score: number;
}

export interface EvidenceOptions {
  /** Term weight (IDF over the corpus's documents). */
  weight: (term: string) => number;
  /** For "why": causes are often told in the sentences after the event. */
  snapshot?: CorpusSnapshot;
}

const STRICT = 0.5;
/** For "what happens next" the plan is the answer and the question's words only name the story. */
const CUE_WEIGHT = (type: QuestionInfo['type']) => (type === 'next' ? 0.7 : 0.4);
const WITH_CUE = 0.34;
/** A term found in the passage but not in the sentence counts this much. */
const NEARBY = 0.6;

export function gatherEvidence(q: QuestionInfo, hits: readonly SearchHit[], options: EvidenceOptions): EvidenceSentence[] {
  const out: EvidenceSentence[] = [];
  const total = q.content.reduce((s, t) => s + options.weight(t), 0);
  const agent = agentPattern(q);
  const names = new Set([...q.named, ...q.subjectTerms]);
  // A person named in full once is "Mr Davis" after: for "who is X?" the surname is enough.
  const surname = q.type === 'who-is' && q.subjectTerms.length > 1 ? q.subjectTerms[q.subjectTerms.length - 1] : null;
  // A named subject must be there; a common noun ("the workers") is one more word to cover.
  const namedSubject = /^\p{Lu}/u.test(q.subject ?? '') ? q.subjectTerms : [];
  const required = surname ? [...q.named.filter((t) => !q.subjectTerms.includes(t)), surname] : [...new Set([...q.named, ...namedSubject])];
  // "What happens next in the port dispute?": the dispute is the story, not a word the sentence
  // with the plan must repeat. For these questions the whole document counts as nearby.
  const storyWide = (q.type === 'next' || q.type === 'why') && options.snapshot;
  const docTerms = new Map<string, Set<string>>();
  const storyOf = (docId: string) => {
    let set = docTerms.get(docId);
    if (!set) docTerms.set(docId, (set = termSet(options.snapshot?.getDocument(docId)?.text ?? '')));
    return set;
  };
  hits.forEach((hit, rank) => {
    const passageTerms = termSet(`${hit.citation.title} ${hit.passage.text}`);
    if (storyWide) for (const t of storyOf(hit.passage.docId)) passageTerms.add(t);
    if (!required.every((t) => passageTerms.has(t))) return;
    if (q.type === 'yes-no' && !q.content.every((t) => has(passageTerms, q, t))) return;
    hit.passage.sentences.forEach((s, index) => {
      const text = s.text.trim();
      // A question in the text ("So what are the chances…?") answers nothing.
      if (/\?["”']?$/.test(text)) return;
      const here = termSet(text);
      let covered = 0;
      // A name the passage gave stands behind "the pipeline" or "he" in the sentence; other words must be in it.
      for (const t of q.content) covered += options.weight(t) * (has(here, q, t) ? 1 : has(passageTerms, q, t) ? (names.has(t) ? 1 : NEARBY) : 0);
      const coverage = total > 0 ? covered / total : 0.5;
      const cue = answerCue(q.type, text);
      const ahead = q.future && q.type !== 'next' ? futureCue(text) : 0;
      const subjectHere = q.subjectTerms.length > 0 && q.subjectTerms.every((t) => here.has(t));
      const typed = isTypedQuestion(q.type) && cue > 0;
      if (coverage < STRICT && !(typed && coverage >= WITH_CUE)) return;
      if (total === 0 && !typed && !subjectHere) return;
      const words = text.split(/\s+/).length;
      const acts = agent?.test(text) ? 0.2 : 0;
      const score = coverage + CUE_WEIGHT(q.type) * cue + 0.3 * ahead + acts + (subjectHere ? 0.15 : 0) + 0.1 / (1 + rank) - (words > 45 ? 0.1 : 0) - (words < 5 ? 0.1 : 0);
      out.push({ hit, sentence: index, text, coverage, cue, subjectHere, agent: acts > 0, score });
    });
  });
  if (q.type === 'why' && options.snapshot) out.push(...causesAround(out, options.snapshot, hits));
  return dedupe(out).sort((a, b) => b.score - a.score);
}

const SPEECH_VERBS = String.raw`(?:said|says|told|tells|added|adds|stated|warned|admitted|claimed|argued|insisted|announced|explained|described|called|urged|wrote|tweeted)`;
const AGENT_VERBS: Partial<Record<QuestionInfo['type'], string>> = {
  said: SPEECH_VERBS,
  reaction: String.raw`(?:${SPEECH_VERBS}|had|has|have|was|were|is|are|felt|feels|left|react\w*|respond\w*|welcom\w*|reject\w*|criticis\w*|criticiz\w*|condemn\w*|prais\w*)`,
  wants: String.raw`(?:${SPEECH_VERBS}|want\w*|hope\w*|seek\w*|sought|demand\w*|plan\w*|call\w*|urg\w*|push\w*|envision\w*|aim\w*|propos\w*)`,
};

/**
 * For "what did X say / how did X react / what does X want": X doing the saying or feeling
 * ("the victim had been…", "Rob Dobson, senior economist at Markit, said"), not X as a word in
 * someone else's sentence. A lowercase subject ("the victim") does not match inside a name
 * ("Victim Support"), unless it is a title ("the judge" → "Judge Mary Stacey admitted").
 */
function agentPattern(q: QuestionInfo): RegExp | null {
  const verbs = AGENT_VERBS[q.type];
  if (!q.subject || !verbs) return null;
  const last = q.subject.split(/\s+/).pop()!;
  const head = last.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const named = /^\p{Lu}/u.test(q.subject);
  const title = !named && ROLE_NOUNS.has(last.toLowerCase());
  const flags = named || title ? 'iu' : 'u';
  const guard = named || title ? '' : String.raw`(?<![\p{Lu}][\p{L}]*\s)`;
  const after = title ? String.raw`(?:\s+\p{Lu}[\p{L}'’-]*){0,3}` : named ? '' : String.raw`(?!\s+\p{Lu})`;
  const forward = String.raw`${guard}\b${head}(?:s|es)?\b${after}(?:,[^,;]{1,90},)?(?:\s+\S+){0,2}?\s+${verbs}\b`;
  // `…," said union leader Marta Kovacs`: the verb first, the speaker after.
  const inverted = String.raw`\b(?:said|says|added|explained|continued|wrote)\s+(?:[\p{Ll}-]+\s+){0,3}(?:\p{Lu}[\p{L}'’-]*\s+){0,2}${head}\b(?=\s*(?:[,.;:]|$))`;
  return new RegExp(`${forward}|${inverted}`, flags);
}

/** Sentences that give the cause of an event the question names, from the few sentences around it. */
function causesAround(events: readonly EvidenceSentence[], snapshot: CorpusSnapshot, hits: readonly SearchHit[]): EvidenceSentence[] {
  const out: EvidenceSentence[] = [];
  for (const event of events.filter((e) => e.cue < 1).sort((a, b) => b.score - a.score).slice(0, 3)) {
    const doc = snapshot.getDocument(event.hit.passage.docId);
    if (!doc) continue;
    const flat = doc.passages.flatMap((passage) => passage.sentences.map((s, i) => ({ passage, i, text: s.text.trim() })));
    const at = flat.findIndex((f) => f.passage.id === event.hit.passage.id && f.i === event.sentence);
    for (let j = Math.max(0, at - 4); j <= Math.min(flat.length - 1, at + 6); j++) {
      if (j === at || answerCue('why', flat[j].text) < 1) continue;
      const { passage, i, text } = flat[j];
      // Causes are told after the event more often than before it.
      const distance = j > at ? j - at : 2 * (at - j);
      const hit = hits.find((h) => h.passage.id === passage.id) ?? citedHit(passage, event.hit);
      out.push({ hit, sentence: i, text, coverage: event.coverage, cue: 1, subjectHere: event.subjectHere, agent: false, score: event.score + 0.35 - 0.05 * distance });
    }
  }
  return out;
}

function citedHit(passage: Passage, like: SearchHit): SearchHit {
  return { passage, score: 0, citation: { ...like.citation, passageId: passage.id } };
}

function has(present: ReadonlySet<string>, q: QuestionInfo, term: string): boolean {
  return present.has(term) || (q.alternatives.get(term) ?? []).some((a) => present.has(a));
}

function termSet(text: string): Set<string> {
  const set = new Set(terms(text));
  for (const a of acronymTerms(text)) set.add(a);
  return set;
}

function dedupe(list: EvidenceSentence[]): EvidenceSentence[] {
  const best = new Map<string, EvidenceSentence>();
  for (const e of list) {
    const key = `${e.hit.passage.id}#${e.sentence}`;
    const prev = best.get(key);
    if (!prev || e.score > prev.score) best.set(key, e);
  }
  return [...best.values()];
}
