// Terminal rendering: styling survives the control-character stripping, the bot's `code` marks
// become colour on a terminal, and only the chat console invites a follow-up.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderReply } from '../../../src/platforms/console/render.ts';
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
});
