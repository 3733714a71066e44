// One wording and one numbering on every platform: the same reply says the same sentences and
// shows the same `[n]` marks on Slack, Discord and the console.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Reply } from '../../commands/command-types.ts';
import { renderReply as consoleReply } from '../../src/platforms/console/render.ts';
import { renderReply as discordReply } from '../../src/platforms/discord/render.ts';
import { renderReply as slackReply, THREAD_HINT } from '../../src/platforms/slack/render.ts';
import { WORDING } from '../../src/replies/wording.ts';
import { answer, brief, emptyBrief } from './fixtures.ts';

/** Each platform's output as one searchable string. */
function everywhere(reply: Reply): Record<'slack' | 'discord' | 'console', string> {
  return { slack: JSON.stringify(slackReply(reply)), discord: JSON.stringify(discordReply(reply)), console: consoleReply(reply) };
}

describe('one wording', () => {
  it('an empty brief says the same on Slack, Discord and the console', () => {
    for (const [platform, out] of Object.entries(everywhere({ kind: 'brief', brief: emptyBrief() }))) {
      assert.ok(out.includes(WORDING.emptyBrief), `${platform}: ${out}`);
    }
  });

  it('a not-found answer without words of its own says the one not-found sentence', () => {
    for (const [platform, out] of Object.entries(everywhere({ kind: 'answer', answer: answer({ found: false, answer: '' }) }))) {
      assert.ok(out.includes(WORDING.notFound), `${platform}: ${out}`);
    }
  });

  it('names the engine and the newest source in the same words', () => {
    const out = everywhere({ kind: 'brief', brief: brief() });
    for (const [platform, text] of Object.entries(out)) assert.ok(text.includes(WORDING.engine('offline')), `${platform}: engine`);
    for (const platform of ['slack', 'discord'] as const) assert.ok(out[platform].includes(WORDING.newestSource('2025-03-02')), `${platform}: newest`);
    assert.doesNotMatch(out.console, /engine: offline|generated \d/, 'no lower-case variant left');
    assert.doesNotMatch(out.discord, /newest source/, 'no lower-case variant left');
  });

  it('heads quotes and sources alike where a platform heads them', () => {
    const out = everywhere({ kind: 'brief', brief: brief() });
    assert.ok(out.slack.includes(`*${WORDING.keyQuotes}*`) && out.console.includes(`\n${WORDING.keyQuotes}\n`));
    assert.ok(out.slack.includes(`*${WORDING.sources}*`) && out.console.includes(`\n${WORDING.sources}\n`));
    assert.ok(JSON.stringify(discordReply({ kind: 'answer', answer: answer() })).includes(`"name":"${WORDING.sources}"`));
  });

  it('invites follow-ups in the shared words', () => {
    assert.ok(THREAD_HINT.endsWith(WORDING.threadHint));
    assert.ok(consoleReply({ kind: 'brief', brief: brief() }, { followUpHint: true }).endsWith(WORDING.consoleFollowUp));
  });

  it('apologises in one sentence, with the incident when there is one', () => {
    assert.equal(WORDING.failed(), 'Sorry, something went wrong. Please try again.');
    assert.equal(WORDING.failed('ab12'), 'Sorry, something went wrong (incident ab12). Please try again.');
  });
});

describe('one numbering', () => {
  it('marks a bullet, a quote and an answer with the same [n] everywhere', () => {
    for (const [platform, out] of Object.entries(everywhere({ kind: 'brief', brief: brief() }))) {
      assert.ok(out.includes('The Kremlin said a prisoner exchange is not on the agenda. [2]'), `${platform} bullet`);
      assert.ok(/businesslike\. \[1\]\[2\]/.test(out), `${platform} bullet with two sources`);
      assert.match(out, /We are not discussing any exchanges”[^[]*\[2\]/, `${platform} quote`);
    }
    for (const [platform, out] of Object.entries(everywhere({ kind: 'answer', answer: answer() }))) {
      assert.ok(out.includes('Peskov said no exchange is planned. [1][2]'), `${platform} answer`);
    }
  });

  it('shows no marks on a not-found answer on any platform', () => {
    for (const [platform, out] of Object.entries(everywhere({ kind: 'answer', answer: answer({ found: false, answer: 'Nothing on that.' }) }))) {
      assert.ok(out.includes('Nothing on that.') && !/\[\d\]/.test(out), `${platform}: ${out}`);
    }
  });
});
