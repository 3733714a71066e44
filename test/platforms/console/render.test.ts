// Terminal mapping of the reply view: the layout of briefs and answers, styling that survives the
// control-character stripping, `code` marks as colour on a terminal, and only the chat console
// inviting a follow-up.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderReply } from '../../../src/platforms/console/render.ts';
import type { Answer } from '../../../src/engines/engine-types.ts';
import { WORDING } from '../../../src/replies/wording.ts';
import { realisticBrief } from '../slack/helpers.ts';

const ESC = '\x1b';

describe('console render', () => {
  it('keeps the escape byte of a bold heading on a terminal', () => {
    const out = renderReply({ kind: 'text', title: 'Topics', text: 'one' }, { color: true });
    assert.ok(out.startsWith(`${ESC}[1mTopics${ESC}[0m\n`), JSON.stringify(out));
  });

  it('shows `code` in colour on a terminal instead of raw backticks, and keeps them in plain text', () => {
    const reply = { kind: 'text' as const, text: 'Brief one with `/brief us-russia`.' };
    const styled = renderReply(reply, { color: true });
    assert.ok(!styled.includes('`'), JSON.stringify(styled));
    assert.ok(styled.includes(`${ESC}[36m/brief us-russia${ESC}[39m`), JSON.stringify(styled));
    assert.equal(renderReply(reply), 'Brief one with `/brief us-russia`.');
  });

  it('still strips control characters coming from documents and titles', () => {
    const out = renderReply({ kind: 'text', title: `Top${ESC}]0;pwned\x07ics`, text: `a${ESC}[2Jb \`x${ESC}c\`` }, { color: true });
    assert.ok(!out.includes(`${ESC}]`) && !out.includes(`${ESC}[2J`) && !out.includes(`${ESC}c`) && !out.includes('\x07'), JSON.stringify(out));
  });

  it('ends a brief with the follow-up hint only when asked (the chat console, not a one-shot)', () => {
    const brief = realisticBrief();
    assert.match(renderReply({ kind: 'brief', brief }, { followUpHint: true }), /Type a question to follow up on this brief\.$/);
    assert.doesNotMatch(renderReply({ kind: 'brief', brief }), /follow up/);
  });

  it('lays a brief out as headline, bullets, key quotes, sources with passages, and one dim facts line', () => {
    const out = renderReply({ kind: 'brief', brief: realisticBrief({ notes: ['cached'] }), title: 'Daily digest' });
    assert.equal(out, [
      'Daily digest',
      '',
      'US and Russia agree to resume talks in Istanbul next week',
      '',
      '  • Delegations will meet in Istanbul on Thursday to discuss embassy staffing. [1]',
      '  • The Kremlin said a prisoner exchange is not on the agenda. [2]',
      '  • Both sides called the previous round "constructive" & businesslike. [1][2]',
      '',
      'Key quotes',
      '  “We are not discussing any exchanges at this stage”',
      '     — Dmitry Peskov, Kremlin spokesman [2]',
      '  “This is a first step, not a breakthrough”',
      '     — Marco Rubio, US Secretary of State [1]',
      '',
      'Sources',
      '  [1] US and Russia agree to new round of talks — seeds/us-russia-talks.md (passage a1b2c3.0)',
      '  [2] Kremlin: prisoner swap "not on the agenda" — seeds/kremlin-briefing.md (passage d4e5f6.2)',
      '',
      'Engine: offline · Generated 2025-03-02 09:30 UTC · cached',
    ].join('\n'));
  });

  it('an uncited bullet ends with its text, and an empty brief says the shared sentences', () => {
    const out = renderReply({ kind: 'brief', brief: realisticBrief({ bullets: [{ text: 'Loose.', citations: [] }], quotes: [], sources: [] }) });
    assert.ok(out.includes('  • Loose.\n'), JSON.stringify(out));
    const empty = renderReply({ kind: 'brief', brief: realisticBrief({ bullets: [], quotes: [], sources: [] }) });
    assert.ok(empty.includes(`  ${WORDING.emptyBrief}\n`) && empty.includes(`  ${WORDING.noSources}\n`), JSON.stringify(empty));
  });

  it('an answer shows its marks and sources; a not-found one the shared sentence and neither', () => {
    const cite = { docId: 'd1', passageId: 'd1.4', title: 'Kremlin', path: 'seeds/k.md' };
    const answer: Answer = { question: 'q', answer: 'Peskov said no.', found: true, citations: [cite], engine: 'offline', notes: ['cached'] };
    assert.equal(renderReply({ kind: 'answer', answer }), 'Peskov said no. [1]\n  [1] Kremlin — seeds/k.md (passage d1.4)\ncached');
    assert.equal(renderReply({ kind: 'answer', answer: { ...answer, found: false, answer: '', notes: [] } }), WORDING.notFound);
  });

  it('strips control characters from every part of a brief and an answer', () => {
    const dirty = `x${ESC}[2J\x07${ESC}]0;t\x9b`;
    const brief = realisticBrief({
      headline: dirty,
      bullets: [{ text: dirty, citations: [] }],
      quotes: [{ text: dirty, speaker: dirty, role: dirty, citation: { docId: 'z', passageId: dirty, title: dirty, path: dirty } }],
      sources: [{ docId: 'z', title: dirty, path: dirty, date: null }],
      notes: [dirty],
      engine: dirty,
    });
    const answer: Answer = { question: dirty, answer: dirty, found: true, citations: [{ docId: 'z', passageId: dirty, title: dirty, path: dirty }], engine: dirty, notes: [dirty] };
    for (const out of [renderReply({ kind: 'brief', brief, title: dirty }, { color: true }), renderReply({ kind: 'answer', answer })]) {
      const withoutStyling = out.replace(/\x1b\[[0-9;]*m/g, '');
      assert.doesNotMatch(withoutStyling, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/, JSON.stringify(out));
    }
  });
});
