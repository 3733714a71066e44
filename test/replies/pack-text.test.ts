// The one packer behind Slack sections, Discord embeds and content: whole lines per chunk,
// free text split at the best boundary, nothing split inside a surrogate pair.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keepSurrogates, packLines, splitText, truncatePlain } from '../../src/replies/pack-text.ts';
import type { Brief } from '../../src/engines/engine-types.ts';
import { renderBrief as slackBrief } from '../../src/platforms/slack/render.ts';
import { renderBrief as discordBrief } from '../../src/platforms/discord/render.ts';
import { renderReply as consoleReply } from '../../src/platforms/console/render.ts';
import { WORDING } from '../../src/replies/wording.ts';

describe('packLines', () => {
  it('keeps lines whole and every chunk within the limit', () => {
    const lines = Array.from({ length: 50 }, (_, i) => `• bullet ${i} ${'x'.repeat(i % 7 * 10)}`);
    const chunks = packLines(lines, 200);
    assert.ok(chunks.length > 1);
    for (const c of chunks) assert.ok(c.length <= 200, `${c.length}`);
    assert.deepEqual(chunks.join('\n').split('\n'), lines, 'no line split, none lost, order kept');
  });

  it('shortens a line longer than the limit with the given truncation', () => {
    const [only] = packLines(['y'.repeat(500)], 100);
    assert.equal(only.length, 100);
    assert.ok(only.endsWith('…'));
    assert.deepEqual(packLines(['abcdef'], 3, { truncate: (l, max) => l.slice(0, max) }), ['abc']);
  });
});

describe('splitText', () => {
  it('cuts at sentence boundaries when it can', () => {
    const text = Array.from({ length: 40 }, (_, i) => `Sentence ${i} ends here.`).join(' ');
    const chunks = splitText(text, 120);
    for (const c of chunks) {
      assert.ok(c.length <= 120);
      assert.match(c, /here\.$/);
    }
    assert.equal(chunks.join(' '), text);
  });

  it('hard-cuts text without boundaries, never inside a surrogate pair', () => {
    const text = '😀'.repeat(100);
    const chunks = splitText(text, 51);
    for (const c of chunks) assert.ok(!/[\ud800-\udbff]$/.test(c) && !/^[\udc00-\udfff]/.test(c));
    assert.equal(chunks.join(''), text);
    assert.equal(keepSurrogates('a😀', 2), 1);
    assert.equal(truncatePlain('😀😀', 3), '😀…');
  });
});

describe('one wording', () => {
  it('an empty brief says the same on Slack, Discord and the console', () => {
    const empty: Brief = { query: 'x', topic: null, headline: 'Nothing', bullets: [], quotes: [], entities: { people: [], organizations: [], places: [] }, sources: [], engine: 'offline', notes: [] };
    const slack = JSON.stringify(slackBrief(empty));
    const discord = JSON.stringify(discordBrief(empty));
    assert.ok(slack.includes(WORDING.emptyBrief), slack);
    assert.ok(discord.includes(WORDING.emptyBrief), discord);
    assert.ok(consoleReply({ kind: 'brief', brief: empty }).includes(WORDING.emptyBrief));
  });
});

describe('discord text through the shared packer', () => {
  it('keeps the blank line between paragraphs of a titled text reply', async () => {
    const { renderText } = await import('../../src/platforms/discord/render.ts');
    const [message] = renderText('First paragraph.\n\nSecond paragraph.', 'Help');
    assert.equal(message.embeds?.[0]?.description, 'First paragraph.\n\nSecond paragraph.');
  });
});
