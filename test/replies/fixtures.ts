// Briefs and answers for the reply tests: two sources, cited bullets, attributed quotes.
import type { Answer, Brief, BriefBullet } from '../../src/engines/engine-types.ts';
import type { Citation } from '../../src/retrieval/retrieval-types.ts';

export const talks: Citation = { docId: 'a1', passageId: 'a1.0', title: 'US and Russia agree to new round of talks', path: 'seeds/us-russia-talks.md' };
export const kremlin: Citation = { docId: 'b2', passageId: 'b2.2', title: 'Kremlin: prisoner swap "not on the agenda"', path: 'seeds/kremlin-briefing.md' };

export const cite = (n: number): Citation => ({ docId: `doc${n}`, passageId: `doc${n}.0`, title: `Title ${n}`, path: `seeds/doc${n}.md` });

export function brief(overrides: Partial<Brief> = {}): Brief {
  return {
    query: 'us-russia',
    topic: { slug: 'us-russia', title: 'US–Russia relations' },
    headline: 'US and Russia agree to resume talks',
    bullets: [
      { text: 'Delegations will meet in Istanbul on Thursday.', citations: [talks] },
      { text: 'The Kremlin said a prisoner exchange is not on the agenda.', citations: [kremlin, kremlin] },
      { text: 'Both sides called the last round "constructive" & businesslike.', citations: [kremlin, talks] },
    ],
    quotes: [
      { text: 'We are not discussing any exchanges', speaker: 'Dmitry Peskov', role: 'Kremlin spokesman', citation: kremlin },
      { text: 'A first step', speaker: 'Marco Rubio', role: null, citation: talks },
    ],
    entities: { people: [], organizations: [], places: [] },
    sources: [
      { docId: talks.docId, title: talks.title, path: talks.path, date: '2025-03-01' },
      { docId: kremlin.docId, title: kremlin.title, path: kremlin.path, date: '2025-03-02T10:00:00Z' },
    ],
    engine: 'offline',
    notes: [],
    generatedAt: '2025-03-02T09:30:00.000Z',
    ...overrides,
  };
}

export function emptyBrief(): Brief {
  return brief({ headline: 'Nothing', bullets: [], quotes: [], sources: [], generatedAt: undefined });
}

/** `count` bullets of about `chars` characters, each citing one of seven sources. */
export function longBrief(count: number, chars: number): Brief {
  const bullets: BriefBullet[] = Array.from({ length: count }, (_, i) => ({
    text: `Bullet ${i} ${'x'.repeat(Math.max(0, chars - 12))} end${i}.`,
    citations: [cite(i % 7)],
  }));
  const sources = Array.from({ length: 7 }, (_, i) => ({ docId: `doc${i}`, title: `Title ${i}`, path: `seeds/doc${i}.md`, date: `2025-03-0${i + 1}` }));
  return brief({ bullets, quotes: [], sources });
}

export function answer(overrides: Partial<Answer> = {}): Answer {
  return { question: 'What did Peskov say?', answer: 'Peskov said no exchange is planned.', found: true, citations: [kremlin, kremlin, talks], engine: 'offline', notes: ['cached'], ...overrides };
}
