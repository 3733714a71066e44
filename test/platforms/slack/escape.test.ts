import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defuseBroadcasts, escapeText, truncateEscaped } from '../../../src/platforms/slack/escape.ts';

describe('slack escape', () => {
  it('escapes &, < and > (Slack control sequences become visible text)', () => {
    assert.equal(escapeText('a & b < c > d'), 'a &amp; b &lt; c &gt; d');
    assert.equal(escapeText('<!channel> <!here> <!everyone>'), '&lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt;');
    assert.equal(escapeText('<@U123> <#C123|general> <!subteam^S1|@ops>'), '&lt;@U123&gt; &lt;#C123|general&gt; &lt;!subteam^S1|@ops&gt;');
    assert.equal(escapeText('<https://evil.example|safe>'), '&lt;https://evil.example|safe&gt;');
  });

  it('escapes already-escaped text again (no double-decoding tricks)', () => {
    assert.equal(escapeText('&lt;!channel&gt;'), '&amp;lt;!channel&amp;gt;');
  });

  it('defuses bare @channel, @here and @everyone in any case, and nothing else', () => {
    const zwj = '\u200D';
    assert.equal(defuseBroadcasts('@channel @Here @EVERYONE'), `@${zwj}channel @${zwj}Here @${zwj}EVERYONE`);
    assert.equal(defuseBroadcasts('mail me@here.com'), `mail me@${zwj}here.com`);
    assert.equal(defuseBroadcasts('@channels @heresy @ada'), '@channels @heresy @ada');
    assert.ok(!/@(channel|here|everyone)\b/.test(escapeText('ping @channel now')));
  });

  it('keeps backtick code spans and mrkdwn punctuation intact', () => {
    assert.equal(escapeText('Try `/brief us-russia --length short` *now*'), 'Try `/brief us-russia --length short` *now*');
  });

  it('truncates escaped text without splitting an entity or a surrogate pair', () => {
    assert.equal(truncateEscaped('short', 10), 'short');
    const t = truncateEscaped('abcd&amp;efgh', 7);
    assert.equal(t, 'abcd…');
    assert.ok(t.length <= 7);
    const emoji = truncateEscaped('ab😀cd', 4);
    assert.equal(emoji, 'ab…');
  });
});
