import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { conversationIdFor, mentions, parseConversationId, plainTextFromSlack, readMessageEvent, userIdFor } from '../../../src/platforms/slack/parse.ts';

describe('slack parse', () => {
  it('builds and parses platform-prefixed conversation ids', () => {
    assert.equal(conversationIdFor('C1'), 'slack:C1');
    assert.equal(conversationIdFor('C1', '1712345678.000100'), 'slack:C1:1712345678.000100');
    assert.deepEqual(parseConversationId('slack:C1'), { channel: 'C1', threadTs: null });
    assert.deepEqual(parseConversationId('slack:G01AB:1712345678.000100'), { channel: 'G01AB', threadTs: '1712345678.000100' });
    assert.throws(() => parseConversationId('discord:1:2'), /Not a Slack conversation id/);
    assert.throws(() => parseConversationId('slack:C1:notats'), /Not a Slack conversation id/);
    assert.equal(userIdFor('U1'), 'slack:U1');
  });

  it('turns Slack markup into plain text and drops the bot mention', () => {
    assert.equal(plainTextFromSlack('<@UBOT> what did Peskov say?', 'UBOT'), 'what did Peskov say?');
    assert.equal(plainTextFromSlack('<@UBOT|briefbot> hi', 'UBOT'), 'hi');
    assert.equal(plainTextFromSlack('ask <@U2|ada> in <#C9|general> about <https://x.test|this> and <https://y.test>'), 'ask @ada in #general about this and https://y.test');
    assert.equal(plainTextFromSlack('<!here> &lt;b&gt; &amp; co'), '@here <b> & co');
    assert.equal(plainTextFromSlack('<!subteam^S1|@ops> x'), '@ops x');
    assert.equal(plainTextFromSlack('  us-russia   --length short  '), 'us-russia --length short');
  });

  it('detects mentions of a user', () => {
    assert.ok(mentions('hey <@UBOT>', 'UBOT'));
    assert.ok(mentions('hey <@UBOT|bot>', 'UBOT'));
    assert.ok(!mentions('hey <@UBOTX>', 'UBOT'));
    assert.ok(!mentions('hey', undefined));
  });

  it('accepts people’s new messages and rejects bots, itself, edits and system subtypes', () => {
    const self = { botUserId: 'UBOT', botId: 'BBOT' };
    const base = { type: 'message', channel: 'C1', user: 'U1', text: 'hi', ts: '2.1', thread_ts: '1.1' };
    assert.deepEqual(readMessageEvent(base, self), { ok: true, message: { channel: 'C1', user: 'U1', text: 'hi', ts: '2.1', threadTs: '1.1' } });
    assert.equal(readMessageEvent({ ...base, subtype: 'thread_broadcast' }, self).ok, true);
    const reasons = [
      readMessageEvent({ ...base, bot_id: 'BBOT', subtype: 'bot_message' }, self),
      readMessageEvent({ ...base, bot_id: 'BBOT' }, self),
      readMessageEvent({ ...base, user: 'UBOT' }, self),
      readMessageEvent({ ...base, bot_id: 'B2' }, self),
      readMessageEvent({ ...base, subtype: 'message_changed' }, self),
      readMessageEvent({ ...base, subtype: 'channel_join' }, self),
      readMessageEvent({ ...base, edited: { user: 'U1', ts: '3' } }, self),
      readMessageEvent({ ...base, channel: undefined }, self),
      readMessageEvent(null, self),
      readMessageEvent('nope', self),
    ].map((v) => (v.ok ? 'ok' : v.reason));
    assert.deepEqual(reasons, ['subtype:bot_message', 'self', 'self', 'bot', 'subtype:message_changed', 'subtype:channel_join', 'edited', 'missing_fields', 'not_an_object', 'not_an_object']);
  });
});
